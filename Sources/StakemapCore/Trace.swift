import Foundation

/// Stage timings on standard error when `STAKEMAP_TRACE` is set: each mark prints its label
/// and the milliseconds since the first mark (the command's start). Marks from other
/// threads interleave, each line whole.
public enum Trace {
    public static let enabled = ProcessInfo.processInfo.environment["STAKEMAP_TRACE"] != nil
    static let origin = DispatchTime.now().uptimeNanoseconds

    public static func mark(_ label: @autoclosure () -> String) {
        guard enabled else { return }
        let start = origin
        let now = DispatchTime.now().uptimeNanoseconds
        let line = "[trace] \(String(format: "%8.1f", Double(now &- start) / 1e6)) ms  \(label())\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
