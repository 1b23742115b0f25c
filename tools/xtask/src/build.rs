//! `cargo xtask build`: the kernel ELF for a board, and the raw `Image` QEMU and boot loaders load.

use std::path::PathBuf;
use std::process::Command;

use crate::args::Args;
use crate::error::{Error, Result};
use crate::paths;
use crate::process;

/// The kernel's compilation target.
pub const KERNEL_TARGET: &str = "aarch64-unknown-none-softfloat";

/// The boards Lichen can be built for (each is a `board-<name>` feature of the kernel crate).
pub const BOARDS: [&str; 5] = ["qemu-virt", "rpi4", "kria-kv260", "imx8m", "jetson-nano"];

/// Which kernel to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    /// Board name, one of [`BOARDS`].
    pub board: String,
    /// Release profile (the default) or debug.
    pub release: bool,
    /// Component features of the `lichen` package (e.g. `sched-fifo`); empty for the defaults.
    pub features: Vec<String>,
}

impl BuildOptions {
    /// Reads `--board NAME` and `--debug` from `args`.
    pub fn from_args(args: &mut Args) -> Result<Self> {
        let board = args
            .value("--board")?
            .unwrap_or_else(|| BOARDS[0].to_string());
        if !BOARDS.contains(&board.as_str()) {
            return Err(Error::Usage(format!(
                "unknown board `{board}`; known boards: {}",
                BOARDS.join(", ")
            )));
        }
        let features = args
            .value("--features")?
            .map(|list| list.split(',').map(str::to_owned).collect())
            .unwrap_or_default();
        Ok(BuildOptions {
            board,
            release: !args.flag("--debug"),
            features,
        })
    }

    /// The cargo command that builds the kernel ELF.
    pub fn cargo_command(&self) -> Command {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command.current_dir(paths::workspace_root()).args([
            "build",
            "-p",
            "lichen",
            "--target",
            KERNEL_TARGET,
            "--no-default-features",
            "--features",
        ]);
        let mut features = vec![format!("board-{}", self.board)];
        features.extend(self.features.iter().cloned());
        command.arg(features.join(","));
        if self.release {
            command.arg("--release");
        }
        command
    }

    /// Where cargo puts the ELF: `<target>/aarch64-unknown-none-softfloat/<profile>/lichen`.
    pub fn elf_path(&self) -> PathBuf {
        let profile = if self.release { "release" } else { "debug" };
        paths::target_dir()
            .join(KERNEL_TARGET)
            .join(profile)
            .join("lichen")
    }

    /// The raw image next to the ELF: `Image` for the default board, `Image-<board>` for the
    /// others, with `-<feature>+...` appended for a variant, so that boards and variants built
    /// one after the other do not overwrite each other.
    pub fn image_path(&self) -> PathBuf {
        let mut name = String::from("Image");
        if self.board != BOARDS[0] {
            name.push('-');
            name.push_str(&self.board);
        }
        if !self.features.is_empty() {
            name.push('-');
            name.push_str(&self.features.join("+"));
        }
        self.elf_path().with_file_name(name)
    }
}

/// Builds the kernel ELF and its raw `Image`; returns the `Image` path.
pub fn build(options: &BuildOptions) -> Result<PathBuf> {
    process::run(&mut options.cargo_command())?;
    let elf = options.elf_path();
    let image = options.image_path();
    process::run(
        Command::new("aarch64-linux-gnu-objcopy")
            .args(["-O", "binary"])
            .arg(&elf)
            .arg(&image),
    )?;
    Ok(image)
}

/// `cargo xtask build [--board B] [--debug]`: builds and prints the `Image` path.
pub fn run(mut args: Args) -> Result<()> {
    let options = BuildOptions::from_args(&mut args)?;
    args.finish()?;
    crate::setup::run()?;
    let image = build(&options)?;
    println!("{}", image.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_build_is_release_for_qemu_virt() {
        let options = BuildOptions::from_args(&mut Args::new(Vec::new())).expect("options");
        assert_eq!(options.board, "qemu-virt");
        assert!(options.release);
        let line = process::display(&options.cargo_command());
        assert!(line.ends_with(
            "build -p lichen --target aarch64-unknown-none-softfloat \
             --no-default-features --features board-qemu-virt --release"
        ));
        assert!(options
            .image_path()
            .ends_with("aarch64-unknown-none-softfloat/release/Image"));
    }

    #[test]
    fn debug_and_unknown_boards() {
        let mut args = Args::new(["--debug".to_string()]);
        let options = BuildOptions::from_args(&mut args).expect("options");
        assert!(!options.release);
        assert!(options.elf_path().ends_with("debug/lichen"));
        let mut args = Args::new(["--board".to_string(), "rpi4".to_string()]);
        let options = BuildOptions::from_args(&mut args).expect("options");
        assert!(options.image_path().ends_with("release/Image-rpi4"));
        assert!(process::display(&options.cargo_command()).contains("--features board-rpi4"));
        let mut args = Args::new(["--board".to_string(), "pdp11".to_string()]);
        assert!(matches!(
            BuildOptions::from_args(&mut args),
            Err(Error::Usage(_))
        ));
    }
}
