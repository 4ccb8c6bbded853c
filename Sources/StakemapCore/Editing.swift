/// An edit that cannot be made, in the user's words.
public struct EditError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    /// The input the message is about, by the name of the edit's parameter (`ours`,
    /// `theirs`), when the message does not say which: a front end prefixes its own
    /// name for it (the command line, its option).
    public let parameter: String?
    /// Other edits that do what was probably meant, said in `message` in words; a front
    /// end may add its own way to make them (the command line, the commands).
    public let nextSteps: [NextStep]

    public init(_ message: String, parameter: String? = nil, nextSteps: [NextStep] = []) {
        self.message = message
        self.parameter = parameter
        self.nextSteps = nextSteps
    }

    public var description: String { parameter.map { "\($0): \(message)" } ?? message }
}

/// What `forget` erased.
public struct Erasure: Sendable, Hashable {
    public var links = 0
    public var relationships = 0
    public var opportunityRoles = 0
    public var interactions = 0
    public var dottedLines = 0
    /// Reports re-attached to the forgotten person's manager.
    public var reportsMoved = 0
    /// Free-text notes that named them, redacted.
    public var notesRedacted = 0
}

extension Account {
    /// The person keys `set` accepts, in the file's names.
    public static let personKeys = [
        "name", "title", "unit", "site", "level", "email", "crm_id", "reports_to", "dotted", "roles", "stance",
        "power", "criteria", "notes", "placeholder", "left",
    ]
    /// The team-member keys `set` accepts.
    public static let memberKeys = ["name", "title", "level", "email", "crm_id", "capacity", "notes"]

    func unknownId(_ id: String) -> EditError {
        if team.contains(where: { $0.id == id }) { return EditError("'\(id)' is one of our team; this takes one of their people") }
        if people.contains(where: { $0.id == id }) { return EditError("'\(id)' is one of their people; this takes one of our team") }
        let hint = Suggester(people.map(\.id) + team.map(\.id)).hint(for: id)
        return EditError("unknown id '\(id)'\(hint)")
    }

    static func parse<E: RawRepresentable & CaseIterable>(_ text: String, _ key: String, _: E.Type) throws(EditError) -> E where E.RawValue == String {
        if let v = E(rawValue: text) { return v }
        let all = E.allCases.map(\.rawValue)
        let hint = Suggester(all).hint(for: text)
        throw EditError("\(key) '\(text)' is not one of \(all.joined(separator: ", "))\(hint)")
    }

    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "|" }).map { String($0).trimmed() }.filter { !$0.isEmpty }
    }

    static func day(_ text: String, _ key: String) throws(EditError) -> Day {
        guard let d = Day(iso: text) else { throw EditError("\(key) '\(text)' is not a date; write YYYY-MM-DD") }
        return d
    }

    /// Sets fields of the person or colleague `id` from `key=value` pairs (an empty value
    /// clears an optional field). Returns a line per change. Nothing changes on error.
    public mutating func set(_ id: String, _ assignments: [(key: String, value: String)]) throws(EditError) -> [String] {
        if let i = people.firstIndex(where: { $0.id == id }) {
            var p = people[i]
            let changes = try Self.apply(assignments, to: id, keys: Self.personKeys, what: "a person") { key, value throws(EditError) in
                if try Self.setShared(&p, key, value) { return true }
                let empty = value.isEmpty
                switch key {
                case "unit": p.unit = empty ? nil : value
                case "site": p.site = empty ? nil : value
                case "stance": p.stance = empty ? .unknown : try Self.parse(value, key, Stance.self)
                case "power": p.power = empty ? .unknown : try Self.parse(value, key, Power.self)
                case "reports_to":
                    if !empty && !people.contains(where: { $0.id == value }) { throw unknownId(value) }
                    p.reportsTo = empty ? nil : value
                case "dotted":
                    let ids = Self.list(value)
                    for d in ids where !people.contains(where: { $0.id == d }) { throw unknownId(d) }
                    p.dotted = ids.canonicalSet()
                case "roles":
                    var roles: [BuyingRole] = []
                    for r in Self.list(value) { roles.append(try Self.parse(r, "role", BuyingRole.self)) }
                    p.roles = roles.canonicalSet()
                case "criteria":
                    var criteria: [Criterion] = []
                    for c in Self.list(value) { criteria.append(try Self.parse(c, "criterion", Criterion.self)) }
                    p.criteria = criteria.canonicalSet()
                case "placeholder":
                    guard let b = ["true": true, "false": false, "yes": true, "no": false][value.lowercased()] ?? (empty ? false : nil) else {
                        throw EditError("placeholder must be true or false, not '\(value)'")
                    }
                    p.placeholder = b
                case "left": p.left = empty ? nil : try Self.day(value, key)
                default: return false
                }
                return true
            }
            people[i] = p
            return changes
        }
        if let i = team.firstIndex(where: { $0.id == id }) {
            var m = team[i]
            let changes = try Self.apply(assignments, to: id, keys: Self.memberKeys, what: "one of our team") { key, value throws(EditError) in
                if try Self.setShared(&m, key, value) { return true }
                guard key == "capacity" else { return false }
                guard value.isEmpty || (Int(value).map { $0 >= 0 } ?? false) else {
                    throw EditError("capacity must be a whole number, 0 or more, not '\(value)'")
                }
                m.capacity = value.isEmpty ? nil : Int(value)
                return true
            }
            team[i] = m
            return changes
        }
        throw unknownId(id)
    }

    /// Runs `setter` on each trimmed assignment (it returns false for a key it does not
    /// know) and describes each change. Throws before anything is kept.
    static func apply(
        _ assignments: [(key: String, value: String)], to id: String, keys: [String], what: String,
        _ setter: (String, String) throws(EditError) -> Bool
    ) throws(EditError) -> [String] {
        var changes: [String] = []
        for (key, raw) in assignments {
            let value = raw.trimmed()
            guard try setter(key, value) else {
                let hint = Suggester(keys).hint(for: key)
                throw EditError("unknown key '\(key)' for \(what)\(hint); keys: \(keys.joined(separator: ", "))")
            }
            changes.append("\(id): \(key) = \(value.isEmpty ? "(cleared)" : value)")
        }
        return changes
    }

    /// The fields people and our colleagues share; false for any other key.
    static func setShared<T: EditableContact>(_ entry: inout T, _ key: String, _ value: String) throws(EditError) -> Bool {
        let empty = value.isEmpty
        switch key {
        case "name":
            if empty { throw EditError("name cannot be empty") }
            entry.name = value
        case "title": entry.title = empty ? nil : value
        case "email": entry.email = empty ? nil : value
        case "crm_id": entry.crmId = empty ? nil : value
        case "notes": entry.notes = empty ? nil : value
        case "level": entry.level = empty ? nil : try parse(value, key, Level.self)
        default: return false
        }
        return true
    }

    /// Logs a contact: appends an interaction and moves the relationship's last contact to
    /// `date` if later. Without a relationship yet, one of `level` is created.
    /// Returns what was done.
    public mutating func log(
        ours: String, theirs: String, date: Day, kind: InteractionKind?, note: String?,
        level: RelationshipLevel = .vendor
    ) throws(EditError) -> String {
        guard team.contains(where: { $0.id == ours }) else {
            if people.contains(where: { $0.id == ours }) {
                throw EditError("'\(ours)' is one of their people; name the colleague of ours in contact", parameter: "ours")
            }
            throw unknownId(ours)
        }
        guard let p = people.first(where: { $0.id == theirs }) else {
            if team.contains(where: { $0.id == theirs }) {
                throw EditError("'\(theirs)' is one of our team; name the person of theirs in contact", parameter: "theirs")
            }
            throw unknownId(theirs)
        }
        if let left = p.left, left <= date { throw EditError("\(p.name) left on \(left), before \(date)") }
        interactions.append(Interaction(date: date, ours: ours, theirs: theirs, kind: kind, note: note))
        if let i = relationships.firstIndex(where: { $0.ours == ours && $0.theirs == theirs }) {
            if relationships[i].lastContact.map({ $0 < date }) ?? true {
                relationships[i].lastContact = date
                return "logged; last contact of \(ours)→\(theirs) is now \(date)"
            }
            return "logged; last contact of \(ours)→\(theirs) stays \(relationships[i].lastContact.map(\.description) ?? "")"
        }
        relationships.append(Relationship(ours: ours, theirs: theirs, level: level, lastContact: date))
        return "logged; new relationship \(ours)→\(theirs) (\(level.rawValue)); raise its level as it grows"
    }

    /// Erases person `id` and every reference to them (the GDPR right to erasure): their
    /// links, relationships, opportunity roles and interactions are removed, dotted lines
    /// to them dropped, their reports re-attached to their own manager, and any note that
    /// names them (by name or id) redacted.
    public mutating func forget(_ id: String) throws(EditError) -> Erasure {
        guard let i = people.firstIndex(where: { $0.id == id }) else {
            if team.contains(where: { $0.id == id }) {
                throw EditError(
                    "'\(id)' is one of our team; remove them from our team instead (their relationships go too)",
                    nextSteps: [.removeMember(id)])
            }
            throw unknownId(id)
        }
        let gone = people[i]
        var e = Erasure()
        people.remove(at: i)
        for k in people.indices {
            if people[k].reportsTo == id { people[k].reportsTo = gone.reportsTo; e.reportsMoved += 1 }
            if people[k].dotted.contains(id) { people[k].dotted.removeAll { $0 == id }; e.dottedLines += 1 }
        }
        let l = links.count
        links.removeAll { $0.from == id || $0.to == id }
        e.links = l - links.count
        let r = relationships.count
        relationships.removeAll { $0.theirs == id }
        e.relationships = r - relationships.count
        let x = interactions.count
        interactions.removeAll { $0.theirs == id }
        e.interactions = x - interactions.count
        for k in opportunities.indices {
            for (role, ids) in opportunities[k].roles where ids.contains(id) {
                let kept = ids.filter { $0 != id }
                opportunities[k].roles[role] = kept.isEmpty ? nil : kept
                e.opportunityRoles += 1
            }
        }
        // Notes anywhere that name them.
        let needles = [gone.name, id].filter { $0.count >= 3 }
        func redact(_ text: String?) -> String? {
            guard var t = text else { return nil }
            var hit = false
            for n in needles where t.contains(n) {
                t = t.replacingAll(n, with: "[erased]")
                hit = true
            }
            if hit { e.notesRedacted += 1 }
            return t
        }
        info.notes = redact(info.notes)
        for k in people.indices { people[k].notes = redact(people[k].notes) }
        for k in team.indices { team[k].notes = redact(team[k].notes) }
        for k in links.indices { links[k].notes = redact(links[k].notes) }
        for k in relationships.indices { relationships[k].notes = redact(relationships[k].notes) }
        for k in opportunities.indices { opportunities[k].notes = redact(opportunities[k].notes) }
        for k in interactions.indices { interactions[k].note = redact(interactions[k].note) }
        return e
    }

    /// Removes one of our team and their relationships and interactions; refuses when
    /// they own the account.
    public mutating func removeMember(_ id: String) throws(EditError) -> String {
        guard let i = team.firstIndex(where: { $0.id == id }) else { throw unknownId(id) }
        if info.owner == id { throw EditError("'\(id)' owns the account; name another owner first (account owner)") }
        team.remove(at: i)
        let r = relationships.count
        relationships.removeAll { $0.ours == id }
        interactions.removeAll { $0.ours == id }
        return "removed \(id) and \(r - relationships.count) relationship\(r - relationships.count == 1 ? "" : "s")"
    }

    /// Adds one of their people under a new, unique id; `reportsTo` and `roles` (commas)
    /// are set as `set` sets them, so they are checked the same way. Nothing changes on
    /// error.
    public mutating func addPerson(_ person: Person, reportsTo: String? = nil, roles: String? = nil) throws(EditError) -> String {
        try requireUnusedId(person.id)
        if person.name.trimmed().isEmpty { throw EditError("a person needs a name", parameter: "name") }
        var edited = self
        edited.people.append(person)
        var pairs: [(key: String, value: String)] = []
        if let reportsTo, !reportsTo.isEmpty { pairs.append(("reports_to", reportsTo)) }
        if let roles, !roles.isEmpty { pairs.append(("roles", roles)) }
        if !pairs.isEmpty { _ = try edited.set(person.id, pairs) }
        self = edited
        return "added \(person.id)"
    }

    /// Adds one of our team under a new, unique id.
    public mutating func addMember(_ member: TeamMember) throws(EditError) -> String {
        try requireUnusedId(member.id)
        if member.name.trimmed().isEmpty { throw EditError("a colleague needs a name", parameter: "name") }
        team.append(member)
        return "added \(member.id) to our team"
    }

    /// Adds an influence link (with its strength in (0, 1]) or a conflict (without one)
    /// between two of their people.
    public mutating func addLink(from: String, to: String, type: LinkType, strength: Double?) throws(EditError) -> String {
        for (id, parameter) in [(from, "from"), (to, "to")] where !people.contains(where: { $0.id == id }) {
            let e = unknownId(id)
            throw EditError(e.message, parameter: parameter, nextSteps: e.nextSteps)
        }
        if from == to { throw EditError("a link joins two different people", parameter: "to") }
        switch type {
        case .influence:
            guard let strength else { throw EditError("an influence link needs a strength, a number in (0, 1]", parameter: "strength") }
            if let p = strengthProblem(strength) { throw EditError(p, parameter: "strength") }
            links.append(Link(from: from, to: to, type: type, strength: strength))
        case .conflict:
            links.append(Link(from: from, to: to, type: type, strength: nil))
        }
        return "added \(type.rawValue) link \(from) → \(to)"
    }

    /// Records that `ours` knows `theirs`, at a `level` or with an explicit `strength`
    /// (exactly one of the two).
    public mutating func addRelationship(
        ours: String, theirs: String, level: RelationshipLevel?, strength: Double?, lastContact: Day?
    ) throws(EditError) -> String {
        if !team.contains(where: { $0.id == ours }) {
            let e = unknownId(ours)
            throw EditError(e.message, parameter: "ours", nextSteps: e.nextSteps)
        }
        if !people.contains(where: { $0.id == theirs }) {
            let e = unknownId(theirs)
            throw EditError(e.message, parameter: "theirs", nextSteps: e.nextSteps)
        }
        if (level == nil) == (strength == nil) { throw EditError("give either a level or a strength", parameter: "level") }
        if let strength, let p = strengthProblem(strength) { throw EditError(p, parameter: "strength") }
        if relationships.contains(where: { $0.ours == ours && $0.theirs == theirs }) {
            throw EditError("\(ours) already has a relationship with \(theirs); record contacts instead", nextSteps: [.logContact(ours: ours, theirs: theirs)])
        }
        relationships.append(Relationship(ours: ours, theirs: theirs, level: level, strength: strength, lastContact: lastContact))
        return "added relationship \(ours) → \(theirs)"
    }

    /// Refuses an id that a person or one of our team already has.
    public func requireUnusedId(_ id: String) throws(EditError) {
        if people.contains(where: { $0.id == id }) || team.contains(where: { $0.id == id }) {
            throw EditError("id '\(id)' is already used; choose another")
        }
    }

    /// Removes every link from `from` to `to`.
    public mutating func removeLinks(from: String, to: String) throws(EditError) -> String {
        let before = links.count
        links.removeAll { $0.from == from && $0.to == to }
        let removed = before - links.count
        guard removed > 0 else { throw EditError("no link from '\(from)' to '\(to)'") }
        return "removed \(removed) link\(removed == 1 ? "" : "s") \(from) → \(to)"
    }

    /// Removes the relationship of `ours` with `theirs`.
    public mutating func removeRelationship(ours: String, theirs: String) throws(EditError) -> String {
        let before = relationships.count
        relationships.removeAll { $0.ours == ours && $0.theirs == theirs }
        guard relationships.count < before else { throw EditError("\(ours) has no relationship with '\(theirs)'") }
        return "removed relationship \(ours) → \(theirs)"
    }

    /// Removes a person nobody refers to; otherwise says who does (and suggests `left=`
    /// or `forget`).
    public mutating func removePerson(_ id: String) throws(EditError) -> String {
        guard let i = people.firstIndex(where: { $0.id == id }) else { throw unknownId(id) }
        var uses: [String] = []
        let reports = people.filter { $0.reportsTo == id || $0.dotted.contains(id) }.count
        if reports > 0 { uses.append("\(reports) report\(reports == 1 ? "" : "s")") }
        let l = links.filter { $0.from == id || $0.to == id }.count
        if l > 0 { uses.append("\(l) link\(l == 1 ? "" : "s")") }
        let r = relationships.filter { $0.theirs == id }.count
        if r > 0 { uses.append("\(r) relationship\(r == 1 ? "" : "s")") }
        if opportunities.contains(where: { $0.roles.values.contains { $0.contains(id) } }) { uses.append("opportunity roles") }
        if interactions.contains(where: { $0.theirs == id }) { uses.append("interactions") }
        if !uses.isEmpty {
            throw EditError(
                "'\(id)' is still referred to (\(uses.joined(separator: ", "))); record the day they left, which keeps their history, or erase every trace of them",
                nextSteps: [.markLeft(id), .forget(id)])
        }
        people.remove(at: i)
        return "removed \(id)"
    }
}

/// What people and our colleagues have in common, for `set`.
protocol EditableContact {
    var name: String { get set }
    var title: String? { get set }
    var email: String? { get set }
    var crmId: String? { get set }
    var notes: String? { get set }
    var level: Level? { get set }
}

extension Person: EditableContact {}
extension TeamMember: EditableContact {}

extension String {
    func trimmed() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    func replacingAll(_ needle: String, with replacement: String) -> String {
        guard !needle.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: needle) {
            out += rest[rest.startIndex..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
