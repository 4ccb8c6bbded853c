import Foundation
import StakemapCore

/// One person as an HR or CRM export gives them, before merging.
public struct ImportedPerson: Sendable, Hashable {
    public var key: String          // the source's own identifier (Salesforce Id, DN, row id)
    public var id: String?          // a Stakemap id when the source has one
    public var name: String
    public var title: String?
    public var unit: String?
    public var site: String?
    public var email: String?
    public var level: Level?
    /// The manager's key in the same source (id, Salesforce Id, DN or e-mail).
    public var managerKey: String?
}

/// An opportunity role from a CRM export.
public struct ImportedRole: Sendable, Hashable {
    public var opportunity: String
    public var personKey: String
    public var role: BuyingRole
}

/// What an export file held, with located problems.
public struct ImportBatch: Sendable {
    public var people: [ImportedPerson] = []
    public var roles: [ImportedRole] = []
    public var diagnostics: [Diagnostic] = []
}

public enum Importer {
    /// The Stakemap fields a generic CSV column can map to.
    public static let genericKeys = ["id", "name", "first_name", "last_name", "title", "unit", "site", "email", "reports_to", "level"]

    static func csv(_ path: String) -> (CSVTable?, [Diagnostic]) {
        guard let bytes = readFileBytes(path) else {
            return (nil, [Diagnostic(.error, at: nil, file: path, "no such file; check the path")])
        }
        if let (line, column) = AccountLoader.firstInvalidUTF8(bytes) {
            return (nil, [Diagnostic(.error, at: Location(file: path, line: line, column: column),
                                     "the file is not UTF-8 text; export it as UTF-8 CSV")])
        }
        do { return (try CSVTable.parse(bytes), []) } catch {
            return (nil, [Diagnostic(.error, at: Location(file: path, line: error.line, column: error.field), error.message)])
        }
    }

    /// A generic CSV, with `mapping` from Stakemap keys to the file's column headers
    /// (columns named like the keys map themselves).
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
            if let i = headers.firstIndex(where: { $0.caseInsensitiveCompare(wanted) == .orderedSame }) {
                column[key] = i
            } else if mapping[key] != nil {
                let hint = Suggester(headers).hint(for: wanted)
                batch.diagnostics.append(Diagnostic(.error, at: Location(file: path, line: table.headerLine, column: 1),
                                                    "\(key) is mapped to '\(wanted)', which is not a column\(hint); columns: \(headers.joined(separator: ", "))"))
            }
        }
        if column["name"] == nil && (column["first_name"] == nil || column["last_name"] == nil) {
            batch.diagnostics.append(Diagnostic(.error, at: Location(file: path, line: table.headerLine, column: 1),
                                                "no name column: map a column to name (or one to first_name and one to last_name)"))
        }
        if batch.diagnostics.contains(where: { $0.severity == .error }) { return batch }
        for row in table.rows {
            guard row.count == headers.count else {
                batch.diagnostics.append(Diagnostic(strict ? .error : .warning, at: Location(file: path, line: row.line, column: min(row.count, headers.count) + 1),
                                                    "row has \(row.count) fields but the header has \(headers.count); \(strict ? "fix it" : "skipped")"))
                continue
            }
            func cell(_ k: String) -> String? {
                guard let i = column[k] else { return nil }
                return table.trimmed(row, i)
            }
            let name = cell("name") ?? [cell("first_name"), cell("last_name")].compactMap { $0 }.joined(separator: " ")
            guard !name.isEmpty else {
                batch.diagnostics.append(Diagnostic(.warning, at: Location(file: path, line: row.line, column: (column["name"] ?? 0) + 1), "row without a name skipped"))
                continue
            }
            let level = cell("level").flatMap { Level(rawValue: $0.lowercased()) }
            let key = cell("id") ?? cell("email") ?? "row\(row.line)"
            batch.people.append(ImportedPerson(key: key, id: cell("id"), name: name, title: cell("title"), unit: cell("unit"), site: cell("site"),
                                               email: cell("email"), level: level, managerKey: cell("reports_to")))
        }
        return batch
    }

    /// Salesforce's role names onto ours.
    public static let salesforceRoles: [String: BuyingRole] = [
        "economic buyer": .economicBuyer, "economic decision maker": .economicBuyer, "decision maker": .decisionMaker,
        "executive sponsor": .sponsor, "technical buyer": .technicalEvaluator, "evaluator": .technicalEvaluator,
        "business user": .user, "influencer": .influencer,
    ]

    /// A Salesforce Contact export, and optionally an OpportunityContactRole export.
    public static func salesforce(contacts path: String, roles rolesPath: String?, strict: Bool = false) -> ImportBatch {
        var mapping = ["id": "Id", "first_name": "FirstName", "last_name": "LastName", "title": "Title", "unit": "Department",
                       "reports_to": "ReportsToId", "email": "Email"]
        let (table, _) = csv(path)
        if let header = table?.header, header.contains(where: { $0 == "MailingCity" }) { mapping["site"] = "MailingCity" }
        var batch = generic(path, mapping: mapping, strict: strict)
        // Salesforce Ids are keys, not Stakemap ids: ids come from the names.
        for i in batch.people.indices { batch.people[i].id = nil }
        guard let rolesPath else { return batch }
        let (rolesTable, problems) = csv(rolesPath)
        batch.diagnostics += problems
        guard let rolesTable else { return batch }
        let h = rolesTable.header
        guard let o = h.firstIndex(of: "OpportunityId"), let c = h.firstIndex(of: "ContactId"), let r = h.firstIndex(of: "Role") else {
            batch.diagnostics.append(Diagnostic(.error, at: Location(file: rolesPath, line: rolesTable.headerLine, column: 1),
                                                "an OpportunityContactRole export needs the columns OpportunityId, ContactId and Role"))
            return batch
        }
        for row in rolesTable.rows where row.count == h.count {
            let roleName = rolesTable.trimmed(row, r) ?? ""
            guard let role = salesforceRoles[roleName.lowercased()] else {
                if !roleName.isEmpty {
                    batch.diagnostics.append(Diagnostic(.warning, at: Location(file: rolesPath, line: row.line, column: r + 1),
                                                        "role '\(roleName)' has no Stakemap equivalent; skipped (known: \(salesforceRoles.keys.sorted().joined(separator: ", ")))"))
                }
                continue
            }
            batch.roles.append(ImportedRole(opportunity: rolesTable.field(row, o), personKey: rolesTable.field(row, c), role: role))
        }
        return batch
    }

    /// An LDIF export (LDAP, Active Directory): people from `cn`/`displayName`, `title`,
    /// `department`, `l` (site), `mail`; reporting lines from `manager` (a DN).
    public static func ldif(_ path: String, strict: Bool = false) -> ImportBatch {
        var batch = ImportBatch()
        guard let data = FileManager.default.contents(atPath: path) else {
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
        func flush() {
            defer { entry = [:] }
            guard let dn = entry["dn"]?.first else { return }
            let classes = Set((entry["objectclass"] ?? []).map { $0.lowercased() })
            if !classes.isEmpty && classes.isDisjoint(with: ["person", "user", "inetorgperson", "organizationalperson"]) { return }
            guard let name = entry["displayname"]?.first ?? entry["cn"]?.first else {
                batch.diagnostics.append(Diagnostic(.warning, at: Location(file: path, line: entryLine, column: 1), "entry \(dn) has no cn or displayName; skipped"))
                return
            }
            batch.people.append(ImportedPerson(key: normalizeDN(dn), id: nil, name: name, title: entry["title"]?.first,
                                               unit: entry["department"]?.first ?? entry["ou"]?.first, site: entry["l"]?.first,
                                               email: entry["mail"]?.first, level: nil, managerKey: entry["manager"]?.first.map(normalizeDN)))
        }
        for (n, line) in lines {
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("#") { continue }
            if entry.isEmpty { entryLine = n }
            guard let colon = line.firstIndex(of: ":") else {
                batch.diagnostics.append(Diagnostic(strict ? .error : .warning, at: Location(file: path, line: n, column: 1), "not an 'attribute: value' line; \(strict ? "fix it" : "skipped")"))
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
                    batch.diagnostics.append(Diagnostic(strict ? .error : .warning, at: Location(file: path, line: n, column: colon.utf16Offset(in: line) + 3), "bad base64 value for \(attribute); \(strict ? "fix it" : "skipped")"))
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
            if ch.isASCII && (CharacterSet.alphanumerics.contains(ch)) { current.unicodeScalars.append(ch) } else if !current.isEmpty {
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
    public var problems: [String] = []
}

extension Importer {
    /// Merges `batch` into `file`: a person matches by id, then by e-mail; directory fields
    /// (name, title, unit, site, e-mail, level, manager) are refreshed; what the team curated
    /// (roles, stance, power, criteria, notes, links, relationships) is never touched. New
    /// people are added (to the directory when the account has one). With `full`, active
    /// people missing from the import are marked as left on `day` (placeholders excepted).
    public static func merge(_ batch: ImportBatch, into file: inout AccountFile, full: Bool, day: Day) -> ImportReport {
        var report = ImportReport()
        var account = file.account
        var byId: [String: Int] = [:]
        var byEmail: [String: Int] = [:]
        byId.reserveCapacity(account.people.count)
        byEmail.reserveCapacity(account.people.count)
        for (i, p) in account.people.enumerated() {
            byId[p.id] = i
            if let e = p.email?.lowercased() { byEmail[e] = i }
        }
        var used = Set<String>(minimumCapacity: account.people.count + batch.people.count + account.team.count)
        for p in account.people { used.insert(p.id) }
        for t in account.team { used.insert(t.id) }
        // First pass: decide each imported person's Stakemap id.
        var idOfKey: [String: String] = [:]
        var indexOf: [String: Int] = [:]   // key → index in account.people once placed
        idOfKey.reserveCapacity(batch.people.count)
        indexOf.reserveCapacity(batch.people.count)
        for q in batch.people {
            if let id = q.id, let i = byId[id] { idOfKey[q.key] = id; indexOf[q.key] = i; continue }
            if let e = q.email?.lowercased(), let i = byEmail[e] { idOfKey[q.key] = account.people[i].id; indexOf[q.key] = i; continue }
            var id = q.id ?? q.email.map { slug(String($0.split(separator: "@").first ?? "")) } ?? slug(q.name)
            if q.id == nil && q.email == nil { id = slug(q.name) }
            var n = 2
            let stem = id
            while used.contains(id) { id = "\(stem).\(n)"; n += 1 }
            used.insert(id)
            idOfKey[q.key] = id
        }
        func managerId(_ q: ImportedPerson) -> String? {
            guard let m = q.managerKey else { return nil }
            if let id = idOfKey[m] { return id }
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
                if let l = q.level { refresh(\.level, l, "level") }
                if let m = manager, m != p.id { refresh(\.reportsTo, m, "reports_to") }
                if p.left != nil && full { p.left = nil; fields.append("back (left cleared)") }
                if !fields.isEmpty {
                    account.people[i] = p
                    report.updated.append((id, fields))
                    if let d = directoryIndex[id] {
                        var base = file.directoryPeople[d]
                        base.name = p.name; base.title = p.title; base.unit = p.unit; base.site = p.site
                        base.email = p.email; base.level = p.level; base.reportsTo = p.reportsTo
                        file.directoryPeople[d] = base
                    }
                }
            } else {
                let p = Person(id: id, name: q.name, title: q.title, unit: q.unit, site: q.site, level: q.level, email: q.email,
                               reportsTo: manager == id ? nil : manager)
                indexOf[q.key] = account.people.count
                account.people.append(p)
                if file.directory != nil { file.directoryPeople.append(p) }
                report.added.append(id)
            }
        }
        if full {
            for i in account.people.indices where !seen.contains(account.people[i].id) && account.people[i].left == nil && !account.people[i].placeholder {
                account.people[i].left = day
                report.markedLeft.append(account.people[i].id)
            }
        }
        for r in batch.roles {
            guard let id = idOfKey[r.personKey] else {
                report.problems.append("opportunity role for unknown contact '\(r.personKey)' skipped")
                continue
            }
            let oid = Importer.slug(r.opportunity)
            if !account.opportunities.contains(where: { $0.id == oid }) {
                account.opportunities.append(Opportunity(id: oid, name: r.opportunity))
            }
            if let k = account.opportunities.firstIndex(where: { $0.id == oid }), !(account.opportunities[k].roles[r.role]?.contains(id) ?? false) {
                account.opportunities[k].roles[r.role, default: []].append(id)
                account.opportunities[k].roles[r.role]?.sort()
                report.rolesAdded += 1
            }
        }
        file.account = account
        return report
    }
}
