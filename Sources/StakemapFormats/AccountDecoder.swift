import StakemapCore

/// Where the bulk of an organisation comes from: a folder of CSV files beside the account file.
public struct DirectoryReference: Sendable, Hashable {
    /// The folder, as written (relative to the account file's folder).
    public var path: String
    public var peopleFile: String
    public var linksFile: String
    /// Whether the links file was named explicitly (then it must exist).
    public var linksFileExplicit: Bool

    public init(path: String, peopleFile: String = "people.csv", linksFile: String = "links.csv", linksFileExplicit: Bool = false) {
        self.path = path
        self.peopleFile = peopleFile
        self.linksFile = linksFile
        self.linksFileExplicit = linksFileExplicit
    }
}

/// The fields of a person as written in one source; nil means "not given here".
struct PersonFields {
    var id: String?
    var name: String?
    var title: String?
    var unit: String?
    var site: String?
    var level: Level?
    var email: String?
    var crmId: String?
    var reportsTo: String?
    var dotted: [String]?
    var roles: [BuyingRole]?
    var stance: Stance?
    var power: Power?
    var criteria: [Criterion]?
    var placeholder: Bool?
    var left: Day?
    var notes: String?
    /// Whether a `name` key was written (even with an unreadable value).
    var nameGiven = false

    func apply(to p: inout Person) {
        if let name { p.name = name }
        if let title { p.title = title }
        if let unit { p.unit = unit }
        if let site { p.site = site }
        if let level { p.level = level }
        if let email { p.email = email }
        if let crmId { p.crmId = crmId }
        if let reportsTo { p.reportsTo = reportsTo }
        if let dotted { p.dotted = dotted.canonicalSet() }
        if let roles { p.roles = roles.canonicalSet() }
        if let stance { p.stance = stance }
        if let power { p.power = power }
        if let criteria { p.criteria = criteria.canonicalSet() }
        if let placeholder { p.placeholder = placeholder }
        if let left { p.left = left }
        if let notes { p.notes = notes }
    }

    /// A new person from these fields alone; nil without an id.
    func makePerson() -> Person? {
        id.map(makePerson(id:))
    }

    /// The person these fields describe, under `id`.
    func makePerson(id: String) -> Person {
        var p = Person(id: id, name: name ?? title ?? id)
        apply(to: &p)
        return p
    }
}

/// Decodes the located node tree of an account file, collecting every problem.
struct AccountDecoder {
    let file: String
    var diagnostics: [Diagnostic] = []
    var map: SourceMap

    var info = AccountInfo(name: "")
    var settings = Settings()
    var version: Int?
    var directory: DirectoryReference?
    var team: [TeamMember] = []
    var people: [PersonFields] = []
    var links: [Link] = []
    var relationships: [Relationship] = []
    var opportunities: [Opportunity] = []
    var interactions: [Interaction] = []
    var origins: [Subject.Entity: [SourceMap.Origin]] = [:]
    /// Set when the document's shape is wrong as a whole; consistency checks are then pointless.
    var unreadable = false
    /// Set when the account's name was already reported missing or unreadable.
    var accountNameReported = false

    init(file: String) {
        self.file = file
        self.map = SourceMap(file: file)
    }

    // MARK: Diagnostics and places

    func loc(_ line: Int, _ column: Int) -> Location { Location(file: file, line: line, column: column) }
    func loc(_ n: DocNode) -> Location { loc(n.line, n.column) }

    mutating func error(_ n: DocNode, _ message: String) { diagnostics.append(Diagnostic(.error, at: loc(n), message)) }
    mutating func error(_ l: Location, _ message: String) { diagnostics.append(Diagnostic(.error, at: l, message)) }
    mutating func warning(_ l: Location, _ message: String) { diagnostics.append(Diagnostic(.warning, at: l, message)) }

    // MARK: Structure

    /// The entries of a mapping restricted to `allowed` keys; unknown keys are errors with a suggestion.
    mutating func entries(_ n: DocNode, allowed: [String], what: String, record: inout SourceMap.Origin, prefix: String = "") -> [String: DocNode]? {
        guard case .mapping(let list) = n.kind else {
            if case .null = n.kind { return [:] }
            error(n, "\(what) must be a mapping of keys to values, not \(n.typeName)")
            return nil
        }
        var out: [String: DocNode] = [:]
        for e in list {
            if allowed.contains(e.key) {
                out[e.key] = e.value
                record.fields[prefix + e.key] = loc(e.value)
            } else {
                let hint = Suggester(allowed).hint(for: e.key)
                error(loc(e.line, e.column), "unknown key '\(e.key)' in \(what)\(hint); valid keys: \(allowed.joined(separator: ", "))")
            }
        }
        return out
    }

    mutating func text(_ n: DocNode?, _ key: String) -> String? {
        guard let n else { return nil }
        switch n.kind {
        case .scalar(let s, _): return s
        case .null: return nil
        default:
            error(n, "\(key) must be a single value, not \(n.typeName)")
            return nil
        }
    }

    mutating func number(_ n: DocNode?, _ key: String) -> Double? {
        guard let n, let s = text(n, key) else { return nil }
        if let v = Convert.number(s) { return v }
        error(n, "\(key) must be a number, not '\(s)'")
        return nil
    }

    mutating func integer(_ n: DocNode?, _ key: String) -> Int? {
        guard let n, let s = text(n, key) else { return nil }
        if let v = Convert.integer(s) { return v }
        error(n, "\(key) must be a whole number, not '\(s)'")
        return nil
    }

    mutating func bool(_ n: DocNode?, _ key: String) -> Bool? {
        guard let n, let s = text(n, key) else { return nil }
        if let v = Convert.bool(s) { return v }
        error(n, "\(key) must be true or false, not '\(s)'")
        return nil
    }

    mutating func day(_ n: DocNode?, _ key: String) -> Day? {
        guard let n, let s = text(n, key) else { return nil }
        switch Convert.day(s, key: key) {
        case .success(let d): return d
        case .failure(let m): error(n, m.text); return nil
        }
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ n: DocNode?, _ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        guard let n, let s = text(n, key) else { return nil }
        switch Convert.enumValue(s, key: key, type) {
        case .success(let v): return v
        case .failure(let m): error(n, m.text); return nil
        }
    }

    /// A list, also accepting a single value as a list of one.
    mutating func list(_ n: DocNode?, _ key: String) -> [DocNode]? {
        guard let n else { return nil }
        switch n.kind {
        case .sequence(let items): return items
        case .null: return []
        case .scalar: return [n]
        case .mapping:
            error(n, "\(key) must be a list, not a mapping")
            return nil
        }
    }

    mutating func choices<E: RawRepresentable & CaseIterable>(_ n: DocNode?, _ key: String, _ type: E.Type, record: inout SourceMap.Origin) -> [E]?
    where E.RawValue == String {
        guard let items = list(n, key) else { return nil }
        var out: [E] = []
        for (k, item) in items.enumerated() {
            record.fields["\(key)/\(k)"] = loc(item)
            if let v = choice(item, key.hasSuffix("s") ? String(key.dropLast()) : key, type) { out.append(v) }
        }
        return out
    }

    mutating func ids(_ n: DocNode?, _ key: String, record: inout SourceMap.Origin, prefix: String = "") -> [String]? {
        guard let items = list(n, key) else { return nil }
        var out: [String] = []
        for (k, item) in items.enumerated() {
            record.fields["\(prefix)\(key)/\(k)"] = loc(item)
            if let s = text(item, key) { out.append(s) }
        }
        return out
    }

    mutating func required(_ value: String?, _ key: String, in n: DocNode, what: String) -> String? {
        if value == nil { error(n, "\(what) has no '\(key)'; add '\(key): …'") }
        return value
    }

    // MARK: The document

    mutating func decode(_ root: DocNode) {
        guard case .mapping = root.kind else {
            unreadable = true
            if case .null = root.kind {
                diagnostics.append(
                    Diagnostic(
                        .error, at: loc(root), "the file is empty; start from the commented account template or see docs/FORMAT.md",
                        nextStep: .newAccount))
            } else {
                error(root, "an account file is a mapping with 'stakemap: 1', 'account:', 'people:' and so on, not \(root.typeName)")
            }
            return
        }
        var rootOrigin = SourceMap.Origin()
        guard let top = entries(root, allowed: Keys.top, what: "the account file", record: &rootOrigin) else { return }
        map.root = rootOrigin.fields.reduce(into: [:]) { $0[$1.key] = $1.value }
        map.root["document"] = loc(root)

        if let v = top["stakemap"] {
            version = integer(v, "stakemap")
            if let version, version != 1 {
                error(v, "stakemap: \(version) is a format version this program does not know; it reads version 1")
            }
        } else {
            warning(loc(root), "no 'stakemap: 1' line; add it at the top so tools recognise the file")
        }
        if let a = top["account"] {
            decodeAccount(a)
        } else {
            error(root, "no 'account:' section; add 'account: { name: CLIENT NAME }'")
            accountNameReported = true
        }
        if let d = top["directory"] { decodeDirectory(d) }
        if let s = top["settings"] { decodeSettings(s) }
        decodeList(top["team"], .team, "team") { d, n, o in d.decodeTeam(n, &o) }
        decodeList(top["people"], .people, "people") { d, n, o in d.decodePerson(n, &o) }
        decodeList(top["links"], .links, "links") { d, n, o in d.decodeLink(n, &o) }
        decodeList(top["relationships"], .relationships, "relationships") { d, n, o in d.decodeRelationship(n, &o) }
        decodeList(top["opportunities"], .opportunities, "opportunities") { d, n, o in d.decodeOpportunity(n, &o) }
        decodeList(top["interactions"], .interactions, "interactions") { d, n, o in d.decodeInteraction(n, &o) }
    }

    mutating func decodeList(
        _ n: DocNode?, _ entity: Subject.Entity, _ key: String,
        _ each: (inout AccountDecoder, DocNode, inout SourceMap.Origin) -> Void
    ) {
        guard let n else { return }
        guard let items = list(n, key) else { return }
        if case .scalar = n.kind { error(n, "\(key) must be a list of entries (lines starting with '- ')"); return }
        var found: [SourceMap.Origin] = []
        for item in items {
            var origin = SourceMap.Origin()
            origin.fields[""] = loc(item)
            let before = count(entity)
            each(&self, item, &origin)
            if count(entity) > before { found.append(origin) }
        }
        origins[entity] = found
    }

    func count(_ e: Subject.Entity) -> Int {
        switch e {
        case .team: team.count
        case .people: people.count
        case .links: links.count
        case .relationships: relationships.count
        case .opportunities: opportunities.count
        case .interactions: interactions.count
        default: 0
        }
    }

    mutating func decodeAccount(_ n: DocNode) {
        var o = SourceMap.Origin()
        guard let f = entries(n, allowed: Keys.account, what: "account", record: &o) else {
            accountNameReported = true
            return
        }
        for (k, v) in o.fields { map.root["account/" + k] = v }
        let name = required(text(f["name"], "name"), "name", in: n, what: "account")
        info.name = name ?? ""
        accountNameReported = name == nil
        info.sector = text(f["sector"], "sector")
        info.owner = text(f["owner"], "owner")
        info.notes = text(f["notes"], "notes")
        if let r = f["referencing"] {
            if case .scalar = r.kind {
                if let status = choice(r, "referencing status", ReferencingStatus.self) { info.referencing = Referencing(status: status) }
            } else {
                var ro = SourceMap.Origin()
                if let rf = entries(r, allowed: Keys.referencing, what: "referencing", record: &ro) {
                    for (k, v) in ro.fields { map.root["account/referencing/" + k] = v }
                    let status = choice(rf["status"], "referencing status", ReferencingStatus.self)
                    if rf["status"] == nil {
                        error(r, "referencing has no 'status'; add one of: \(ReferencingStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    if let status {
                        info.referencing = Referencing(
                            status: status, partner: text(rf["partner"], "partner"),
                            renewal: day(rf["renewal"], "renewal"))
                    }
                }
            }
        }
    }

    mutating func decodeDirectory(_ n: DocNode) {
        if case .scalar(let s, _) = n.kind {
            directory = DirectoryReference(path: s)
            map.root["directory"] = loc(n)
            return
        }
        var o = SourceMap.Origin()
        guard let f = entries(n, allowed: Keys.directory, what: "directory", record: &o) else { return }
        map.root["directory"] = loc(n)
        guard let path = required(text(f["path"], "path"), "path", in: n, what: "directory") else { return }
        let links = text(f["links"], "links")
        directory = DirectoryReference(
            path: path, peopleFile: text(f["people"], "people") ?? "people.csv",
            linksFile: links ?? "links.csv", linksFileExplicit: links != nil)
    }

    mutating func decodeSettings(_ n: DocNode) {
        var o = SourceMap.Origin()
        guard let f = entries(n, allowed: Keys.settings, what: "settings", record: &o) else { return }
        for (k, v) in o.fields { map.root["settings/" + k] = v }
        settings.down = number(f["down"], "down")
        settings.up = number(f["up"], "up")
        settings.dottedDown = number(f["dotted_down"], "dotted_down")
        settings.dottedUp = number(f["dotted_up"], "dotted_up")
        settings.halfLife = integer(f["half_life"], "half_life")
        settings.staleAfter = integer(f["stale_after"], "stale_after")
        settings.coverageThreshold = number(f["coverage_threshold"], "coverage_threshold")
        settings.visitStrength = number(f["visit_strength"], "visit_strength")
        settings.paths = integer(f["paths"], "paths")
    }

    mutating func decodeTeam(_ n: DocNode, _ o: inout SourceMap.Origin) {
        guard let f = entries(n, allowed: Keys.team, what: "team member", record: &o) else { return }
        guard let id = required(text(f["id"], "id"), "id", in: n, what: "team member") else { return }
        let name = required(text(f["name"], "name"), "name", in: n, what: "team member '\(id)'") ?? id
        team.append(
            TeamMember(
                id: id, name: name, title: text(f["title"], "title"),
                level: choice(f["level"], "level", Level.self), email: text(f["email"], "email"),
                capacity: integer(f["capacity"], "capacity"), notes: text(f["notes"], "notes"),
                crmId: text(f["crm_id"], "crm_id")))
    }

    mutating func decodePerson(_ n: DocNode, _ o: inout SourceMap.Origin) {
        guard let f = entries(n, allowed: Keys.person, what: "person", record: &o) else { return }
        guard let id = required(text(f["id"], "id"), "id", in: n, what: "person") else { return }
        var p = PersonFields()
        p.id = id
        p.name = text(f["name"], "name")
        p.nameGiven = f["name"] != nil
        p.title = text(f["title"], "title")
        p.unit = text(f["unit"], "unit")
        p.site = text(f["site"], "site")
        p.level = choice(f["level"], "level", Level.self)
        p.email = text(f["email"], "email")
        p.crmId = text(f["crm_id"], "crm_id")
        p.reportsTo = text(f["reports_to"], "reports_to")
        p.dotted = ids(f["dotted"], "dotted", record: &o)
        p.roles = choices(f["roles"], "roles", BuyingRole.self, record: &o)
        p.stance = choice(f["stance"], "stance", Stance.self)
        p.power = choice(f["power"], "power", Power.self)
        p.criteria = choices(f["criteria"], "criteria", Criterion.self, record: &o)
        p.placeholder = bool(f["placeholder"], "placeholder")
        p.left = day(f["left"], "left")
        p.notes = text(f["notes"], "notes")
        people.append(p)
    }

    mutating func decodeLink(_ n: DocNode, _ o: inout SourceMap.Origin) {
        guard let f = entries(n, allowed: Keys.link, what: "link", record: &o) else { return }
        let from = required(text(f["from"], "from"), "from", in: n, what: "link")
        let to = required(text(f["to"], "to"), "to", in: n, what: "link")
        let type = f["type"] == nil ? .influence : choice(f["type"], "link type", LinkType.self)
        let strength = number(f["strength"], "strength")
        guard let from, let to, let type, f["strength"] == nil || strength != nil else { return }
        links.append(Link(from: from, to: to, type: type, strength: strength, notes: text(f["notes"], "notes")))
    }

    mutating func decodeRelationship(_ n: DocNode, _ o: inout SourceMap.Origin) {
        guard let f = entries(n, allowed: Keys.relationship, what: "relationship", record: &o) else { return }
        let ours = required(text(f["ours"], "ours"), "ours", in: n, what: "relationship")
        let theirs = required(text(f["theirs"], "theirs"), "theirs", in: n, what: "relationship")
        let level = choice(f["level"], "relationship level", RelationshipLevel.self)
        let strength = number(f["strength"], "strength")
        let last = day(f["last_contact"], "last_contact")
        guard let ours, let theirs else { return }
        // A value already reported as unreadable is not reported again as missing.
        if (f["level"] != nil && level == nil) || (f["strength"] != nil && strength == nil) { return }
        relationships.append(
            Relationship(
                ours: ours, theirs: theirs, level: level, strength: strength,
                lastContact: last, notes: text(f["notes"], "notes")))
    }

    mutating func decodeOpportunity(_ n: DocNode, _ o: inout SourceMap.Origin) {
        guard let f = entries(n, allowed: Keys.opportunity, what: "opportunity", record: &o) else { return }
        guard let id = required(text(f["id"], "id"), "id", in: n, what: "opportunity") else { return }
        var roles: [BuyingRole: [String]] = [:]
        if let r = f["roles"] {
            var ro = SourceMap.Origin()
            if let rf = entries(r, allowed: BuyingRole.allCases.map(\.rawValue), what: "opportunity roles", record: &ro) {
                for (k, v) in ro.fields { o.fields["roles/" + k] = v }
                for (key, value) in rf {
                    guard let role = BuyingRole(rawValue: key) else { continue }
                    roles[role] = ids(value, key, record: &o, prefix: "roles/")
                }
            }
        }
        let name = text(f["name"], "name") ?? id
        opportunities.append(
            Opportunity(
                id: id, name: name, stage: text(f["stage"], "stage"), close: day(f["close"], "close"),
                amount: number(f["amount"], "amount"), roles: roles, notes: text(f["notes"], "notes")))
    }

    mutating func decodeInteraction(_ n: DocNode, _ o: inout SourceMap.Origin) {
        guard let f = entries(n, allowed: Keys.interaction, what: "interaction", record: &o) else { return }
        let date = day(f["date"], "date")
        if f["date"] == nil { error(n, "interaction has no 'date'; add 'date: YYYY-MM-DD'") }
        let ours = required(text(f["ours"], "ours"), "ours", in: n, what: "interaction")
        let theirs = required(text(f["theirs"], "theirs"), "theirs", in: n, what: "interaction")
        let kind = choice(f["kind"], "interaction kind", InteractionKind.self)
        guard let date, let ours, let theirs else { return }
        interactions.append(Interaction(date: date, ours: ours, theirs: theirs, kind: kind, note: text(f["note"], "note")))
    }
}
