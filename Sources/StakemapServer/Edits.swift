import Foundation
import StakemapCore
import StakemapFormats

/// An edit a page's form or the API asks for, decoded from its fields. Each is made by
/// the same `Account` edit as the command line's, through the same `EditSession`.
enum AccountEdit: Sendable {
    /// Fields of a person (or one of our team): roles, stance, power, criteria, notes, …
    case set(id: String, assignments: [Assignment])
    case addPerson(Person, reportsTo: String?, roles: String?)
    case addLink(from: String, to: String, type: LinkType, strength: Double?)
    case log(ours: String, theirs: String, date: Day, kind: InteractionKind?, note: String?, level: RelationshipLevel)
    case addRelationship(ours: String, theirs: String, level: RelationshipLevel?, strength: Double?, lastContact: Day?)

    struct Assignment: Sendable {
        let key: String
        let value: String
    }

    /// The edits by the name a request gives in its `edit` field.
    static let kinds = ["set", "add-person", "add-link", "log", "add-relationship"]

    /// The fields each edit takes (besides `edit`, and a form's `csrf`).
    static let fields: [String: [String]] = [
        "set": ["id"] + Array(Set(Account.personKeys + Account.memberKeys)).sorted(),
        "add-person": ["id", "name", "title", "unit", "site", "level", "reports_to", "roles", "stance", "power"],
        "add-link": ["from", "to", "type", "strength"],
        "log": ["ours", "theirs", "date", "kind", "note", "level"],
        "add-relationship": ["ours", "theirs", "level", "strength", "last_contact"],
    ]

    /// Decodes an edit; `today` is the day a contact is logged on when no date is given.
    static func decode(_ f: Fields, today: Day) throws(ServerError) -> AccountEdit {
        let kind = try f.required("edit")
        if let known = fields[kind], let k = f.pairs.map(\.key).first(where: { !known.contains($0) && !["edit", "csrf", "version"].contains($0) }) {
            throw .badRequest("\(k): not a field of the \(kind) edit\(Suggester(known).hint(for: k)) (fields: \(known.joined(separator: ", ")))")
        }
        switch kind {
        case "set":
            let id = try f.required("id")
            let keys = Set(Account.personKeys + Account.memberKeys)
            let assignments = f.pairs.filter { keys.contains($0.key) }.map { Assignment(key: $0.key, value: $0.value) }
            if assignments.isEmpty { throw ServerError(.unprocessableContent, "give at least one field to set, such as stance") }
            return .set(id: id, assignments: assignments)
        case "add-person":
            let person = Person(
                id: try f.required("id"), name: try f.required("name"), title: f.text("title"), unit: f.text("unit"), site: f.text("site"),
                level: try f.text("level").map { t throws(ServerError) in try choice(t, "level", Level.self) },
                stance: try f.text("stance").map { t throws(ServerError) in try choice(t, "stance", Stance.self) } ?? .unknown,
                power: try f.text("power").map { t throws(ServerError) in try choice(t, "power", Power.self) } ?? .unknown)
            return .addPerson(person, reportsTo: f.text("reports_to"), roles: f.text("roles"))
        case "add-link":
            let type = try f.text("type").map { t throws(ServerError) in try choice(t, "type", LinkType.self) } ?? .influence
            return .addLink(
                from: try f.required("from"), to: try f.required("to"), type: type,
                strength: try f.text("strength").map { t throws(ServerError) in try number(t, "strength") })
        case "log":
            return .log(
                ours: try f.required("ours"), theirs: try f.required("theirs"),
                date: try f.text("date").map { t throws(ServerError) in try day(t, "date") } ?? today,
                kind: try f.text("kind").map { t throws(ServerError) in try choice(t, "kind", InteractionKind.self) }, note: f.text("note"),
                level: try f.text("level").map { t throws(ServerError) in try choice(t, "level", RelationshipLevel.self) } ?? .vendor)
        case "add-relationship":
            return .addRelationship(
                ours: try f.required("ours"), theirs: try f.required("theirs"),
                level: try f.text("level").map { t throws(ServerError) in try choice(t, "level", RelationshipLevel.self) },
                strength: try f.text("strength").map { t throws(ServerError) in try number(t, "strength") },
                lastContact: try f.text("last_contact").map { t throws(ServerError) in try day(t, "last_contact") })
        default:
            throw .badRequest("edit: '\(kind)' is not an edit\(Suggester(kinds).hint(for: kind)) (edits: \(kinds.joined(separator: ", ")))")
        }
    }

    /// The person the edit is about: a page shows them once it is made.
    var person: String {
        switch self {
        case .set(let id, _): id
        case .addPerson(let p, _, _): p.id
        case .addLink(let from, _, _, _): from
        case .log(_, let theirs, _, _, _, _): theirs
        case .addRelationship(_, let theirs, _, _, _): theirs
        }
    }

    /// Makes the edit on `account`; returns what it did, in words.
    func apply(to account: inout Account) throws(EditError) -> String {
        switch self {
        case .set(let id, let assignments):
            return try account.set(id, assignments.map { ($0.key, $0.value) }).joined(separator: "; ")
        case .addPerson(let person, let reportsTo, let roles):
            return try account.addPerson(person, reportsTo: reportsTo, roles: roles)
        case .addLink(let from, let to, let type, let strength):
            return try account.addLink(from: from, to: to, type: type, strength: strength)
        case .log(let ours, let theirs, let date, let kind, let note, let level):
            return try account.log(ours: ours, theirs: theirs, date: date, kind: kind, note: note, level: level)
        case .addRelationship(let ours, let theirs, let level, let strength, let lastContact):
            return try account.addRelationship(ours: ours, theirs: theirs, level: level, strength: strength, lastContact: lastContact)
        }
    }

    /// Makes the edit on the file at `path`, locked, checked and written atomically, as
    /// every edit is; `check` runs once the file is locked and read (a page's version, say).
    /// An edit the account refuses, or one that would make it invalid, writes nothing and is
    /// a 422 with the library's messages; one that met another edit is a 409.
    func save(to path: String, within root: String, check: () throws(ServerError) -> Void) throws(ServerError) -> String {
        do {
            let session = try EditSession(path, within: root)
            try check()
            var account = session.file.account
            let result: String
            do { result = try apply(to: &account) } catch { throw StakemapError(file: path, error) }
            try session.save(account)
            return result
        } catch let error as ServerError {
            throw error
        } catch let error as StakemapError {
            // The message, naming the field it is about unless it says so itself; the
            // library's located lines under it when there are more of them.
            let first =
                error.diagnostics.first.map { d in
                    d.parameter.map { d.message.hasPrefix($0 + " ") ? d.message : "\($0): \(d.message)" } ?? d.message
                } ?? "the edit was refused"
            let lines = AccountShelf.lines(error)
            throw ServerError(error.isConflict ? .conflict : .unprocessableContent, first, details: lines.count > 1 ? lines : [])
        } catch {
            throw ServerError(.unprocessableContent, "\(error)")
        }
    }

    private static func choice<E: RawRepresentable & CaseIterable>(_ text: String, _ key: String, _: E.Type) throws(ServerError) -> E
    where E.RawValue == String {
        if let v = E(rawValue: text) { return v }
        let all = E.allCases.map(\.rawValue)
        throw .badRequest("\(key): '\(text)' is not one of \(all.joined(separator: ", "))\(Suggester(all).hint(for: text))")
    }

    /// A number; whether it is in range is the edit's to say (Core's `strengthProblem`).
    private static func number(_ text: String, _ key: String) throws(ServerError) -> Double {
        guard let v = Double(text) else { throw .badRequest("\(key): '\(text)' is not a number; give one in (0, 1], such as 0.5") }
        return v
    }

    private static func day(_ text: String, _ key: String) throws(ServerError) -> Day {
        guard let d = Day(iso: text) else { throw .badRequest("\(key): '\(text)' is not a date; write YYYY-MM-DD") }
        return d
    }
}
