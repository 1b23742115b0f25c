//! Builds the static AArch64 test programs with `aarch64-linux-gnu-gcc`, only when stale.
//!
//! Programs: `lcase` (every C case file plus the framework and its `main`), `fuzz` and `bench`
//! (one tool file plus the framework's helpers). Objects and programs go to
//! `<target>/oracle/build/`; an object is rebuilt when its source or the header is newer.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::SystemTime;

use super::cases::{files_with_extension, stem, Userspace};
use crate::error::{Error, Result};
use crate::process;

/// The cross compiler for AArch64 Linux.
pub const COMPILER: &str = "aarch64-linux-gnu-gcc";

/// Said after a failed compile or link: where the headers and the static C library come from.
const HINT: &str = "(the cross compiler is Debian's gcc-aarch64-linux-gnu; its headers and static \
                    C library are in libc6-dev-arm64-cross)";

/// Flags for every object: warnings are errors, GNU extensions on.
const COMPILE_FLAGS: [&str; 6] = ["-O2", "-Wall", "-Wextra", "-Werror", "-D_GNU_SOURCE", "-c"];

/// The built programs.
#[derive(Debug, Clone)]
pub struct Programs {
    /// The multi-call case program.
    pub lcase: PathBuf,
    /// The syscall fuzzer.
    pub fuzz: PathBuf,
    /// The benchmark program.
    pub bench: PathBuf,
}

/// One object to compile: its source, its group macro (case files only), its output.
#[derive(Debug, Clone)]
struct Object {
    source: PathBuf,
    group: Option<String>,
    output: PathBuf,
}

/// Modification time, or the epoch when the file is missing.
fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// Whether `output` exists and is at least as new as every input.
fn is_fresh(output: &Path, inputs: &[&Path]) -> bool {
    output.is_file()
        && inputs
            .iter()
            .all(|input| modified(input) <= modified(output))
}

/// The compiler command for one object.
fn compile_command(object: &Object, include: &Path) -> Command {
    let mut command = Command::new(COMPILER);
    command.args(COMPILE_FLAGS).arg("-I").arg(include);
    if let Some(group) = &object.group {
        command.arg(format!("-DLCASE_GROUP=\"{group}\""));
    }
    command.arg(&object.source).arg("-o").arg(&object.output);
    command
}

/// Compiles the stale objects, all at once (the compilers run in parallel).
fn compile(objects: &[Object], userspace: &Userspace) -> Result<()> {
    let header = userspace.include_dir().join("lcase.h");
    let mut running: Vec<(Command, Child)> = Vec::new();
    for object in objects {
        if is_fresh(&object.output, &[&object.source, &header]) {
            continue;
        }
        let mut command = compile_command(object, &userspace.include_dir());
        command.stderr(std::process::Stdio::piped());
        let child = command
            .spawn()
            .map_err(|source| Error::io(format!("cannot start {COMPILER}"), source))?;
        running.push((command, child));
    }
    let mut failures = Vec::new();
    for (command, child) in running {
        let output = child
            .wait_with_output()
            .map_err(|source| Error::io(format!("waiting for {COMPILER}"), source))?;
        if !output.status.success() {
            failures.push(format!(
                "`{}` failed:\n{}",
                process::display(&command),
                process::tail_lines(&String::from_utf8_lossy(&output.stderr), 20)
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Check(format!("{}\n{HINT}", failures.join("\n"))))
    }
}

/// Links `objects` into the static program `output` unless it is newer than all of them.
fn link(objects: &[&Object], output: &Path) -> Result<()> {
    let inputs: Vec<&Path> = objects
        .iter()
        .map(|object| object.output.as_path())
        .collect();
    if is_fresh(output, &inputs) {
        return Ok(());
    }
    let mut command = Command::new(COMPILER);
    command
        .args(["-static", "-O2", "-o"])
        .arg(output)
        .args(&inputs);
    process::run_quietly(&mut command).map_err(|error| Error::Check(format!("{error}\n{HINT}")))
}

/// An object in `build` for `source`, named `<prefix><stem>.o`.
fn object(source: PathBuf, group: Option<String>, build: &Path, prefix: &str) -> Result<Object> {
    let output = build.join(format!("{prefix}{}.o", stem(&source)?));
    Ok(Object {
        source,
        group,
        output,
    })
}

/// Builds the three programs into `build`, compiling and linking only what is stale.
pub fn build_programs(userspace: &Userspace, build: &Path) -> Result<Programs> {
    std::fs::create_dir_all(build)
        .map_err(|source| Error::io(format!("creating {}", build.display()), source))?;
    let mut cases = Vec::new();
    for source in files_with_extension(&userspace.cases_dir(), "c")? {
        let group = stem(&source)?;
        cases.push(object(source, Some(group), build, "case-")?);
    }
    let lib = userspace.lib_dir();
    let output = object(lib.join("output.c"), None, build, "lib-")?;
    let processes = object(lib.join("process.c"), None, build, "lib-")?;
    let main = object(lib.join("main.c"), None, build, "lib-")?;
    let tools = userspace.tools_dir();
    let fuzz = object(tools.join("fuzz.c"), None, build, "tool-")?;
    let bench = object(tools.join("bench.c"), None, build, "tool-")?;
    let mut all = cases.clone();
    all.extend([
        output.clone(),
        processes.clone(),
        main.clone(),
        fuzz.clone(),
        bench.clone(),
    ]);
    compile(&all, userspace)?;
    let programs = Programs {
        lcase: build.join("lcase"),
        fuzz: build.join("fuzz"),
        bench: build.join("bench"),
    };
    let mut lcase_objects: Vec<&Object> = cases.iter().collect();
    lcase_objects.extend([&output, &processes, &main]);
    link(&lcase_objects, &programs.lcase)?;
    link(&[&fuzz, &output, &processes], &programs.fuzz)?;
    link(&[&bench, &output, &processes], &programs.bench)?;
    Ok(programs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tempdir::TempDir;

    #[test]
    fn freshness_follows_modification_times() {
        let directory = TempDir::new("compile-fresh").expect("temp dir");
        let source = directory.path().join("a.c");
        let output = directory.path().join("a.o");
        std::fs::write(&source, "int x;").expect("write");
        assert!(!is_fresh(&output, &[&source]), "missing output is stale");
        std::fs::write(&output, "obj").expect("write");
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let file = std::fs::File::options()
            .write(true)
            .open(&source)
            .expect("open");
        file.set_modified(old).expect("set mtime");
        assert!(is_fresh(&output, &[&source]));
        let file = std::fs::File::options()
            .write(true)
            .open(&output)
            .expect("open");
        file.set_modified(old - std::time::Duration::from_secs(10))
            .expect("set mtime");
        assert!(!is_fresh(&output, &[&source]), "older output is stale");
    }

    #[test]
    fn case_objects_get_their_group_macro() {
        let object = Object {
            source: "/u/cases/pipes.c".into(),
            group: Some("pipes".into()),
            output: "/b/case-pipes.o".into(),
        };
        assert_eq!(
            process::display(&compile_command(&object, Path::new("/u/include"))),
            "aarch64-linux-gnu-gcc -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -c -I /u/include \
             '-DLCASE_GROUP=\"pipes\"' /u/cases/pipes.c -o /b/case-pipes.o"
        );
    }
}
