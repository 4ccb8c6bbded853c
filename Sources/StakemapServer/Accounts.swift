import Foundation
import StakemapCore
import StakemapFormats
import StakemapReport

/// One account the server serves: the name in its URLs and the file.
struct ServedAccount: Sendable, Hashable {
    let name: String
    let path: String
}

/// An account as read, and analysed for one day: what every page and answer about it is
/// built from. `version` changes whenever its files change on disk.
struct Snapshot: Sendable {
    let account: ServedAccount
    let version: String
    let open: OpenAccount
    let analysis: AccountAnalysis
}

/// The accounts of the served folder (or the one served file), and their latest
/// snapshots. Only files listed here are ever read: a request names an account by its
/// name, never by a path, and a symbolic link that leads out of the folder is not listed.
final class AccountShelf: @unchecked Sendable {
    /// The folder, resolved (symbolic links followed).
    let root: String
    private let single: String?
    private let lock = NSLock()
    private var cache: [ServedAccount: Snapshot] = [:]
    /// Each account's directory reference as last read: its CSV files are part of its version.
    private var directories: [ServedAccount: DirectoryReference] = [:]

    /// Serves the account files directly in folder `path`, or the one file `path`.
    init(_ path: String) throws(ServerError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ServerError(.notFound, "\(path): no such file or folder")
        }
        let real = resolvedPath(path) ?? path
        if isDirectory.boolValue {
            root = real
            single = nil
        } else {
            root = (real as NSString).deletingLastPathComponent
            single = real
        }
    }

    /// Whether `path`, once resolved, lies in the served folder.
    func contains(_ path: String) -> Bool {
        guard let real = resolvedPath(path) else { return false }
        return isWithin(real, folder: root)
    }

    /// The accounts, in name order. A name is the file's name without its extension (with
    /// it, when two files share a stem).
    func accounts() -> [ServedAccount] {
        var files: [String]
        if let single {
            files = [single]
        } else {
            // Each file by its resolved path, read and written as that (never through a link).
            files = ((try? Portfolio.files([root])) ?? []).compactMap { path in
                var s = stat()
                guard contains(path), stat(path, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG, let real = resolvedPath(path) else { return nil }
                return (root as NSString).appendingPathComponent((real as NSString).lastPathComponent) == real ? real : nil
            }
        }
        var seen = Set<String>()
        files = files.filter { seen.insert($0).inserted }
        let stems = files.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        var count: [String: Int] = [:]
        for s in stems { count[s, default: 0] += 1 }
        return zip(files, stems).map { path, stem in
            ServedAccount(name: count[stem, default: 0] > 1 ? (path as NSString).lastPathComponent : stem, path: path)
        }
    }

    func account(named name: String) throws(ServerError) -> ServedAccount {
        let all = accounts()
        if let a = all.first(where: { $0.name == name }) { return a }
        let hint = Suggester(all.map(\.name)).hint(for: name)
        throw ServerError(.notFound, "no account '\(name)' in this folder\(hint)")
    }

    /// A short fingerprint of the account's files as they are on disk now: their sizes,
    /// times and inodes (the account file, and its directory CSV files when it has them).
    func version(of account: ServedAccount) -> String {
        lock.lock()
        let known = directories[account]
        lock.unlock()
        return version(of: account, directory: known)
    }

    private func version(of account: ServedAccount, directory: DirectoryReference?) -> String {
        var parts = [Self.stamp(account.path)]
        if let d = directory {
            let folder = DirectoryReference.folder(d.path, besideFile: account.path)
            parts += [Self.stamp(folder + "/" + d.peopleFile), Self.stamp(folder + "/" + d.linksFile)]
        }
        return String(fnv1a(parts.joined(separator: "|").utf8), radix: 16)
    }

    private static func stamp(_ path: String) -> String {
        var s = stat()
        guard stat(path, &s) == 0 else { return "-" }
        return "\(s.st_size):\(s.st_mtim.tv_sec).\(s.st_mtim.tv_nsec):\(s.st_ino)"
    }

    /// The account as it is on disk now, analysed as `request` says: the cached snapshot
    /// when its files have not changed, a new one otherwise.
    func snapshot(_ account: ServedAccount, _ request: AnalysisRequest) throws(ServerError) -> Snapshot {
        lock.lock()
        let cached = cache[account]
        var directory = directories[account]
        lock.unlock()
        if let s = cached, s.version == version(of: account, directory: directory), s.analysis.asOf == request.asOf, request.scope == .account {
            return s
        }
        // The files are fingerprinted before and after they are read: a snapshot's version
        // is that of the bytes it holds, even when they change while being read.
        var attempts = 0
        while true {
            attempts += 1
            let before = version(of: account, directory: directory)
            let open: OpenAccount
            // Directory CSV files outside the folder are refused unread.
            do { open = try OpenAccount(.file(account.path), within: root) } catch {
                throw ServerError(.unprocessableContent, "\(account.name) cannot be opened", details: Self.lines(error))
            }
            let after = version(of: account, directory: open.file.directory)
            lock.lock()
            directories[account] = open.file.directory
            lock.unlock()
            if before != after && attempts < 3 {
                directory = open.file.directory
                continue
            }
            let analysis: AccountAnalysis
            do { analysis = try open.analysis(request) } catch {
                throw ServerError(.unprocessableContent, "\(account.name) cannot be analysed", details: Self.lines(error))
            }
            let snapshot = Snapshot(account: account, version: after, open: open, analysis: analysis)
            // Files that kept changing while read are served, not kept: the next request reads them again.
            if request.scope == .account && before == after {
                lock.lock()
                cache[account] = snapshot
                lock.unlock()
            }
            return snapshot
        }
    }

    static func lines(_ error: StakemapError) -> [String] {
        error.diagnostics.map(\.description) + [error.advice].compactMap { $0 }
    }

    /// Forgets what is cached (after an edit, so the next read is the file as written).
    func invalidate(_ account: ServedAccount) {
        lock.lock()
        cache[account] = nil
        lock.unlock()
    }
}
