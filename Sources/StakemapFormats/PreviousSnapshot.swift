import Foundation
import StakemapCore

/// The older snapshot of an account that `diff`, `render` and `report` compare with:
/// another file, or the account file itself at a git revision (written to a temporary
/// folder by `GitHistory.snapshot`; call `remove()` when done).
public struct PreviousSnapshot: Sendable {
    /// The file to load.
    public let path: String
    /// How to name the snapshot: the file as given, or "FILE at REV (hash, date)".
    public let label: String
    /// The commit's date, for a git revision: the day to analyse the snapshot as of when
    /// none is given.
    public let day: Day?
    /// The temporary folder holding a git snapshot.
    let folder: String?

    /// Another account file, as given.
    public static func file(_ path: String) -> PreviousSnapshot {
        PreviousSnapshot(path: path, label: path, day: nil, folder: nil)
    }

    /// `file` as it was at git revision `revision`.
    /// - Throws: `GitHistory.Failure` with git's own words (unknown revision, the file
    ///   not in that revision, no repository).
    public static func git(_ file: String, at revision: String) throws(GitHistory.Failure) -> PreviousSnapshot {
        let s = try GitHistory.snapshot(of: file, at: revision)
        return PreviousSnapshot(
            path: s.path, label: "\(file) at \(revision) (\(s.revision), \(s.date))", day: Day(iso: s.date),
            folder: s.folder)
    }

    /// The snapshot named by a `--previous PATH` or a `--since REV` option for `file`
    /// (nil when neither is given; give at most one).
    public static func named(for file: String, previous: String?, since: String?) throws(GitHistory.Failure) -> PreviousSnapshot? {
        if let previous { return .file(previous) }
        if let since { return try git(file, at: since) }
        return nil
    }

    /// Deletes the temporary copy of a git snapshot (nothing for a file).
    public func remove() {
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
