import Foundation
import StakemapCore

/// One read-modify-write of an account file. The file is locked (`flock`) from the read
/// to the write, so two stakemap edits never interleave; and the bytes are compared again
/// just before writing, so an edit made meanwhile by anything else (an editor, a `git
/// pull`) is never overwritten: the save refuses and nothing is written. Each file is
/// replaced atomically. Every edit of an account — the command line's, an import's, a
/// server's — goes through one.
public final class EditSession {
    public let path: String
    /// The files as read: the account to edit, and its directory records.
    public private(set) var file: AccountFile
    private let bytes: [UInt8]
    private var descriptor: Int32

    /// What a save does with the directory CSV files of an account that has them.
    public enum DirectoryUpdate: Sendable {
        /// Leave them alone: the edit touched only what the account file holds.
        case unchanged
        /// Keep the rows of the people and links the edited account still has.
        case keepRemaining
        /// Write these people and links instead.
        case replace(people: [Person], links: [Link])
    }

    /// How long an edit waits for another one to finish before it gives up.
    public static let lockWait: Duration = .seconds(10)

    /// Locks and reads `path`, waiting up to `wait` while another edit holds it (edits take
    /// milliseconds, so edits made at the same moment, from a browser and the command line,
    /// are made one after the other). With `within`, directory CSV files outside that
    /// folder are refused unread.
    /// - Throws: `StakemapError` when the file cannot be read, another edit holds it for
    ///   longer than `wait`, or it has errors (an invalid account is fixed before it is edited).
    public init(_ path: String, wait: Duration = EditSession.lockWait, within: String? = nil) throws(StakemapError) {
        self.path = path
        descriptor = try Self.lock(path, wait: wait)
        // Read as the loader reads (FileManager.contents(atPath:) leaks its buffer on an
        // empty file).
        guard let data = readFileBytes(path) else {
            close(descriptor)
            throw StakemapError(file: path, "cannot read the file")
        }
        bytes = data
        let base = (path as NSString).deletingLastPathComponent
        let result = AccountLoader.load(bytes: data, name: path, baseDirectory: base.isEmpty ? "." : base, within: within)
        guard !result.hasErrors, let file = result.file else {
            close(descriptor)
            throw StakemapError(result.errors, advice: "\(path): fix the errors above before editing; nothing was written")
        }
        self.file = file
    }

    deinit { unlock() }

    /// A descriptor of the file now at `path`, locked. A save replaces the file (a rename),
    /// so a lock won on the file as it was before is let go and taken again on the new one:
    /// the lock held is always on the file that the path names.
    private static func lock(_ path: String, wait: Duration) throws(StakemapError) -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        while true {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw StakemapError(file: path, FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file; check the path")
            }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                var held = stat()
                var current = stat()
                if fstat(fd, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino, held.st_dev == current.st_dev { return fd }
            }
            close(fd)
            guard clock.now < deadline else {
                var e = StakemapError(file: path, "another stakemap command is editing this file; try again when it has finished")
                e.isConflict = true
                throw e
            }
            usleep(2_000)
        }
    }

    private func unlock() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    /// Checks `account` and writes it in place of the one read (and the directory CSV
    /// files as `directory` says), then releases the lock.
    /// - Throws: `StakemapError`, writing nothing, when the result has errors or the file
    ///   changed since it was read.
    public func save(_ account: Account, directory: DirectoryUpdate = .unchanged) throws(StakemapError) {
        defer { unlock() }
        let errors = account.check().filter { $0.severity == .error }
        if !errors.isEmpty {
            throw StakemapError(
                errors.map { Diagnostic(.error, at: nil, file: path, $0.message) },
                advice: "\(path): the edit would make the account invalid; nothing was written")
        }
        guard readFileBytes(path) == bytes else {
            var e = StakemapError(file: path, "the file changed since it was read (another edit?); nothing was written — run the command again")
            e.isConflict = true
            throw e
        }
        var out = file
        out.account = account
        do {
            if let d = file.directory {
                switch directory {
                case .unchanged: break
                case .keepRemaining:
                    let ids = Set(account.people.map(\.id))
                    out.directoryPeople = file.directoryPeople.filter { ids.contains($0.id) }
                    let kept = Set(account.links)
                    out.directoryLinks = file.directoryLinks.filter { kept.contains($0) }
                case .replace(let people, let links):
                    out.directoryPeople = people
                    out.directoryLinks = links
                }
                if case .unchanged = directory {
                } else {
                    out.directoryPeople = out.directoryPeople.map(DirectoryWriter.directoryPart)
                    let folder = DirectoryReference.folder(d.path, besideFile: path)
                    try AtomicFile.write(Array(DirectoryWriter.peopleCSV(out.directoryPeople).utf8), to: folder + "/" + d.peopleFile)
                    try AtomicFile.write(Array(DirectoryWriter.linksCSV(out.directoryLinks).utf8), to: folder + "/" + d.linksFile)
                }
            }
            try AccountWriter.write(out, to: path)
        } catch {
            throw StakemapError(writing: error, to: path)
        }
        file = out
    }

    /// Opens `path`, applies `edit` to its account and saves it, rewriting the directory
    /// CSV files when `directory` says so of the file as read. Returns what `edit` returned.
    public static func apply<T>(
        _ path: String, within: String? = nil, directory: (AccountFile) -> DirectoryUpdate = { _ in .unchanged },
        _ edit: (inout Account) throws(EditError) -> T
    ) throws(StakemapError) -> T {
        let session = try EditSession(path, within: within)
        var account = session.file.account
        let result: T
        do { result = try edit(&account) } catch { throw StakemapError(file: path, error) }
        try session.save(account, directory: directory(session.file))
        return result
    }

    /// Erases person `id` and every reference to them (see `Account.forget`), from the
    /// directory CSV files too, so that no row there still names them.
    public static func forget(_ id: String, in path: String) throws(StakemapError) -> Erasure {
        let session = try EditSession(path)
        var account = session.file.account
        let erasure: Erasure
        do { erasure = try account.forget(id) } catch { throw StakemapError(file: path, error) }
        var directory = Account(info: account.info, people: session.file.directoryPeople, links: session.file.directoryLinks)
        if directory.people.contains(where: { $0.id == id }) { _ = try? directory.forget(id) }
        try session.save(account, directory: .replace(people: directory.people, links: directory.links))
        return erasure
    }

    /// Replaces the files as read by `edit`'s result and saves them, directory included
    /// (an import refreshes both). An `edit` that throws leaves everything as it was.
    public func saveFile(_ edit: (inout AccountFile) throws(StakemapError) -> Void) throws(StakemapError) {
        var edited = file
        try edit(&edited)
        try save(edited.account, directory: .replace(people: edited.directoryPeople, links: edited.directoryLinks))
    }
}

extension DirectoryReference {
    /// The folder a `directory:` path names, relative to the account file at `file`.
    public static func folder(_ path: String, besideFile file: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = (file as NSString).deletingLastPathComponent
        return base.isEmpty ? path : base + "/" + path
    }
}

extension AccountWriter {
    /// People above which a new account keeps them in a directory CSV beside the file, as
    /// an HR export would supply them (`generate` and `import` follow it).
    public static let directoryAbove = 1000

    /// Writes a new account at `path`. Above `directoryAbove` people, the people (and the
    /// links given as the directory's) go to `NAME-directory/people.csv` and `links.csv`
    /// beside it, and the account file holds what the team knows on top.
    /// - Parameter directoryPeople: the directory's records, when they differ from the
    ///   account's people (a generator's); by default the account's people.
    /// - Returns: the directory's folder, as the account file names it, when there is one.
    @discardableResult
    public static func create(
        _ account: Account, at path: String, directoryAbove: Int = directoryAbove,
        directoryPeople: [Person]? = nil, directoryLinks: [Link] = []
    ) throws(StakemapError) -> String? {
        var file = AccountFile(account: account)
        do {
            if account.people.count > directoryAbove {
                let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                let name = stem + "-directory"
                let folder = DirectoryReference.folder(name, besideFile: path)
                file.directory = DirectoryReference(path: name)
                file.directoryPeople = directoryPeople ?? account.people
                file.directoryLinks = directoryLinks
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try AtomicFile.write(Array(DirectoryWriter.peopleCSV(file.directoryPeople).utf8), to: folder + "/people.csv")
                try AtomicFile.write(Array(DirectoryWriter.linksCSV(file.directoryLinks).utf8), to: folder + "/links.csv")
            }
            try write(file, to: path)
        } catch {
            throw StakemapError(writing: error, to: path)
        }
        return file.directory?.path
    }
}
