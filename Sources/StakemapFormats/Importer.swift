import Foundation
import StakemapCore

/// One person as an HR or CRM export gives them, before merging.
public struct ImportedPerson: Sendable, Hashable {
    public var key: String  // the source's own identifier (Salesforce Id, DN, row id)
    public var id: String?  // a Stakemap id when the source has one
    public var name: String
    public var title: String?
    public var unit: String?
    public var site: String?
    public var email: String?
    public var level: Level?
    /// The manager's key in the same source (id, Salesforce Id, DN or e-mail).
    public var managerKey: String?
    /// The record's id in the CRM (a Salesforce Contact Id), kept on the person.
    public var crmId: String? = nil
    /// Who of ours owns the contact: a Salesforce User Id, or in a generic file a team
    /// id, e-mail or name.
    public var ownerKey: String? = nil
    /// The last activity with them (Salesforce's LastActivityDate): the owner's
    /// relationship's `last_contact`.
    public var lastContact: Day? = nil
    /// The row, for messages about it.
    public var location: Location? = nil
}

/// One of our colleagues as a CRM's user export gives them (a Salesforce User).
public struct ImportedUser: Sendable, Hashable {
    /// The CRM's id for them, as the contacts' owners name it.
    public var key: String
    /// The id as written (kept as the colleague's `crm_id`).
    public var crmId: String
    public var name: String
    public var title: String?
    public var email: String?
}

/// An opportunity role from a CRM export.
public struct ImportedRole: Sendable, Hashable {
    public var opportunity: String
    public var personKey: String
    public var role: BuyingRole
    /// The opportunity's name, when the export has it.
    public var opportunityName: String? = nil
}

/// What an export file held, with located problems.
public struct ImportBatch: Sendable {
    public var people: [ImportedPerson] = []
    public var roles: [ImportedRole] = []
    /// Our colleagues, from a user export.
    public var users: [ImportedUser] = []
    /// The user export, when one was read (named in messages about owners).
    public var usersFile: String?
    /// How owners are named: Salesforce User Ids (resolved through `users` and the team's
    /// `crm_id`), or a team member's id, e-mail or name (generic files).
    public var owners: OwnerNaming = .byTeam
    /// Whether keys are Salesforce Ids, where a 15-character Id and its 18-character form
    /// name the same record.
    public var salesforceIds = false
    public var diagnostics: [Diagnostic] = []
}

/// How an export names the owner of a contact.
public enum OwnerNaming: Sendable, Hashable {
    /// A CRM user id, found in the user export or in a colleague's `crm_id`.
    case crmUser
    /// A colleague's id, `crm_id`, e-mail or name; an owner found nowhere joins the team.
    case byTeam
}

/// What an import does beyond merging the people.
public struct ImportOptions: Sendable, Hashable {
    /// The export lists everyone: active people it lacks are marked as left on `day`.
    public var full: Bool
    /// The day people are marked as left.
    public var day: Day
    /// The level of a relationship made from a contact's owner (an existing one keeps its own).
    public var ownerLevel: RelationshipLevel
    /// Opportunities whose roles become their people's account-level roles (ids, or the
    /// CRM's ids they were made from).
    public var rolesToAccount: [String]

    /// What a CRM's ownership says until the team says more: the owner deals with the
    /// contact and logs activities with them, a credible source (0.5), decayed from the
    /// last activity's date like any relationship.
    public static let defaultOwnerLevel = RelationshipLevel.credibleSource

    public init(full: Bool = false, day: Day, ownerLevel: RelationshipLevel = defaultOwnerLevel, rolesToAccount: [String] = []) {
        self.full = full
        self.day = day
        self.ownerLevel = ownerLevel
        self.rolesToAccount = rolesToAccount
    }
}

public enum Importer {
    /// The Stakemap fields a generic CSV column can map to.
    public static let genericKeys = [
        "id", "name", "first_name", "last_name", "title", "unit", "site", "email", "reports_to", "level",
        "crm_id", "owner", "last_contact",
    ]

    static func csv(_ path: String) -> (CSVTable?, [Diagnostic]) {
        guard let bytes = readFileBytes(path) else {
            return (nil, [Diagnostic(.error, at: nil, file: path, "no such file; check the path")])
        }
        if let (line, column) = AccountLoader.firstInvalidUTF8(bytes) {
            return (
                nil,
                [
                    Diagnostic(
                        .error, at: Location(file: path, line: line, column: column),
                        "the file is not UTF-8 text; export it as UTF-8 CSV")
                ]
            )
        }
        do { return (try CSVTable.parse(bytes), []) } catch {
            return (nil, [Diagnostic(.error, at: Location(file: path, line: error.line, column: error.field), error.message)])
        }
    }

    /// The index of the first header among `names`, in any case.
    static func column(_ header: [String], _ names: String...) -> Int? {
        for name in names {
            if let i = header.firstIndex(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return i }
        }
        return nil
    }

    /// A day as CRM exports write it: `YYYY-MM-DD`, or a date-time starting so
    /// (`2026-10-02T14:30:00.000Z`); nil for anything else.
    public static func exportedDay(_ text: String) -> Day? {
        if let d = Day(iso: text) { return d }
        guard text.count > 10, text.dropFirst(10).first == "T" else { return nil }
        return Day(iso: String(text.prefix(10)))
    }

    /// A malformed row: reported and skipped, or an error with `strict`.
    static func malformed(_ strict: Bool, _ at: Location, _ what: String) -> Diagnostic {
        Diagnostic(strict ? .error : .warning, at: at, "\(what); \(strict ? "fix it" : "skipped")")
    }

    /// The rows of `table` with as many fields as its header; each other row is reported
    /// (an error with `strict`, else a warning and skipped), located at its first missing
    /// or extra field.
    static func wellFormedRows(_ table: CSVTable, path: String, strict: Bool, into batch: inout ImportBatch) -> [CSVTable.Row] {
        let fields = table.header.count
        return table.rows.filter { row in
            guard row.count != fields else { return true }
            batch.diagnostics.append(
                malformed(
                    strict, Location(file: path, line: row.line, column: min(row.count, fields) + 1),
                    "row has \(row.count) fields but the header has \(fields)"))
            return false
        }
    }

    /// A generic CSV, with `mapping` from Stakemap keys to the file's column headers
    /// (columns named like the keys map themselves). An `owner` column names one of our
    /// team (id, crm_id, e-mail or name; someone the team lacks joins it), and
    /// `last_contact` the day of their last contact with the person.
    /// A malformed row is a warning, and skipped, unless `strict` makes it an error.
    public static func generic(_ path: String, mapping: [String: String], strict: Bool = false) -> ImportBatch {
        var batch = ImportBatch()
        let (table, problems) = csv(path)
        batch.diagnostics = problems
        guard let table else { return batch }
        let headers = table.header
        var column: [String: Int] = [:]
        for key in genericKeys {
            let wanted = mapping[key] ?? key
            if let i = Self.column(headers, wanted) {
                column[key] = i
            } else if mapping[key] != nil {
                let hint = Suggester(headers).hint(for: wanted)
                batch.diagnostics.append(
                    Diagnostic(
                        .error, at: Location(file: path, line: table.headerLine, column: 1),
                        "\(key) is mapped to '\(wanted)', which is not a column\(hint); columns: \(headers.joined(separator: ", "))"))
            }
        }
        if column["name"] == nil && (column["first_name"] == nil || column["last_name"] == nil) {
            batch.diagnostics.append(
                Diagnostic(
                    .error, at: Location(file: path, line: table.headerLine, column: 1),
                    "no name column: map a column to name (or one to first_name and one to last_name)"))
        }
        if let c = column["last_contact"], column["owner"] == nil {
            batch.diagnostics.append(
                Diagnostic(
                    .error, at: Location(file: path, line: table.headerLine, column: c + 1),
                    "a last-contact column needs an owner column (the last contact is the owner's): map one with --map owner=COLUMN"))
        }
        if batch.diagnostics.contains(where: { $0.severity == .error }) { return batch }
        readPeople(table, path: path, column: column, strict: strict, into: &batch)
        return batch
    }

    /// The people rows of `table`, `column` giving each key's column.
    static func readPeople(_ table: CSVTable, path: String, column: [String: Int], strict: Bool, into batch: inout ImportBatch) {
        let headers = table.header
        batch.people.reserveCapacity(table.rows.count)
        for row in wellFormedRows(table, path: path, strict: strict, into: &batch) {
            func cell(_ k: String) -> String? {
                guard let i = column[k] else { return nil }
                return table.trimmed(row, i)
            }
            func place(_ k: String) -> Location { Location(file: path, line: row.line, column: (column[k] ?? 0) + 1) }
            let name = cell("name") ?? [cell("first_name"), cell("last_name")].compactMap { $0 }.joined(separator: " ")
            guard !name.isEmpty else {
                batch.diagnostics.append(Diagnostic(.warning, at: place(column["name"] == nil ? "last_name" : "name"), "row without a name skipped"))
                continue
            }
            let level = cell("level").flatMap { Level(rawValue: $0.lowercased()) }
            let key = cell("id") ?? cell("crm_id") ?? cell("email") ?? "row\(row.line)"
            var last: Day?
            if let text = cell("last_contact") {
                last = exportedDay(text)
                if last == nil {
                    let header = headers[column["last_contact"] ?? 0]
                    batch.diagnostics.append(
                        Diagnostic(
                            strict ? .error : .warning, at: place("last_contact"),
                            "\(header) '\(text)' is not a date; write it as YYYY-MM-DD\(strict ? "" : " (the row is imported without it)")"))
                }
            }
            batch.people.append(
                ImportedPerson(
                    key: key, id: cell("id"), name: name, title: cell("title"), unit: cell("unit"), site: cell("site"),
                    email: cell("email"), level: level, managerKey: cell("reports_to"), crmId: cell("crm_id"),
                    ownerKey: cell("owner"), lastContact: last, location: place("owner")))
        }
    }

    /// An LDIF export (LDAP, Active Directory): people from `cn`/`displayName`, `title`,
    /// `department`, `l` (site), `mail`; reporting lines from `manager` (a DN).
    public static func ldif(_ path: String, strict: Bool = false) -> ImportBatch {
        var batch = ImportBatch()
        // Read as the account files are: Foundation's FileManager.contents(atPath:) leaks a
        // 4 KiB buffer for each empty file it reads.
        guard let data = readFileBytes(path) else {
            batch.diagnostics.append(Diagnostic(.error, at: nil, file: path, "no such file; check the path"))
            return batch
        }
        let text = String(decoding: data, as: UTF8.self)
        // Unfold continuation lines (a line starting with one space continues the previous).
        var lines: [(Int, String)] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.hasPrefix(" "), !lines.isEmpty, !lines[lines.count - 1].1.isEmpty {
                lines[lines.count - 1].1 += line.dropFirst()
            } else {
                lines.append((n + 1, line))
            }
        }
        var entry: [String: [String]] = [:]
        var entryLine = 1
        var firstLineOfDN: [String: Int] = [:]
        func flush() {
            defer { entry = [:] }
            guard let dn = entry["dn"]?.first else { return }
            // One entry a DN: a second would be the same person under the same key, whom a
            // re-import could no longer match by the first entry's name.
            if let first = firstLineOfDN[normalizeDN(dn)] {
                batch.diagnostics.append(
                    Diagnostic(
                        strict ? .error : .warning, at: Location(file: path, line: entryLine, column: 1),
                        "entry \(dn) repeats the DN of the entry at line \(first); \(strict ? "fix it" : "skipped")"))
                return
            }
            firstLineOfDN[normalizeDN(dn)] = entryLine
            let classes = Set((entry["objectclass"] ?? []).map { $0.lowercased() })
            if !classes.isEmpty && classes.isDisjoint(with: ["person", "user", "inetorgperson", "organizationalperson"]) { return }
            guard let name = entry["displayname"]?.first ?? entry["cn"]?.first else {
                batch.diagnostics.append(
                    Diagnostic(.warning, at: Location(file: path, line: entryLine, column: 1), "entry \(dn) has no cn or displayName; skipped"))
                return
            }
            batch.people.append(
                ImportedPerson(
                    key: normalizeDN(dn), id: nil, name: name, title: entry["title"]?.first,
                    unit: entry["department"]?.first ?? entry["ou"]?.first, site: entry["l"]?.first,
                    email: entry["mail"]?.first, level: nil, managerKey: entry["manager"]?.first.map(normalizeDN)))
        }
        for (n, line) in lines {
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("#") { continue }
            if entry.isEmpty { entryLine = n }
            guard let colon = line.firstIndex(of: ":") else {
                batch.diagnostics.append(
                    Diagnostic(
                        strict ? .error : .warning, at: Location(file: path, line: n, column: 1),
                        "not an 'attribute: value' line; \(strict ? "fix it" : "skipped")"))
                continue
            }
            let attribute = line[..<colon].lowercased()
            var value = line[line.index(after: colon)...]
            var base64 = false
            if value.hasPrefix(":") { base64 = true; value = value.dropFirst() }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            let decoded: String
            if base64 {
                guard let d = Data(base64Encoded: trimmed) else {
                    batch.diagnostics.append(
                        Diagnostic(
                            strict ? .error : .warning, at: Location(file: path, line: n, column: colon.utf16Offset(in: line) + 3),
                            "bad base64 value for \(attribute); \(strict ? "fix it" : "skipped")"))
                    continue
                }
                decoded = String(decoding: d, as: UTF8.self)
            } else {
                decoded = trimmed
            }
            entry[attribute, default: []].append(decoded)
        }
        flush()
        return batch
    }

    static func normalizeDN(_ dn: String) -> String {
        dn.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.joined(separator: ",")
    }

    /// An id from a name: lowercase ASCII letters, `.` between words ("Hélène Le Gall" →
    /// "helene.le-gall" is not tried: words are joined by dots, "helene.le.gall").
    public static func slug(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var words: [String] = []
        var current = ""
        for ch in folded.unicodeScalars {
            if ch.isASCII && (CharacterSet.alphanumerics.contains(ch)) {
                current.unicodeScalars.append(ch)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.isEmpty ? "person" : words.joined(separator: ".").lowercased()
    }
}

/// The result of merging an import into an account.
public struct ImportReport: Sendable {
    public var added: [String] = []
    public var updated: [(id: String, fields: [String])] = []
    public var markedLeft: [String] = []
    public var rolesAdded = 0
    /// Colleagues who joined our team (owners of imported contacts).
    public var teamAdded: [String] = []
    /// Colleagues whose CRM record changed (name, title, e-mail, crm_id).
    public var teamUpdated: [(id: String, fields: [String])] = []
    /// Relationships made from owners.
    public var relationshipsAdded = 0
    /// Relationships whose `last_contact` moved forward to a newer activity.
    public var contactsRefreshed = 0
    /// Relationships whose recorded contact is newer than the export's (kept as it was).
    public var contactsKept = 0
    /// People who gained account-level roles from an opportunity.
    public var accountRoles: [String] = []
    /// Located warnings about the merge (owners the export does not describe).
    public var diagnostics: [Diagnostic] = []
    /// When the account has no account-level role after the import, the opportunities
    /// holding roles (the account scope then has no score; see `AccountAnalysis.noScoreReason`).
    public var rolesOnlyOn: [RolesOnOpportunity] = []
    public var problems: [String] = []
}

extension Importer {
    /// An id a Salesforce export may write in either of its forms: the 18-character
    /// Id's first 15 characters are the case-sensitive 15-character Id it extends.
    public static func salesforceKey(_ id: String) -> String {
        guard id.utf8.count == 18 else { return id }
        let alphanumeric = id.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
        return alphanumeric ? String(id.prefix(15)) : id
    }

    /// Merges `batch` into `file`: a person matches by CRM id (`crm_id`), then by id,
    /// then by e-mail, and one given none of these by name, each person once; directory fields (name, title, unit, site, e-mail, crm_id, level,
    /// manager) are refreshed; what the team curated (roles, stance, power, criteria,
    /// notes, links, relationships' levels, strengths and notes) is never touched. New
    /// people are added (to the directory when the account has one). With `full`, active
    /// people missing from the import are marked as left on `day` (placeholders excepted).
    /// Contacts' owners become colleagues and relationships (see `mergeOwners`).
    public static func merge(_ batch: ImportBatch, into file: inout AccountFile, options: ImportOptions) -> ImportReport {
        var report = ImportReport()
        var account = file.account
        let full = options.full
        let salesforce = batch.salesforceIds
        let crmKey = { (id: String) -> String in salesforce ? salesforceKey(id) : id }
        var byId: [String: Int] = [:]
        var byEmail: [String: Int] = [:]
        var byCRM: [String: Int] = [:]
        byId.reserveCapacity(account.people.count)
        byEmail.reserveCapacity(account.people.count)
        for (i, p) in account.people.enumerated() {
            byId[p.id] = i
            if let e = p.email?.lowercased() { byEmail[e] = i }
            if let c = p.crmId { byCRM[crmKey(c)] = i }
        }
        var used = Set<String>(minimumCapacity: account.people.count + batch.people.count + account.team.count)
        for p in account.people { used.insert(p.id) }
        for t in account.team { used.insert(t.id) }
        // First pass: decide each imported person's Stakemap id.
        var idOfKey: [String: String] = [:]
        var indexOf: [String: Int] = [:]  // key → index in account.people once placed
        idOfKey.reserveCapacity(batch.people.count)
        indexOf.reserveCapacity(batch.people.count)
        // A person matches one imported record at most: by CRM id or id first, then by
        // e-mail, then, for a record with none of the three (an LDIF entry without mail, a CSV
        // row without those columns), by name; among people sharing an e-mail or a name, the
        // first not matched yet. Else a re-import would match two records to one person and
        // add the other again.
        var claimed = Set<Int>()
        var rest: [ImportedPerson] = []
        var sharingCRM: [String: [Int]] = [:]
        if batch.people.contains(where: { $0.crmId != nil }) {
            for (i, p) in account.people.enumerated() { if let c = p.crmId { sharingCRM[crmKey(c), default: []].append(i) } }
        }
        for q in batch.people {
            let match =
                q.crmId.flatMap { sharingCRM[crmKey($0)]?.first { !claimed.contains($0) } }
                ?? q.id.flatMap { byId[$0] }.flatMap { claimed.contains($0) ? nil : $0 }
            guard let i = match, idOfKey[q.key] == nil else {
                rest.append(q)
                continue
            }
            claimed.insert(i)
            idOfKey[q.key] = account.people[i].id
            indexOf[q.key] = i
        }
        if !rest.isEmpty {
            var sharing: [String: [Int]] = [:]  // "@e-mail" or "name", to unmatched people
            for (i, p) in account.people.enumerated() where !claimed.contains(i) {
                if let e = p.email?.lowercased() { sharing["@" + e, default: []].append(i) }
                sharing[p.name, default: []].append(i)
            }
            for q in rest where idOfKey[q.key] == nil {
                let key = q.email.map { "@" + $0.lowercased() } ?? (q.crmId == nil && q.id == nil ? q.name : nil)
                guard let key, let i = sharing[key]?.first(where: { !claimed.contains($0) }) else { continue }
                claimed.insert(i)
                idOfKey[q.key] = account.people[i].id
                indexOf[q.key] = i
            }
        }
        for q in rest where idOfKey[q.key] == nil {
            idOfKey[q.key] = unusedId(q.id ?? q.email.map { slug(String($0.split(separator: "@").first ?? "")) } ?? slug(q.name), &used)
        }
        func managerId(_ q: ImportedPerson) -> String? {
            guard let m = q.managerKey else { return nil }
            if let id = idOfKey[m] { return id }
            if let i = byCRM[crmKey(m)] { return account.people[i].id }
            // A manager given by e-mail.
            if let i = byEmail[m.lowercased()] { return account.people[i].id }
            if let other = batch.people.first(where: { $0.email?.lowercased() == m.lowercased() }) { return idOfKey[other.key] }
            report.problems.append("manager '\(m)' of \(q.name) is not in the import; reports_to left as it was")
            return nil
        }
        var seen = Set<String>(minimumCapacity: batch.people.count)
        let directoryIndex = Dictionary(file.directoryPeople.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        account.people.reserveCapacity(account.people.count + batch.people.count)
        for q in batch.people {
            guard let id = idOfKey[q.key] else { continue }
            if full { seen.insert(id) }
            let manager = managerId(q)
            if let i = indexOf[q.key] {
                var p = account.people[i]
                var fields: [String] = []
                func refresh<T: Equatable>(_ path: WritableKeyPath<Person, T>, _ value: T, _ name: String) {
                    if p[keyPath: path] != value { p[keyPath: path] = value; fields.append(name) }
                }
                refresh(\.name, q.name, "name")
                if let t = q.title { refresh(\.title, t, "title") }
                if let u = q.unit { refresh(\.unit, u, "unit") }
                if let s = q.site { refresh(\.site, s, "site") }
                if let e = q.email { refresh(\.email, e, "email") }
                // The same record in its other form (15 or 18 characters) is no change.
                if let c = q.crmId, p.crmId.map(crmKey) != crmKey(c) { refresh(\.crmId, c, "crm_id") }
                if let l = q.level { refresh(\.level, l, "level") }
                if let m = manager, m != p.id { refresh(\.reportsTo, m, "reports_to") }
                if p.left != nil && full { p.left = nil; fields.append("back (left cleared)") }
                if !fields.isEmpty {
                    account.people[i] = p
                    report.updated.append((id, fields))
                    if let d = directoryIndex[id] {
                        var base = file.directoryPeople[d]
                        base.name = p.name; base.title = p.title; base.unit = p.unit; base.site = p.site
                        base.email = p.email; base.crmId = p.crmId; base.level = p.level; base.reportsTo = p.reportsTo
                        file.directoryPeople[d] = base
                    }
                }
            } else {
                let p = Person(
                    id: id, name: q.name, title: q.title, unit: q.unit, site: q.site, level: q.level, email: q.email,
                    reportsTo: manager == id ? nil : manager, crmId: q.crmId)
                indexOf[q.key] = account.people.count
                account.people.append(p)
                if file.directory != nil { file.directoryPeople.append(p) }
                report.added.append(id)
            }
        }
        if full {
            for i in account.people.indices where !seen.contains(account.people[i].id) && account.people[i].left == nil && !account.people[i].placeholder {
                account.people[i].left = options.day
                report.markedLeft.append(account.people[i].id)
            }
        }
        for r in batch.roles {
            guard let id = idOfKey[r.personKey] ?? byCRM[crmKey(r.personKey)].map({ account.people[$0].id }) else {
                report.problems.append("opportunity role for unknown contact '\(r.personKey)' skipped")
                continue
            }
            let oid = Importer.slug(r.opportunity)
            if !account.opportunities.contains(where: { $0.id == oid }) {
                account.opportunities.append(Opportunity(id: oid, name: r.opportunityName ?? r.opportunity))
            }
            if let k = account.opportunities.firstIndex(where: { $0.id == oid }), !(account.opportunities[k].roles[r.role]?.contains(id) ?? false) {
                account.opportunities[k].roles[r.role, default: []].append(id)
                account.opportunities[k].roles[r.role]?.sort()
                report.rolesAdded += 1
            }
        }
        mergeOwners(batch, into: &account, personOf: idOfKey, used: &used, options: options, report: &report)
        file.account = account
        return report
    }

    /// `stem`, or `stem.2`, `stem.3`… — the first that `used` lacks, which then holds it.
    static func unusedId(_ stem: String, _ used: inout Set<String>) -> String {
        var id = stem
        var n = 2
        while used.contains(id) { id = "\(stem).\(n)"; n += 1 }
        used.insert(id)
        return id
    }

    /// Copies the roles of each opportunity `ids` names (an id, or the CRM id it was made
    /// from) to their people's account-level roles.
    /// - Returns: the people who gained a role, each once, in the order found.
    /// - Throws: `EditError` for an opportunity the account lacks.
    static func copyRolesToAccount(_ ids: [String], in account: inout Account) throws(EditError) -> [String] {
        var changed: [String] = []
        for given in ids {
            let known = Set(account.opportunities.map(\.id))
            let id = known.contains(given) || !known.contains(slug(given)) ? given : slug(given)
            for p in try account.copyRolesToAccount(from: id) where !changed.contains(p) { changed.append(p) }
        }
        return changed
    }
}

extension Importer {
    /// Merges `batch` into the account file at `path` through an edit session, or creates
    /// the file (named `name`, else after the file) when there is none; a new account of
    /// more than `AccountWriter.directoryAbove` people keeps them in a directory beside it.
    /// With `options.full`, people of an existing account that the batch lacks are marked
    /// as left on `options.day`; `options.rolesToAccount` names opportunities whose roles
    /// become account-level roles once the batch is merged.
    /// - Throws: `StakemapError` when the batch has errors (nothing is imported), names an
    ///   opportunity the account lacks, or when the result would be an invalid account
    ///   (nothing is written).
    public static func apply(
        _ batch: ImportBatch, to path: String, options: ImportOptions, name: String?,
        source: String
    ) throws(StakemapError) -> ImportReport {
        if batch.diagnostics.contains(where: { $0.severity == .error }) {
            throw StakemapError(batch.diagnostics, advice: "\(source): nothing was imported; fix the errors above")
        }
        func merged(_ file: inout AccountFile, _ options: ImportOptions) throws(StakemapError) -> ImportReport {
            var report = merge(batch, into: &file, options: options)
            do { report.accountRoles = try copyRolesToAccount(options.rolesToAccount, in: &file.account) } catch {
                throw StakemapError(file: path, error.message)
            }
            if !file.account.hasAccountRoles(asOf: options.day) { report.rolesOnlyOn = file.account.opportunitiesWithRoles(asOf: options.day) }
            return report
        }
        if FileManager.default.fileExists(atPath: path) {
            let session = try EditSession(path)
            var report = ImportReport()
            try session.saveFile { file throws(StakemapError) in report = try merged(&file, options) }
            return report
        }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var file = AccountFile(account: Account(info: AccountInfo(name: name ?? stem)))
        var first = options
        first.full = false
        let report = try merged(&file, first)
        let problems = file.account.check().filter { $0.severity == .error }
        if !problems.isEmpty {
            throw StakemapError(
                problems.map { Diagnostic(.error, at: nil, file: path, $0.message) },
                advice: "\(path): the import would make an invalid account; nothing was written")
        }
        try AccountWriter.create(file.account, at: path)
        return report
    }
}
