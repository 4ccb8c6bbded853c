import Foundation

/// Account files at earlier git revisions, for `diff --since` and trends.
public enum GitHistory {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Runs git in `directory`; returns standard output, or throws with git's message.
    static func git(_ arguments: [String], in directory: String) throws(Failure) -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", directory] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { throw Failure(message: "cannot run git: \(error.localizedDescription)") }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let text = String(decoding: e, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(message: text.isEmpty ? "git \(arguments.joined(separator: " ")) failed" : text)
        }
        return o
    }

    /// A snapshot of an account file taken from git.
    public struct Snapshot: Sendable {
        /// Where the files were written: the account file at that revision, with its
        /// directory CSV files beside it as they were.
        public let path: String
        /// The revision as git names it (short hash).
        public let revision: String
        /// The commit's date.
        public let date: String
        /// The folder to delete when done.
        public let folder: String
    }

    /// Writes `file` as it was at `revision` (and every CSV file under its folder, for its
    /// directory) into a new temporary folder.
    public static func snapshot(of file: String, at revision: String) throws(Failure) -> Snapshot {
        let url = URL(fileURLWithPath: file)
        let dir = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        let resolved: Data
        do { resolved = try git(["rev-parse", "--short", "\(revision)^{commit}"], in: dir) } catch {
            // git's own words ("fatal: not a git repository…") are kept; a plain unknown
            // revision gets advice.
            if error.message.contains("Needed a single revision") || error.message.contains("unknown revision") {
                throw Failure(
                    message:
                        "unknown git revision '\(revision)' for \(file) — give a commit hash, a tag, a branch or HEAD~N (git log --oneline \(name) lists them)")
            }
            throw error
        }
        let hash = String(decoding: resolved, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let date = String(decoding: try git(["show", "-s", "--format=%cs", hash], in: dir), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let folder = NSTemporaryDirectory() + "stakemap-\(hash)-\(UUID().uuidString)"
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw Failure(message: "cannot create \(folder): \(error.localizedDescription)")
        }
        let content: Data
        do { content = try git(["show", "\(hash):./\(name)"], in: dir) } catch {
            throw Failure(message: "\(file) is not in revision \(revision) (\(hash)): \(error.message)")
        }
        let listed = String(decoding: try git(["ls-tree", "-r", "--name-only", hash, "--", "."], in: dir), as: UTF8.self)
        // ls-tree prints paths relative to the repository root; make them relative to `dir`.
        let prefix = String(decoding: try git(["rev-parse", "--show-prefix"], in: dir), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            try content.write(to: URL(fileURLWithPath: folder + "/" + name))
            for path in listed.split(separator: "\n").map(String.init) where path.lowercased().hasSuffix(".csv") {
                let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
                let bytes = try git(["show", "\(hash):./\(relative)"], in: dir)
                let target = URL(fileURLWithPath: folder + "/" + relative)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bytes.write(to: target)
            }
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure(message: "cannot write the snapshot: \(error.localizedDescription)")
        }
        return Snapshot(path: folder + "/" + name, revision: hash, date: date, folder: folder)
    }
}

extension GitHistory {
    /// A commit that changed a file: its short hash and its date (YYYY-MM-DD).
    public struct Revision: Sendable, Hashable {
        public let revision: String
        public let date: String
    }

    /// The commits that changed `file`, newest first, with their dates.
    public static func revisions(of file: String, limit: Int = 50) throws(Failure) -> [Revision] {
        let url = URL(fileURLWithPath: file)
        let out = String(
            decoding: try git(
                ["log", "-n", String(limit), "--format=%h %cs", "--", url.lastPathComponent],
                in: url.deletingLastPathComponent().path), as: UTF8.self)
        return out.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            return parts.count == 2 ? Revision(revision: String(parts[0]), date: String(parts[1])) : nil
        }
    }

    /// The last commit that changed `file` on or before `day`, if any.
    public static func revision(of file: String, onOrBefore day: String) throws(Failure) -> String? {
        try revisions(of: file, limit: 1000).first { $0.date <= day }?.revision
    }

    /// Whether `file` lies in a git work tree with at least one commit touching it.
    public static func isTracked(_ file: String) -> Bool {
        ((try? revisions(of: file, limit: 1)) ?? []).isEmpty == false
    }
}
