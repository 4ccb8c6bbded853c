import Foundation

/// Stage timings on standard error when `STAKEMAP_TRACE` is set: each mark prints its label
/// the milliseconds since the first mark (the command's start) and the process's peak
/// resident memory so far. Marks from other threads interleave, each line whole.
public enum Trace {
    public static let enabled = ProcessInfo.processInfo.environment["STAKEMAP_TRACE"] != nil
    static let origin = DispatchTime.now().uptimeNanoseconds

    public static func mark(_ label: @autoclosure () -> String) {
        guard enabled else { return }
        let start = origin
        let now = DispatchTime.now().uptimeNanoseconds
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peak = Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
        let line = "[trace] \(String(format: "%8.1f ms %6.0f MB", Double(now &- start) / 1e6, peak))  \(label())\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
