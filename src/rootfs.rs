//! The root file system: an empty tmpfs holding `/dev/console` and `/root` (as Linux's built-in
//! initramfs does), then filled from the boot loader's initramfs.

use alloc::sync::Arc;
use kernel_core::services::chardev::CharDevice;
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::{Credentials, DeviceId, File, OpenFlags, PathContext, VfsService};
use kernel_core::sync::Once;
use kernel_core::Errno;
use loader::initramfs::{unpack, EntryKind};
use vfs::{Vfs, VfsCaps};

static VFS: Once<Vfs> = Once::new();

/// The VFS. It is built during boot, before any user thread exists.
pub fn vfs() -> &'static Vfs {
    VFS.get()
        .expect("the root file system is built before user code runs")
}

/// Fills `buffer` from the kernel's random generator (`/dev/urandom`'s).
pub fn random(buffer: &mut [u8]) {
    vfs().random().fill(buffer);
}

/// Builds the VFS and unpacks `initramfs` (if any) into its root. A broken archive is reported
/// and what was unpacked before the damage stays, as Linux does.
pub fn init(
    initramfs: Option<&[u8]>,
    console: Arc<dyn CharDevice>,
    memory_bytes: u64,
    seed: [u8; 32],
) -> Result<(), Errno> {
    let caps = VfsCaps {
        clock: crate::kernel::time_arc(),
        boot_epoch_ns: {
            let time = crate::kernel::time();
            time.realtime_ns().saturating_sub(time.uptime_ns())
        },
        console: Some(console),
        random_seed: seed,
        memory_bytes,
        pages: crate::memory::user::page_pool().ok_or(Errno::ENOMEM)?,
    };
    let vfs = VFS.call_once(|| {
        Vfs::new(caps).unwrap_or_else(|e| crate::fatal::fatal(format_args!("VFS: {e}")))
    });
    let root = vfs.root_directory();
    let credentials = Credentials::root();
    let ctx = PathContext {
        credentials: &credentials,
        umask: 0,
        root: &root,
        base: &root,
    };
    vfs.mkdir(&ctx, b"/dev", 0o755)?;
    vfs.mknod(
        &ctx,
        b"/dev/console",
        0o020600,
        DeviceId::from_linux(5 << 8 | 1),
    )?;
    vfs.mkdir(&ctx, b"/root", 0o700)?;
    if let Some(image) = initramfs {
        unpack_into(vfs, &ctx, image, memory_bytes as usize / 2);
    }
    Ok(())
}

fn unpack_into(vfs: &Vfs, ctx: &PathContext<'_>, image: &[u8], limit: usize) {
    let archive = unpack(image, limit);
    let (mut created, mut failed) = (0usize, 0usize);
    for entry in archive.entries() {
        let mut path = alloc::vec![b'/'];
        path.extend_from_slice(entry.path.strip_prefix(b"./").unwrap_or(entry.path));
        if path == b"/." || path == b"/" {
            continue;
        }
        let mode = entry.permissions();
        let result = match (&entry.kind, entry.hard_link_to) {
            (_, Some(first)) => {
                let mut old = alloc::vec![b'/'];
                old.extend_from_slice(first.strip_prefix(b"./").unwrap_or(first));
                vfs.link(
                    ctx,
                    &old,
                    ctx,
                    &path,
                    kernel_core::services::vfs::AtFlags::empty(),
                )
            }
            (EntryKind::Directory, None) => vfs.mkdir(ctx, &path, mode).or_else(|e| {
                if e == Errno::EEXIST {
                    Ok(())
                } else {
                    Err(e)
                }
            }),
            (EntryKind::File { data }, None) => write_file(vfs, ctx, &path, mode, data),
            (EntryKind::Symlink { target }, None) => vfs.symlink(ctx, target, &path),
            (EntryKind::CharDevice { rdev } | EntryKind::BlockDevice { rdev }, None) => {
                let device = DeviceId::from_linux(u64::from(rdev.linux_encoded()));
                vfs.mknod(ctx, &path, entry.file_type_bits() | mode, device)
            }
            (EntryKind::Fifo | EntryKind::Socket, None) => vfs.mknod(
                ctx,
                &path,
                entry.file_type_bits() | mode,
                DeviceId::from_linux(0),
            ),
        };
        match result {
            Ok(()) => created += 1,
            Err(_) => failed += 1,
        }
    }
    log::info!(
        "initramfs: {created} entries unpacked ({} KiB)",
        archive.decompressed_bytes() / 1024
    );
    if failed > 0 {
        log::warn!("initramfs: {failed} entries could not be created");
    }
    if let Some(error) = archive.error() {
        log::error!("initramfs: {error}; stopped there");
    }
}

fn write_file(
    vfs: &Vfs,
    ctx: &PathContext<'_>,
    path: &[u8],
    mode: u32,
    data: &[u8],
) -> Result<(), Errno> {
    let flags = OpenFlags::O_WRONLY | OpenFlags::O_CREAT | OpenFlags::O_TRUNC;
    let file: Arc<dyn File> = vfs.open(ctx, path, flags, mode)?;
    let mut done = 0;
    while done < data.len() {
        done += file.write(&data[done..])?;
    }
    Ok(())
}
