import Foundation
import StakemapCore

/// Reads the directory CSV files of an account: `people.csv` (required) and `links.csv`.
///
/// Columns are named by their header, with the keys of the YAML format (`id`, `name`,
/// `title`, `reports_to`, …); multi-valued cells (`dotted`, `roles`, `criteria`) separate
/// values with `|`. Columns report their 1-based field number.
struct DirectoryReader: Sendable {
    let reference: DirectoryReference
    let base: String?
    let at: Location
    var diagnostics: [Diagnostic] = []
    var people: [Person] = []
    /// Each person's id to their position in `people`.
    var peopleIndex = IdTable()
    var peopleOrigins: [SourceMap.Origin] = []
    /// Each person's manager (the index of their `reports_to`), resolved from the file's
    /// bytes once every id is known.
    var managers = ManagerHints()
    var links: [Link] = []
    /// `IdTable.hash` of each link's `from` and `to`, computed while reading (two per link).
    var linkHashes: [UInt64] = []
    var linkOrigins: [SourceMap.Origin] = []
    /// The two files' columns, for the source map: people's at `peopleFilePosition`,
    /// links' at `linksFilePosition` (the positions rows' origins name).
    var csvFiles: [SourceMap.CSVColumns]
    static let peopleFilePosition = 0, linksFilePosition = 1
    let peopleFile: String
    let linksFile: String

    /// Capacity to leave in `people` and `links` beyond the rows read.
    let spare: (people: Int, links: Int)
    /// A folder the CSV files must lie in (symbolic links followed), or nil.
    var within: String? = nil

    init(reference: DirectoryReference, base: String?, at: Location, spare: (people: Int, links: Int) = (0, 0)) {
        self.reference = reference
        self.spare = spare
        self.base = base
        self.at = at
        let folder = if let base, !reference.path.hasPrefix("/"), base != "." { "\(base)/\(reference.path)" } else { reference.path }
        peopleFile = folder + "/" + reference.peopleFile
        linksFile = folder + "/" + reference.linksFile
        csvFiles = [SourceMap.CSVColumns(file: peopleFile, columns: [:]), SourceMap.CSVColumns(file: linksFile, columns: [:])]
    }

    mutating func read() {
        guard base != nil else {
            diagnostics.append(Diagnostic(.error, at: at, "a directory can only be read from a file on disk"))
            return
        }
        if let within, let outside = [peopleFile, linksFile].first(where: { !Self.lies($0, in: within) }) {
            diagnostics.append(
                Diagnostic(
                    .error, at: at,
                    "the directory file '\(outside)' lies outside \(within), the only folder this account may be read from; nothing of it was read"))
            return
        }
        // The two files are independent: read them on both cores.
        let start = self
        let (p, l) = inParallel(
            { () -> DirectoryReader in
                var r = start
                Trace.mark("people: start")
                if let table = r.table(r.peopleFile, required: true) { Trace.mark("people: parsed"); r.readPeople(table) }
                Trace.mark("people: read")
                return r
            },
            { () -> DirectoryReader in
                var r = start
                Trace.mark("links: start")
                if let table = r.table(r.linksFile, required: r.reference.linksFileExplicit) { Trace.mark("links: parsed"); r.readLinks(table) }
                Trace.mark("links: read")
                return r
            })
        diagnostics = p.diagnostics + l.diagnostics
        people = p.people
        peopleIndex = p.peopleIndex
        peopleOrigins = p.peopleOrigins
        managers = p.managers
        csvFiles = [p.csvFiles[Self.peopleFilePosition], l.csvFiles[Self.linksFilePosition]]
        links = l.links
        linkHashes = l.linkHashes
        linkOrigins = l.linkOrigins
    }

    /// Whether `path` (its folder, when the file is missing), symbolic links followed, lies
    /// in folder `root`.
    static func lies(_ path: String, in root: String) -> Bool {
        guard let folder = resolvedPath(root) else { return false }
        guard let resolved = resolvedPath(path) ?? resolvedPath((path as NSString).deletingLastPathComponent) else { return true }
        return isWithin(resolved, folder: folder)
    }

    mutating func table(_ path: String, required: Bool) -> CSVTable? {
        guard let bytes = readFileBytes(path) else {
            if required {
                diagnostics.append(Diagnostic(.error, at: at, "directory file '\(path)' not found; check 'directory:' or add the file"))
            }
            return nil
        }
        if let (line, column) = AccountLoader.firstInvalidUTF8(bytes) {
            diagnostics.append(
                Diagnostic(
                    .error, at: Location(file: path, line: line, column: column),
                    "the file is not UTF-8 text (column \(column) counts characters here); export it as UTF-8 CSV"))
            return nil
        }
        do {
            return try CSVTable.parse(bytes)
        } catch {
            diagnostics.append(Diagnostic(.error, at: Location(file: path, line: error.line, column: error.field), error.message))
            return nil
        }
    }

    /// Maps header names to keys; reports unknown and repeated columns.
    mutating func columns(_ table: CSVTable, file: String, allowed: [String], aliases: [String: String], required: [String]) -> [String: Int]? {
        var out: [String: Int] = [:]
        for (i, raw) in table.header.enumerated() {
            let name = raw.lowercased()
            let key = aliases[name] ?? name
            let here = Location(file: file, line: table.headerLine, column: i + 1)
            guard allowed.contains(key) else {
                diagnostics.append(
                    Diagnostic(
                        .error, at: here, "unknown column '\(raw)'\(Suggester(allowed).hint(for: name)); valid columns: \(allowed.joined(separator: ", "))"))
                continue
            }
            if out[key] != nil {
                diagnostics.append(Diagnostic(.error, at: here, "column '\(raw)' appears twice"))
                continue
            }
            out[key] = i
        }
        var ok = true
        for key in required where out[key] == nil {
            diagnostics.append(
                Diagnostic(
                    .error, at: Location(file: file, line: table.headerLine, column: 1),
                    "no '\(key)' column; the header must name \(required.map { "'\($0)'" }.joined(separator: " and "))"))
            ok = false
        }
        return ok ? out : nil
    }

    mutating func readPeople(_ table: CSVTable) {
        guard let cols = columns(table, file: peopleFile, allowed: Keys.person, aliases: Keys.personColumnAliases, required: ["id", "name"]) else { return }
        csvFiles[Self.peopleFilePosition] = SourceMap.CSVColumns(file: peopleFile, columns: cols.mapValues { $0 + 1 })
        peopleIndex = IdTable(capacity: table.rows.count + 64)
        people.reserveCapacity(table.rows.count + spare.people)
        peopleOrigins.reserveCapacity(table.rows.count + spare.people)
        let c = Columns(cols)
        let id_ = c["id"], name = c["name"], title = c["title"], unit = c["unit"], site = c["site"], level = c["level"]
        let email = c["email"], crmId = c["crm_id"], reportsTo = c["reports_to"], dotted = c["dotted"], roles = c["roles"], stance = c["stance"]
        let power = c["power"], criteria = c["criteria"], placeholder = c["placeholder"], left = c["left"], notes = c["notes"]
        var rowOfPerson: [Int32] = []
        rowOfPerson.reserveCapacity(table.rows.count)
        // One reader of cells for the whole file, moved from row to row: a copy per row
        // would count references to the table's storage twice a row.
        var cells = RowCells(table: table, file: peopleFile)
        let levels = Spellings<Level>(), stances = Spellings<Stance>(), powers = Spellings<Power>()
        // Each id's hash first, so that the id table's slots for a group of rows can be read
        // together, their waits for memory overlapping, before the group is converted.
        let idHashes = table.rows.map { row in table.withTrimmed(row, id_.index ?? -1, IdTable.hash) }
        let group = 16
        for (r, row) in table.rows.enumerated() {
            if r % group == 0 { peopleIndex.touch(idHashes[r..<min(r + group, idHashes.count)]) }
            guard checkWidth(row, table, file: peopleFile) else { continue }
            cells.move(to: row)
            defer { if !cells.diagnostics.isEmpty { diagnostics += cells.diagnostics } }
            guard let id = cells.text(id_), !id.isEmpty else {
                diagnostics.append(Diagnostic(.error, at: cells.place(id_), "row has no id; every person needs one"))
                continue
            }
            if let first = peopleIndex.insertIfAbsent(id, people.count, hash: idHashes[r]) {
                diagnostics.append(
                    Diagnostic(.error, at: cells.place(id_), "duplicate person id '\(id)' (first at line \(peopleOrigins[first].csvLine)); ids must be unique"))
                continue
            }
            var f = PersonFields()
            f.id = id
            f.name = cells.text(name)
            f.title = cells.text(title)
            f.unit = cells.text(unit)
            f.site = cells.text(site)
            f.level = cells.choice(level, levels)
            f.email = cells.text(email)
            f.crmId = cells.text(crmId)
            f.reportsTo = cells.text(reportsTo)
            f.dotted = cells.list(dotted)
            f.roles = cells.list(roles).map { $0.compactMap { cells.convert($0, roles, "role", BuyingRole.self) } }
            f.stance = cells.choice(stance, stances)
            f.power = cells.choice(power, powers)
            f.criteria = cells.list(criteria).map { $0.compactMap { cells.convert($0, criteria, "criterion", Criterion.self) } }
            f.placeholder = cells.bool(placeholder)
            f.left = cells.day(left)
            f.notes = cells.text(notes)
            if (f.name ?? "").isEmpty && f.placeholder != true {
                cells.diagnostics.append(Diagnostic(.error, at: cells.place(name), "person '\(id)' has an empty name"))
            }
            people.append(f.makePerson(id: id))
            peopleOrigins.append(SourceMap.Origin(csvFile: Self.peopleFilePosition, line: row.line))
            rowOfPerson.append(Int32(r))
        }
        // Managers, from the cells' bytes (read in file order) rather than the strings.
        // Their slots are read a group at a time too.
        let ids = peopleIndex
        let managerHashes = rowOfPerson.map { r in table.withTrimmed(table.rows[Int(r)], reportsTo.index ?? -1, IdTable.hash) }
        var resolved = ManagerHints(capacity: rowOfPerson.count)
        for (k, r) in rowOfPerson.enumerated() {
            if k % group == 0 { ids.touch(managerHashes[k..<min(k + group, managerHashes.count)]) }
            resolved.append(
                managerAt: table.withTrimmed(table.rows[Int(r)], reportsTo.index ?? -1) { bytes in
                    bytes.isEmpty ? nil : ids.value(utf8: bytes, hash: managerHashes[k])
                })
        }
        managers = resolved
    }

    mutating func readLinks(_ table: CSVTable) {
        guard let cols = columns(table, file: linksFile, allowed: Keys.link, aliases: [:], required: ["from", "to"]) else { return }
        csvFiles[Self.linksFilePosition] = SourceMap.CSVColumns(file: linksFile, columns: cols.mapValues { $0 + 1 })
        links.reserveCapacity(table.rows.count + spare.links)
        linkOrigins.reserveCapacity(table.rows.count + spare.links)
        linkHashes.reserveCapacity(2 * table.rows.count)
        let c = Columns(cols)
        let fromC = c["from"], toC = c["to"], typeC = c["type"], strengthC = c["strength"], notesC = c["notes"]
        var cells = RowCells(table: table, file: linksFile)
        let types = Spellings<LinkType>()
        for row in table.rows {
            guard checkWidth(row, table, file: linksFile) else { continue }
            cells.move(to: row)
            let from = cells.text(fromC), to = cells.text(toC)
            // Type and strength straight from the bytes when they read as usual; otherwise
            // as text, which names the problem.
            let type: LinkType? = cells.withBytes(typeC, \.isEmpty) ? .influence : cells.choice(typeC, types)
            var strengthText: String? = nil
            var strength = cells.withBytes(strengthC) { Convert.decimal($0) }
            if strength == nil, let text = cells.text(strengthC) {
                strengthText = text
                strength = cells.number(text, strengthC)
            }
            if from == nil { cells.diagnostics.append(Diagnostic(.error, at: cells.place(fromC), "link has no 'from'")) }
            if to == nil { cells.diagnostics.append(Diagnostic(.error, at: cells.place(toC), "link has no 'to'")) }
            if !cells.diagnostics.isEmpty { diagnostics += cells.diagnostics }
            guard var from, var to, let type, strengthText == nil || strength != nil else { continue }
            linkHashes.append(from.withUTF8(IdTable.hash))
            linkHashes.append(to.withUTF8(IdTable.hash))
            links.append(Link(from: from, to: to, type: type, strength: strength, notes: cells.text(notesC)))
            linkOrigins.append(SourceMap.Origin(csvFile: Self.linksFilePosition, line: row.line))
        }
    }

    mutating func checkWidth(_ row: CSVTable.Row, _ table: CSVTable, file: String) -> Bool {
        if row.count == table.header.count { return true }
        let column = min(row.count, table.header.count) + 1
        diagnostics.append(
            Diagnostic(
                .error, at: Location(file: file, line: row.line, column: column),
                "row has \(row.count) fields but the header has \(table.header.count); check for a missing or extra '\(String(UnicodeScalar(table.separator)))' or an unquoted separator inside a value"
            ))
        return false
    }
}

/// A column of a directory file: its key (for messages) and its position, resolved once
/// per file so rows are read by index.
private struct Column {
    let key: String
    let index: Int?
}

private struct Columns {
    let map: [String: Int]
    init(_ map: [String: Int]) { self.map = map }
    subscript(key: String) -> Column { Column(key: key, index: map[key]) }
}

/// The cells of one CSV row, read by column, with located messages. One reader serves a
/// whole file: `move(to:)` goes to the next row and clears the messages.
private struct RowCells {
    let table: CSVTable
    private(set) var row = CSVTable.Row(line32: 0, first: 0, count32: 0)
    let file: String
    var diagnostics: [Diagnostic] = []

    init(table: CSVTable, file: String) {
        self.table = table
        self.file = file
    }

    mutating func move(to row: CSVTable.Row) {
        self.row = row
        if !diagnostics.isEmpty { diagnostics.removeAll(keepingCapacity: true) }
    }

    func place(_ c: Column) -> Location {
        Location(file: file, line: row.line, column: (c.index ?? 0) + 1)
    }

    /// The trimmed cell, or nil when the column is absent or the cell empty.
    func text(_ c: Column) -> String? {
        guard let i = c.index else { return nil }
        return table.trimmed(row, i)
    }

    func list(_ c: Column) -> [String]? { text(c).map(Convert.splitList) }

    /// Calls `body` with the trimmed cell's bytes (none when the column is absent).
    func withBytes<R>(_ c: Column, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let i = c.index else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return table.withTrimmed(row, i, body)
    }

    mutating func convert<E: RawRepresentable & CaseIterable>(_ s: String, _ c: Column, _ what: String, _ t: E.Type) -> E? where E.RawValue == String {
        switch Convert.enumValue(s, key: what, t) {
        case .success(let v): return v
        case .failure(let m): diagnostics.append(Diagnostic(.error, at: place(c), m.text)); return nil
        }
    }

    /// The cell as one of `spellings`' values: straight from the bytes when it is spelt
    /// as the format writes it, otherwise as text (other spellings, and the message).
    mutating func choice<E>(_ c: Column, _ spellings: Spellings<E>) -> E? {
        if let v = withBytes(c, spellings.value) { return v }
        return text(c).flatMap { convert($0, c, c.key, E.self) }
    }

    /// `s` (the cell of column `c`) as a number; a decimal comma is accepted.
    mutating func number(_ s: String, _ c: Column) -> Double? {
        let key = c.key
        if let v = Convert.decimal(s.utf8) { return v }
        if let v = Convert.number(s.utf8.contains(UInt8(ascii: ",")) ? s.replacingOccurrences(of: ",", with: ".") : s) { return v }
        diagnostics.append(Diagnostic(.error, at: place(c), "\(key) must be a number, not '\(s)'"))
        return nil
    }

    mutating func bool(_ c: Column) -> Bool? {
        guard let s = text(c) else { return nil }
        let key = c.key
        if let v = Convert.bool(s) { return v }
        diagnostics.append(Diagnostic(.error, at: place(c), "\(key) must be true or false, not '\(s)'"))
        return nil
    }

    mutating func day(_ c: Column) -> Day? {
        guard let s = text(c) else { return nil }
        let key = c.key
        switch Convert.day(s, key: key) {
        case .success(let d): return d
        case .failure(let m): diagnostics.append(Diagnostic(.error, at: place(c), m.text)); return nil
        }
    }
}

/// The values of a column of choices (level, stance, power, a link's type) by the bytes of their
/// usual spelling, the format's own: most cells are read without making a string.
private struct Spellings<E: RawRepresentable & CaseIterable> where E.RawValue == String {
    let cases: [(bytes: [UInt8], value: E)] = E.allCases.map { (Array($0.rawValue.utf8), $0) }

    /// The value spelt exactly `b`, or nil.
    func value(_ b: UnsafeBufferPointer<UInt8>) -> E? {
        for c in cases where same(b, c.bytes) { return c.value }
        return nil
    }
}

/// Whether a cell's bytes are `word`'s: the lengths, then one comparison of the bytes.
private func same(_ b: UnsafeBufferPointer<UInt8>, _ word: [UInt8]) -> Bool {
    guard b.count == word.count else { return false }
    return word.withUnsafeBufferPointer { w in
        guard let x = b.baseAddress, let y = w.baseAddress else { return true }
        return memcmp(x, y, b.count) == 0
    }
}

/// `path` with symbolic links followed and `.` and `..` resolved; nil when it does not exist.
public func resolvedPath(_ path: String) -> String? {
    guard let r = realpath(path, nil) else { return nil }
    defer { free(r) }
    return String(cString: r)
}

/// Whether `path` is `folder` or lies in it, both already resolved (`resolvedPath`).
public func isWithin(_ path: String, folder: String) -> Bool {
    path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
}
