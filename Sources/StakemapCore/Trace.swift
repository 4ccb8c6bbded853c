import Foundation

/// Stage timings on standard error when `STAKEMAP_TRACE` is set: each mark prints the
/// milliseconds since the first mark (the command's start), the process's peak resident
/// memory so far, and its label. Marks from other threads interleave, each line whole.
public enum Trace {
    public static let enabled = ProcessInfo.processInfo.environment["STAKEMAP_TRACE"] != nil
    static let origin = DispatchTime.now().uptimeNanoseconds

    public static func mark(_ label: @autoclosure () -> String) {
        guard enabled else { return }
        let start = origin
        let now = DispatchTime.now().uptimeNanoseconds
        let line = "[trace] \(String(format: "%8.1f ms %6.0f MB", Double(now &- start) / 1e6, peakMegabytes()))  \(label())\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// The peak resident memory so far (`ru_maxrss`: kilobytes on Linux, bytes on Darwin).
    public static func peakMegabytes() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_maxrss) / 1024
        #else
            getrusage(RUSAGE_SELF, &usage)
            return Double(usage.ru_maxrss) / 1_048_576
        #endif
    }
}
