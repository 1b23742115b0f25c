//! Starting a program: read the ELF headers from the VFS, map its segments from the open file
//! and its stack in a new address space, lay out argv/envp/auxv as Linux does, and drop to EL0
//! in a new thread.

mod program_file;

use crate::memory::bytes_source::BytesSource;
use crate::process::{FsView, Process};
use abi_linux::mm::FileSource;
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::mm::{FileBacking, MapFlags, PageSource, Prot, SpaceLimits, UserSpace};
use kernel_core::services::vfs::{Credentials, File, OpenFlags, PathContext, VfsService};
use kernel_core::sync::IrqSpinLock;
use kernel_core::{Errno, UserAddr};
use loader::args::ExecArgs;
use loader::elf::{self, LoadPlan};
use loader::stack::{build_initial_stack, AuxValues, StackRequest};

/// The initial stack mapping; it grows down on demand up to RLIMIT_STACK.
const INITIAL_STACK_BYTES: u64 = 128 * 1024;
/// The top of the user stack (no randomisation yet).
const STACK_TOP: u64 = mm::uspace::layout::STACK_TOP;
/// HWCAP_FP | HWCAP_ASIMD: what every AArch64 Linux system offers; finer bits come with the
/// CPU feature probe.
const HWCAP: u64 = 0b11;
/// AT_MINSIGSTKSZ as Linux reports it without SVE (the signal frame's size).
const MINSIGSTKSZ: u64 = 4720;
/// The user page holding the sigreturn trampoline (`mov x8, #139; svc #0`, Linux's vDSO
/// `__kernel_rt_sigreturn`), where a handler without `SA_RESTORER` returns. Linux maps its vDSO
/// just below `mmap_base`; this page sits there too, read-execute, as a VMA of its own, so
/// top-down mmap placement never hands it out. fork copies it with the space; execve maps it
/// again in the new one.
pub const SIGRETURN_PAGE: u64 =
    mm::uspace::layout::mmap_base(crate::process::STACK_LIMIT) - mm::uspace::layout::PAGE_BYTES;

fn map_segments(
    space: &mut dyn UserSpace,
    plan: &LoadPlan<'_>,
    bias: u64,
    file: &Arc<dyn File>,
) -> Result<(), Errno> {
    let source: Arc<dyn PageSource> = Arc::new(FileSource(file.clone()));
    for segment in &plan.segments {
        let (offset, _) = segment.file_window();
        let start = segment.map_start(bias);
        let length = segment.map_end(bias) - start;
        let mut prot = Prot::empty();
        prot.set(Prot::READ, segment.flags.contains(elf::SegmentFlags::READ));
        prot.set(
            Prot::WRITE,
            segment.flags.contains(elf::SegmentFlags::WRITE),
        );
        prot.set(
            Prot::EXEC,
            segment.flags.contains(elf::SegmentFlags::EXECUTE),
        );
        let in_page = segment.vaddr.wrapping_add(bias) - start;
        let file_bytes =
            (segment.mem_size > segment.file_size).then_some(in_page + segment.file_size);
        let backing = FileBacking {
            source: source.clone(),
            file_bytes,
        };
        space.mmap(
            UserAddr::new(start),
            length,
            prot,
            MapFlags::PRIVATE | MapFlags::FIXED,
            offset,
            Some(backing),
        )?;
    }
    Ok(())
}

/// Maps the sigreturn trampoline at [`SIGRETURN_PAGE`] in `space` (read-execute, private, from
/// the same page-source path as the program's segments).
fn map_sigreturn_page(space: &mut dyn UserSpace) -> Result<(), Errno> {
    let code: Vec<u8> = process::signal::frame::SIGRETURN_TRAMPOLINE
        .iter()
        .flat_map(|word| word.to_le_bytes())
        .collect();
    let backing = FileBacking {
        source: Arc::new(BytesSource(code)),
        file_bytes: None,
    };
    space.mmap(
        UserAddr::new(SIGRETURN_PAGE),
        mm::uspace::layout::PAGE_BYTES,
        Prot::READ | Prot::EXEC,
        MapFlags::PRIVATE | MapFlags::FIXED,
        0,
        Some(backing),
    )?;
    Ok(())
}

/// A loaded program: its new address space and where its thread starts.
pub struct Image {
    /// The address space with segments, stack and arguments in place.
    pub space: Box<dyn UserSpace>,
    /// Entry point.
    pub entry: u64,
    /// Initial stack pointer.
    pub sp: u64,
    /// What `/proc/<pid>/{comm,cmdline,exe}` show for it.
    pub program: crate::process::Program,
}

/// Loads `path` into a new address space with Linux's initial stack (argv, envp, auxv).
pub fn load(
    ctx: &PathContext<'_>,
    path: &[u8],
    argv: Vec<Vec<u8>>,
    envp: Vec<Vec<u8>>,
) -> Result<Image, Errno> {
    let vfs = crate::rootfs::vfs();
    let mut args = ExecArgs::new(path.to_vec(), argv, envp, crate::process::STACK_LIMIT)
        .map_err(|e| e.errno())?;
    let mut program = program_file::open_following_scripts(vfs, ctx, &mut args)?;
    let mut described = describe(vfs, ctx, &args);
    program.read_headers()?;
    let plan = elf::parse_prefix(&program.head, program.size).map_err(|e| e.errno())?;
    if plan.interpreter.is_some() {
        log::warn!("exec: dynamically linked programs are not supported yet");
        return Err(Errno::ENOEXEC);
    }
    let bias = plan.default_bias().ok_or(Errno::ENOMEM)?;
    let placed = plan.place(bias).map_err(|e| e.errno())?;
    let spaces = crate::memory::user::spaces().ok_or(Errno::ENOMEM)?;
    let limits = SpaceLimits {
        stack_limit_bytes: crate::process::STACK_LIMIT,
        map_low_allowed: false,
    };
    let mut space: Box<dyn UserSpace> = Box::new(spaces.create_space(limits)?);
    map_segments(space.as_mut(), &plan, bias, &program.file)?;
    space.set_brk_start(UserAddr::new(placed.brk_start));
    map_sigreturn_page(space.as_mut())?;
    let vdso_base = crate::vdso::map_into(space.as_mut())?;
    let stack_flags =
        MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED | MapFlags::GROWSDOWN;
    space.mmap(
        UserAddr::new(STACK_TOP - INITIAL_STACK_BYTES),
        INITIAL_STACK_BYTES,
        Prot::READ | Prot::WRITE,
        stack_flags,
        0,
        None,
    )?;
    let mut aux = AuxValues::for_program(&placed);
    aux.hwcap = HWCAP;
    aux.vdso_base = Some(vdso_base);
    aux.minsigstksz = MINSIGSTKSZ;
    let mut random_bytes = [0u8; 16];
    crate::rootfs::random(&mut random_bytes);
    let request = StackRequest {
        args: &args,
        aux: &aux,
        stack_top: STACK_TOP,
        random_bytes,
        align_shuffle: 0,
    };
    let stack = build_initial_stack(&request).map_err(|e| e.errno())?;
    space.copy_out(UserAddr::new(stack.sp), &stack.bytes)?;
    described.write_denial = Some(Arc::new(program.denial));
    Ok(Image {
        space,
        entry: placed.entry,
        sp: stack.sp,
        program: described,
    })
}

/// The name, arguments and executable path of the program `args` loaded (Linux: `comm` is
/// the base name of the path passed to `execve`, `exe` the file finally mapped).
fn describe(
    vfs: &dyn VfsService,
    ctx: &PathContext<'_>,
    args: &ExecArgs,
) -> crate::process::Program {
    let filename = args.filename();
    let base = filename.rsplit(|&b| b == b'/').next().unwrap_or(filename);
    let comm = base[..base.len().min(15)].to_vec();
    let mut command_line = Vec::new();
    for arg in args.argv() {
        command_line.extend_from_slice(arg);
        command_line.push(0);
    }
    let executable = vfs
        .open(ctx, args.next_path(), OpenFlags::O_PATH, 0)
        .and_then(|file| vfs.path_of(ctx, &file))
        .unwrap_or_else(|_| args.next_path().to_vec());
    crate::process::Program {
        comm,
        command_line,
        executable,
        write_denial: None,
    }
}

/// Execs `path` as process `pid` (init, from the process table) with the console as its
/// standard files; returns once its thread is queued.
pub fn spawn_init(
    pid: u32,
    path: &[u8],
    argv: Vec<Vec<u8>>,
    envp: Vec<Vec<u8>>,
) -> Result<Arc<Process>, Errno> {
    let vfs = crate::rootfs::vfs();
    let root = vfs.root_directory();
    let credentials = Credentials::root();
    let ctx = PathContext {
        credentials: &credentials,
        umask: 0o022,
        root: &root,
        base: &root,
    };
    let image = load(&ctx, path, argv, envp)?;
    let view = FsView {
        root: root.clone(),
        cwd: IrqSpinLock::new(root.clone()),
        cwd_path: IrqSpinLock::new(b"/".to_vec()),
    };
    let process = Process::new(pid, image.space, Some(view));
    *process.program.lock() = image.program;
    let console: Arc<dyn File> = vfs.open(&ctx, b"/dev/console", OpenFlags::O_RDWR, 0)?;
    {
        let mut files = process.files.lock();
        for _ in 0..3 {
            files.install(console.clone(), false, 3)?;
        }
    }
    crate::user::start_user_thread(process.clone(), image.entry, image.sp);
    Ok(process)
}
