import Foundation
import StakemapCore

/// A value to write: the ordered tree both canonical emitters (YAML and JSON) print.
indirect enum OutValue {
    case text(String)
    case number(String)
    case bool(Bool)
    case day(Day)
    case list([OutValue])
    case map([(String, OutValue)])

    var isEmptyCollection: Bool {
        switch self {
        case .list(let l): l.isEmpty
        case .map(let m): m.isEmpty
        default: false
        }
    }
}

/// Writes accounts canonically: keys in the format's order, value lists in canonical
/// order, entities in the order they are kept, numbers in their shortest exact form.
/// The same account always gives the same bytes.
public enum AccountWriter {
    public enum Syntax: Sendable { case yaml, json }

    /// The syntax for a path: JSON for `.json`, YAML otherwise.
    public static func syntax(for path: String) -> Syntax { path.lowercased().hasSuffix(".json") ? .json : .yaml }

    /// The canonical text of `file`. With a directory, only what the directory does not
    /// already say is written: people's fields that differ from their CSV record, people
    /// and links that are not in it.
    public static func text(_ file: AccountFile, syntax: Syntax) -> String {
        let tree = document(file)
        switch syntax {
        case .yaml: return YAMLEmitter.emit(tree)
        case .json: return JSONEmitter.emit(tree) + "\n"
        }
    }

    /// Writes `file` to `path` atomically.
    public static func write(_ file: AccountFile, to path: String) throws {
        try AtomicFile.write(Array(text(file, syntax: syntax(for: path)).utf8), to: path)
    }

    static func number(_ v: Double) -> OutValue {
        if v.isNaN { return .number(".nan") }
        if v.isInfinite { return .number(v > 0 ? ".inf" : "-.inf") }
        if v == v.rounded(), abs(v) < 1e15 { return .number(String(Int(v))) }
        return .number("\(v)")
    }

    static func document(_ file: AccountFile) -> OutValue {
        precondition(file.directoryKept, "an account loaded for reading only cannot be written back; load it with keepDirectory: true")
        let a = file.account
        var top: [(String, OutValue)] = [("stakemap", .number(String(a.version)))]
        top.append(("account", account(a.info)))
        if let d = file.directory {
            if d.peopleFile == "people.csv" && d.linksFile == "links.csv" && !d.linksFileExplicit {
                top.append(("directory", .text(d.path)))
            } else {
                var m: [(String, OutValue)] = [("path", .text(d.path)), ("people", .text(d.peopleFile))]
                if d.linksFileExplicit || d.linksFile != "links.csv" { m.append(("links", .text(d.linksFile))) }
                top.append(("directory", .map(m)))
            }
        }
        let s = settings(a.settings)
        if !s.isEmptyCollection { top.append(("settings", s)) }
        top.append(("team", .list(a.team.map(teamMember))))
        var people: [OutValue] = []
        let directory = Dictionary(file.directoryPeople.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for p in a.people {
            if let base = directory[p.id] {
                let fields = person(p, base: base)
                if fields.count > 1 { people.append(.map(fields)) }
            } else {
                people.append(.map(person(p, base: nil)))
            }
        }
        top.append(("people", .list(people)))
        var remaining = file.directoryLinks.reduce(into: [Link: Int]()) { $0[$1, default: 0] += 1 }
        var links: [OutValue] = []
        for l in a.links {
            if let n = remaining[l], n > 0 { remaining[l] = n - 1; continue }
            links.append(link(l))
        }
        top.append(("links", .list(links)))
        top.append(("relationships", .list(a.relationships.map(relationship))))
        top.append(("opportunities", .list(a.opportunities.map(opportunity))))
        top.append(("interactions", .list(a.interactions.map(interaction))))
        return .map(top.filter { !($0.0 != "people" && $0.0 != "team" && $0.1.isEmptyCollection) })
    }

    static func account(_ i: AccountInfo) -> OutValue {
        var m: [(String, OutValue)] = [("name", .text(i.name))]
        if let v = i.sector { m.append(("sector", .text(v))) }
        if let r = i.referencing {
            var rm: [(String, OutValue)] = [("status", .text(r.status.rawValue))]
            if let p = r.partner { rm.append(("partner", .text(p))) }
            if let d = r.renewal { rm.append(("renewal", .day(d))) }
            m.append(("referencing", .map(rm)))
        }
        if let v = i.owner { m.append(("owner", .text(v))) }
        if let v = i.notes { m.append(("notes", .text(v))) }
        return .map(m)
    }

    static func settings(_ s: Settings) -> OutValue {
        .map(
            Setting.allCases.compactMap { setting -> (String, OutValue)? in
                switch s[setting] {
                case .number(let v): (setting.key, number(v))
                case .integer(let v): (setting.key, .number(String(v)))
                case nil: nil
                }
            })
    }

    static func teamMember(_ t: TeamMember) -> OutValue {
        var m: [(String, OutValue)] = [("id", .text(t.id)), ("name", .text(t.name))]
        if let v = t.title { m.append(("title", .text(v))) }
        if let v = t.level { m.append(("level", .text(v.rawValue))) }
        if let v = t.email { m.append(("email", .text(v))) }
        if let v = t.crmId { m.append(("crm_id", .text(v))) }
        if let v = t.capacity { m.append(("capacity", .number(String(v)))) }
        if let v = t.notes { m.append(("notes", .text(v))) }
        return .map(m)
    }

    /// A person's fields; with a base record, only those that differ from it (plus the id).
    static func person(_ p: Person, base: Person?) -> [(String, OutValue)] {
        var m: [(String, OutValue)] = [("id", .text(p.id))]
        func add<T: Equatable>(_ key: String, _ value: T, _ baseValue: T?, _ out: (T) -> OutValue?) {
            if let base = baseValue, base == value, baseValue != nil { return }
            if let o = out(value) { m.append((key, o)) }
        }
        add("name", p.name, base?.name) { .text($0) }
        add("title", p.title, base?.title) { $0.map(OutValue.text) }
        add("unit", p.unit, base?.unit) { $0.map(OutValue.text) }
        add("site", p.site, base?.site) { $0.map(OutValue.text) }
        add("level", p.level, base?.level) { $0.map { .text($0.rawValue) } }
        add("email", p.email, base?.email) { $0.map(OutValue.text) }
        add("crm_id", p.crmId, base?.crmId) { $0.map(OutValue.text) }
        add("reports_to", p.reportsTo, base?.reportsTo) { $0.map(OutValue.text) }
        add("dotted", p.dotted, base?.dotted) { $0.isEmpty ? nil : .list($0.map(OutValue.text)) }
        add("roles", p.roles, base?.roles) { $0.isEmpty ? nil : .list($0.map { .text($0.rawValue) }) }
        add("stance", p.stance, base?.stance) { $0 == .unknown && base == nil ? nil : .text($0.rawValue) }
        add("power", p.power, base?.power) { $0 == .unknown && base == nil ? nil : .text($0.rawValue) }
        add("criteria", p.criteria, base?.criteria) { $0.isEmpty ? nil : .list($0.map { .text($0.rawValue) }) }
        add("placeholder", p.placeholder, base?.placeholder) { $0 || base != nil ? .bool($0) : nil }
        add("left", p.left, base?.left) { $0.map(OutValue.day) }
        add("notes", p.notes, base?.notes) { $0.map(OutValue.text) }
        return m
    }

    static func link(_ l: Link) -> OutValue {
        var m: [(String, OutValue)] = [("from", .text(l.from)), ("to", .text(l.to)), ("type", .text(l.type.rawValue))]
        if let v = l.strength { m.append(("strength", number(v))) }
        if let v = l.notes { m.append(("notes", .text(v))) }
        return .map(m)
    }

    static func relationship(_ r: Relationship) -> OutValue {
        var m: [(String, OutValue)] = [("ours", .text(r.ours)), ("theirs", .text(r.theirs))]
        if let v = r.level { m.append(("level", .text(v.rawValue))) }
        if let v = r.strength { m.append(("strength", number(v))) }
        if let v = r.lastContact { m.append(("last_contact", .day(v))) }
        if let v = r.notes { m.append(("notes", .text(v))) }
        return .map(m)
    }

    static func opportunity(_ o: Opportunity) -> OutValue {
        var m: [(String, OutValue)] = [("id", .text(o.id)), ("name", .text(o.name))]
        if let v = o.stage { m.append(("stage", .text(v))) }
        if let v = o.close { m.append(("close", .day(v))) }
        if let v = o.amount { m.append(("amount", number(v))) }
        let roles = o.orderedRoles.map { ($0.role.rawValue, OutValue.list($0.people.map(OutValue.text))) }
        if !roles.isEmpty { m.append(("roles", .map(roles))) }
        if let v = o.notes { m.append(("notes", .text(v))) }
        return .map(m)
    }

    static func interaction(_ x: Interaction) -> OutValue {
        var m: [(String, OutValue)] = [("date", .day(x.date)), ("ours", .text(x.ours)), ("theirs", .text(x.theirs))]
        if let v = x.kind { m.append(("kind", .text(v.rawValue))) }
        if let v = x.note { m.append(("note", .text(v))) }
        return .map(m)
    }
}
