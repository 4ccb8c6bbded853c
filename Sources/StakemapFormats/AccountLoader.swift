import Foundation
import StakemapCore

/// An account as read from its files: the merged account, and what is needed to write
/// it back the way it was stored (the directory reference and its records).
public struct AccountFile: Sendable {
    public var account: Account
    public var directory: DirectoryReference?
    /// The people as the directory CSV gives them, in file order: the base that the YAML
    /// overlays. Empty when the file was loaded for reading only (`keepDirectory: false`).
    public var directoryPeople: [Person]
    /// The links the directory CSV gives (empty when loaded for reading only).
    public var directoryLinks: [Link]
    /// Whether `directoryPeople` and `directoryLinks` hold the directory, so that the file
    /// can be written back as it was stored (YAML overlay and CSV files apart).
    public var directoryKept: Bool = true
    /// Where each part came from.
    public var sourceMap: SourceMap
    /// The account's ids as the loader resolved them (nil when the checks did not run).
    /// An analysis given it uses it only while `account`'s people, team and links are the
    /// ones it was made from (`AccountIndex.matches`), and resolves them again otherwise.
    package var index: AccountIndex?

    public init(
        account: Account, directory: DirectoryReference? = nil, directoryPeople: [Person] = [],
        directoryLinks: [Link] = [], sourceMap: SourceMap? = nil
    ) {
        self.account = account
        self.directory = directory
        self.directoryPeople = directoryPeople
        self.directoryLinks = directoryLinks
        self.sourceMap = sourceMap ?? SourceMap(file: "")
    }
}

/// Reads account files (YAML or JSON, with an optional directory of CSV files).
public enum AccountLoader {
    /// Reads and checks the account at `path`: syntax, schema, the directory CSV files and
    /// the core's consistency checks. Every problem found is in the result; the account is
    /// returned even with errors, as far as it could be read.
    ///
    /// With `keepDirectory: false` the result cannot be written back (its directory
    /// records are not kept apart from the merged account), which spares copying a large
    /// directory: commands that only read an account load it so.
    /// With `within`, directory CSV files are read only from inside that folder (symbolic
    /// links followed): one elsewhere is an error, and is not read.
    public static func load(path: String, keepDirectory: Bool = true, within: String? = nil) -> LoadResult {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            return LoadResult(file: nil, diagnostics: [Diagnostic(.error, at: nil, file: path, "is a folder; name the account's .yaml file")])
        }
        guard let data = readFileBytes(path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            return LoadResult(file: nil, diagnostics: [Diagnostic(.error, at: nil, file: path, "\(reason); check the path")])
        }
        let baseDirectory = (path as NSString).deletingLastPathComponent
        return load(bytes: data, name: path, baseDirectory: baseDirectory.isEmpty ? "." : baseDirectory, keepDirectory: keepDirectory, within: within)
    }

    /// Reads an account from bytes. `name` is used in messages and decides the syntax
    /// (`.json` is JSON, anything else YAML); `baseDirectory` resolves `directory:`.
    public static func load(bytes: [UInt8], name: String, baseDirectory: String?, keepDirectory: Bool = true, within: String? = nil) -> LoadResult {
        var raw = bytes
        if raw.starts(with: [0xEF, 0xBB, 0xBF]) { raw.removeFirst(3) }
        if let (line, column) = firstInvalidUTF8(raw) {
            return LoadResult(
                file: nil,
                diagnostics: [
                    Diagnostic(
                        .error, at: Location(file: name, line: line, column: column),
                        "the file is not UTF-8 text; save it as UTF-8")
                ])
        }
        Trace.mark("account file read")
        let text = String(decoding: raw, as: UTF8.self)
        let root: DocNode
        do {
            root = name.lowercased().hasSuffix(".json") ? try JSONReader.read(text) : try YAMLReader.read(text)
        } catch {
            return LoadResult(file: nil, diagnostics: [Diagnostic(.error, at: Location(file: name, line: error.line, column: error.column), error.message)])
        }
        Trace.mark("yaml parsed")
        var decoder = AccountDecoder(file: name)
        decoder.decode(root)
        Trace.mark("account file decoded")
        return assemble(decoder, baseDirectory: baseDirectory, keepDirectory: keepDirectory, within: within)
    }

    private static func assemble(_ d: AccountDecoder, baseDirectory: String?, keepDirectory: Bool, within: String?) -> LoadResult {
        var diagnostics = d.diagnostics
        var map = d.map
        var fileOrder = [d.file]
        var people: [Person] = []
        var peopleOrigins: [SourceMap.Origin] = []
        var index = IdTable()
        var directoryPeople: [Person] = []
        var directoryLinks: [Link] = []
        var linkOrigins: [SourceMap.Origin] = []
        var linkHashes: [UInt64] = []
        var managers = ManagerHints()

        if let ref = d.directory {
            let directoryLocation = map.root["directory"] ?? Location(file: d.file, line: 1, column: 1)
            // Room for what the YAML adds, so that the arrays grow in place.
            var reader = DirectoryReader(
                reference: ref, base: baseDirectory, at: directoryLocation,
                spare: (people: d.people.count, links: d.links.count))
            reader.within = within
            reader.read()
            Trace.mark("directory read")
            diagnostics += reader.diagnostics
            fileOrder += [reader.peopleFile, reader.linksFile]
            map.csvFiles = reader.csvFiles
            // Taken from the reader, not shared with it: the overlay then edits in place.
            swap(&people, &reader.people)
            swap(&peopleOrigins, &reader.peopleOrigins)
            swap(&directoryLinks, &reader.links)
            swap(&linkOrigins, &reader.linkOrigins)
            swap(&linkHashes, &reader.linkHashes)
            swap(&managers, &reader.managers)
            swap(&index, &reader.peopleIndex)
            if keepDirectory { directoryPeople = people }
        }

        // Overlay the YAML people on the directory's, or add them.
        let yamlOrigins = d.origins[.people] ?? []
        var seenInYAML: [String: Location] = [:]
        for (k, fields) in d.people.enumerated() {
            guard let id = fields.id else { continue }
            let origin = k < yamlOrigins.count ? yamlOrigins[k] : SourceMap.Origin()
            let here = origin.fields["id"] ?? origin.fields[""] ?? Location(file: d.file, line: 1, column: 1)
            if let first = seenInYAML[id] {
                diagnostics.append(Diagnostic(.error, at: here, "duplicate person id '\(id)' (first at line \(first.line)); ids must be unique"))
                continue
            }
            seenInYAML[id] = here
            if let i = index[id] {
                fields.apply(to: &people[i])
                managers.forget(i)  // resolved again by the checks
                peopleOrigins[i].fields = origin.fields
            } else {
                if fields.name == nil && !fields.nameGiven && fields.placeholder != true {
                    diagnostics.append(
                        Diagnostic(
                            .error, at: origin.fields[""] ?? here,
                            "person '\(id)' has no 'name'\(d.directory == nil ? "" : " and is not in the directory"); add 'name: …' (or 'placeholder: true' for an unknown holder)"
                        ))
                }
                guard let p = fields.makePerson() else { continue }
                index.insertIfAbsent(id, people.count)
                people.append(p)
                peopleOrigins.append(origin)
            }
        }
        map.origins = d.origins
        map.origins[.people] = peopleOrigins
        let yamlLinkOrigins = d.origins[.links] ?? []
        linkOrigins.append(contentsOf: yamlLinkOrigins)
        map.origins[.links] = linkOrigins
        var links = directoryLinks
        if !keepDirectory { directoryLinks = [] }  // `links` is then the only owner and grows in place
        if !d.links.isEmpty { links.append(contentsOf: d.links) }

        let account = Account(
            version: d.version ?? 1, info: d.info, settings: d.settings, team: d.team, people: people,
            links: links, relationships: d.relationships,
            opportunities: d.opportunities, interactions: d.interactions)
        // The core's checks, placed in the files. Problems at places already reported
        // by the decoder (a bad value that was dropped) are not repeated.
        Trace.mark("overlaid")
        let checked = d.unreadable ? nil : account.checkAndIndex(ReaderHints(people: index, linkHashes: linkHashes, managers: managers))
        for problem in checked?.problems ?? [] {
            if problem.subject == Subject(.account, nil, ["name"]) && d.accountNameReported { continue }
            diagnostics.append(Diagnostic(problem.severity, at: map.location(for: problem.subject), problem.message))
        }
        Trace.mark("checked")
        var file = AccountFile(
            account: account, directory: d.directory, directoryPeople: directoryPeople,
            directoryLinks: directoryLinks, sourceMap: map)
        file.index = checked?.index
        file.directoryKept = keepDirectory || d.directory == nil
        return LoadResult(file: file, diagnostics: Diagnostic.sorted(diagnostics, fileOrder: fileOrder))
    }

    /// The line and column of the first byte that is not valid UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (Int, Int)? {
        if bytes.withUnsafeBufferPointer(isValidUTF8) { return nil }
        var i = 0, line = 1, column = 1
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : (0xC2..<0xE0).contains(b) ? 2 : (0xE0..<0xF0).contains(b) ? 3 : (0xF0...0xF4).contains(b) ? 4 : 0
            if length == 0 || i + length > bytes.count || String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil {
                return (line, column)
            }
            if b == 10 { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        return (line, column)
    }
}

/// Whether `b` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF), checked in place: ASCII runs eight bytes at a time, without building
/// a string (directory files are tens of megabytes).
func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = b.baseAddress else { return true }
    let n = b.count
    var i = 0
    @inline(__always) func continuation(_ x: UInt8) -> Bool { x & 0xC0 == 0x80 }
    while i < n {
        while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        if i >= n { break }
        let c = b[i]
        switch c {
        case 0x00..<0x80:
            i += 1
        case 0xC2...0xDF:
            guard i + 1 < n, continuation(b[i + 1]) else { return false }
            i += 2
        case 0xE0...0xEF:
            guard i + 2 < n else { return false }
            let low: UInt8 = c == 0xE0 ? 0xA0 : 0x80, high: UInt8 = c == 0xED ? 0x9F : 0xBF
            guard (low...high).contains(b[i + 1]), continuation(b[i + 2]) else { return false }
            i += 3
        case 0xF0...0xF4:
            guard i + 3 < n else { return false }
            let low: UInt8 = c == 0xF0 ? 0x90 : 0x80, high: UInt8 = c == 0xF4 ? 0x8F : 0xBF
            guard (low...high).contains(b[i + 1]), continuation(b[i + 2]), continuation(b[i + 3]) else { return false }
            i += 4
        default:
            return false
        }
    }
    return true
}

/// The bytes of the file at `path`, read straight into one array; nil when it cannot be read.
func readFileBytes(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    var out: [UInt8] = []
    var capacity = max(Int(info.st_size), 0) + 1
    while true {
        var failed = false
        // Read into fresh capacity, not cleared first (every byte kept is read), until the
        // end of the file: it may have grown since fstat.
        let chunk = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else {
                failed = true
                return
            }
            while count < capacity {
                let r = read(fd, base + count, capacity - count)
                if r < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                if r == 0 { break }
                count += r
            }
        }
        if failed { return nil }
        if out.isEmpty { out = chunk } else { out += chunk }
        if chunk.count < capacity { return out }
        capacity = max(capacity, 1 << 16)
    }
}
