//! The program file exec opens: `do_open_execat`'s checks, its first bytes, `#!` lines.

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use kernel_core::services::vfs::{File, PathContext, VfsService, WriteDenial};
use kernel_core::Errno;
use loader::args::ExecArgs;
use loader::elf;

/// What exec reads first: one page, enough for a `#!` line (Linux looks at 256 bytes) and, in
/// every executable a linker writes, the ELF header, program headers and `PT_INTERP` path.
const FIRST_READ_BYTES: u64 = mm::uspace::layout::PAGE_BYTES;
/// The longest start of a file exec reads to find headers placed further in (Linux reads them at
/// their offsets; Lichen reads the file up to them, so it refuses absurd offsets with `ENOMEM`).
const MAX_HEADER_BYTES: u64 = 1 << 20;

/// The program file exec found: open (the segments' mappings keep it so), its size, and its
/// first bytes (where the `#!` line or the ELF headers are).
pub(super) struct ProgramFile {
    /// The open file; the mappings of its segments read their pages from it.
    pub(super) file: Arc<dyn File>,
    /// Its size in bytes when exec looked.
    pub(super) size: u64,
    /// Its first bytes: [`FIRST_READ_BYTES`], or more when the headers lie further in.
    pub(super) head: Vec<u8>,
    /// No one may open it for writing while exec reads it and the program runs (`ETXTBSY`).
    pub(super) denial: WriteDenial,
}

impl ProgramFile {
    /// Makes `head` the file's first `length` bytes (fewer if the file is shorter; then `size`
    /// becomes what was read, as the file has shrunk since exec looked).
    fn read_head(&mut self, length: u64) -> Result<(), Errno> {
        let length = length.min(self.size);
        let mut head = vec![0u8; usize::try_from(length).map_err(|_| Errno::ENOMEM)?];
        let mut done = 0;
        while done < head.len() {
            match self.file.read_at(done as i64, &mut head[done..])? {
                0 => break,
                got => done += got,
            }
        }
        head.truncate(done);
        if (done as u64) < length {
            self.size = done as u64;
        }
        self.head = head;
        Ok(())
    }

    /// Reads more of the file while the ELF parser says its headers lie beyond `head`, so that
    /// [`elf::parse_prefix`] on `head` gives its verdict on the file.
    pub(super) fn read_headers(&mut self) -> Result<(), Errno> {
        while let Err(elf::ElfError::PrefixTooShort { needed }) =
            elf::parse_prefix(&self.head, self.size)
        {
            if needed > MAX_HEADER_BYTES {
                log::warn!("exec: ELF headers end at byte {needed:#x}, past the 1 MiB exec reads");
                return Err(Errno::ENOMEM);
            }
            // The parser asks for more than `head` and at most `size`; `read_head` reads it or
            // shrinks `size` to what it got, so each round grows `head` and the loop ends.
            self.read_head(needed)?;
        }
        Ok(())
    }
}

/// Opens `path` for exec as `do_open_execat` does (lookup errors, then `EACCES` unless a
/// regular file it may execute on an exec-allowed mount, then `ETXTBSY` if it is open for
/// writing) and reads its first page.
fn open_program(
    vfs: &dyn VfsService,
    ctx: &PathContext<'_>,
    path: &[u8],
) -> Result<ProgramFile, Errno> {
    let file = vfs.open_exec(ctx, path)?;
    let denial = WriteDenial::take(file.inode())?;
    let size = file.metadata()?.size;
    let mut program = ProgramFile {
        file,
        size,
        head: Vec::new(),
        denial,
    };
    program.read_head(FIRST_READ_BYTES)?;
    Ok(program)
}

/// Opens the program to run, following `#!` lines to their interpreters (rewriting `args` as
/// Linux does, at most five times).
pub(super) fn open_following_scripts(
    vfs: &dyn VfsService,
    ctx: &PathContext<'_>,
    args: &mut ExecArgs,
) -> Result<ProgramFile, Errno> {
    loop {
        args.check_depth().map_err(|e| e.errno())?;
        let program = open_program(vfs, ctx, args.next_path())?;
        match loader::script::parse_shebang(&program.head).map_err(|e| e.errno())? {
            Some(shebang) => args.apply_script(&shebang, false).map_err(|e| e.errno())?,
            None => return Ok(program),
        }
    }
}
