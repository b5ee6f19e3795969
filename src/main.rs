//! The `etalase` binary: a shim over the library.

/// mimalloc instead of the system allocator: glibc's keeps the freed buffers of
/// decoded photos in fragmented arenas (2 GB peak for 900 photos, against 170 MB),
/// and page rendering spends a fifth of its time in its malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    no_huge_pages();
    etalase::cli::run(etalase::cli::parse())
}

/// Transparent huge pages off for this process. mimalloc asks the kernel for them, and
/// the kernel then zeroes 2 MB at the first touch of any byte of each: a build is a
/// short run of many small allocations, where that zeroing was a third of the CPU time
/// of building 10,000 pages (and 90 MB of memory) and bought nothing back.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
