import Foundation

/// Allocator settings for a process that reads a large account, set at its start.
///
/// A large organisation takes a couple of hundred megabytes, which the kernel hands over
/// one page fault at a time, each page cleared first; at 100,000 people that clearing was a
/// third of `stakemap gaps`. glibc's malloc tunables make fewer, larger faults and reuse
/// what is freed:
/// - `hugetlb=1`: the heap on transparent huge pages, where they are given on request
///   ("madvise" mode), 512 times fewer faults;
/// - `mmap_threshold` at its largest (32 MB): blocks up to that size come from the heap, so
///   the memory of a file read and dropped is reused by the graph built next, instead of
///   being returned and faulted in again;
/// - `trim_threshold` 256 MB and `top_pad` 32 MB: freed memory stays for reuse, and the heap
///   grows in steps large enough for huge pages.
/// glibc reads its tunables only when a process starts, so the program starts itself again
/// once with them set, and then gives its children (git, chart workers) the user's own
/// GLIBC_TUNABLES back. Tunables the user set are left as they are; setting
/// STAKEMAP_NO_MALLOC_TUNING (or the older STAKEMAP_NO_HUGE_PAGES) skips this; a failed
/// restart is ignored.
public enum MemoryTuning {
    public static let tunables = [
        "glibc.malloc.hugetlb=1", "glibc.malloc.mmap_threshold=33554432", "glibc.malloc.trim_threshold=268435456", "glibc.malloc.top_pad=33554432",
    ]
    /// Set across the restart, so that the restarted process never restarts again (even
    /// where glibc drops the tunables, as for a privileged program), holding the user's
    /// GLIBC_TUNABLES: "=" and the value, or nothing when there was none.
    public static let restarted = "STAKEMAP_MALLOC_TUNED"

    /// Restarts the process once with the tunables set (Linux); call it first thing in
    /// `main`, before any other thread starts.
    public static func request() {
        #if os(Linux)
            func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
            func restore(_ saved: String) {
                if saved.hasPrefix("=") { setenv("GLIBC_TUNABLES", String(saved.dropFirst()), 1) } else { unsetenv("GLIBC_TUNABLES") }
            }
            if let saved = variable(restarted) {
                unsetenv(restarted)
                restore(saved)
                return
            }
            if variable("STAKEMAP_NO_MALLOC_TUNING") != nil || variable("STAKEMAP_NO_HUGE_PAGES") != nil { return }
            let current = variable("GLIBC_TUNABLES")
            let given = current ?? ""
            let missing = tunables.filter { t in !given.contains(String(t.prefix { $0 != "=" }) + "=") }
            if missing.isEmpty { return }
            let saved = current.map { "=" + $0 } ?? ""
            setenv(restarted, saved, 1)
            setenv("GLIBC_TUNABLES", ([given].filter { !$0.isEmpty } + missing).joined(separator: ":"), 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
            // Still here: the restart failed; carry on without.
            unsetenv(restarted)
            restore(saved)
        #endif
    }
}
