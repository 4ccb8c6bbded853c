/// What changed between two snapshots of an account (docs/ANALYSES.md §9).
public struct AccountChanges: Sendable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        case joined, left
        case newManager = "new-manager"
        case movedUnit = "moved-unit"
        case newTitle = "new-title"
        case roles, stance, power
        case relationshipGained = "relationship-gained"
        case relationshipLost = "relationship-lost"
        case relationshipStale = "relationship-stale"
        public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
    }

    public struct Change: Sendable, Hashable {
        public let kind: Kind
        /// A person id, or `ours→theirs` for a relationship.
        public let subject: String
        /// The person's name (in the newer snapshot when they are in it).
        public let name: String
        public let before: String?
        public let after: String?
    }

    /// Every change, by kind then subject.
    public let changes: [Change]
    public let scoreBefore: Double?
    public let scoreAfter: Double?
    /// Gaps in the newer snapshot that the older did not have, and the reverse (matched
    /// on kind, subject and opportunity).
    public let newGaps: [Gap]
    public let resolvedGaps: [Gap]
    public let gapsBefore: [Gap]
    public let gapsAfter: [Gap]

    /// Compares `old` (analysed as of its day) with `new` (as of its own). People are
    /// matched by id; someone who left is out of the snapshot from their leaving day.
    public init(old: AccountAnalysis, new: AccountAnalysis) {
        var out: [Change] = []
        let oldPeople = Dictionary(old.account.people.filter { $0.isActive(asOf: old.asOf) }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newPeople = Dictionary(new.account.people.filter { $0.isActive(asOf: new.asOf) }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func name(_ id: String) -> String { newPeople[id]?.name ?? oldPeople[id]?.name ?? id }
        func add(_ k: Kind, _ id: String, _ before: String?, _ after: String?) {
            out.append(Change(kind: k, subject: id, name: name(id), before: before, after: after))
        }
        for (id, p) in newPeople where oldPeople[id] == nil { add(.joined, id, nil, p.title ?? p.unit) }
        let leaving = Dictionary(new.account.people.compactMap { p in p.left.map { (p.id, $0) } }, uniquingKeysWith: { a, _ in a })
        for (id, p) in oldPeople where newPeople[id] == nil {
            let gone = leaving[id]
            add(.left, id, p.title ?? p.unit, gone.map { "left \($0)" } ?? "no longer listed")
        }
        for (id, b) in newPeople {
            guard let a = oldPeople[id] else { continue }
            if a.reportsTo != b.reportsTo { add(.newManager, id, a.reportsTo.map(name), b.reportsTo.map(name)) }
            if a.unit != b.unit { add(.movedUnit, id, a.unit, b.unit) }
            if a.title != b.title { add(.newTitle, id, a.title, b.title) }
            if a.roles != b.roles {
                add(.roles, id, a.roles.map(\.rawValue).joined(separator: ", "), b.roles.map(\.rawValue).joined(separator: ", "))
            }
            if a.stance != b.stance { add(.stance, id, a.stance.rawValue, b.stance.rawValue) }
            if a.power != b.power { add(.power, id, a.power.rawValue, b.power.rawValue) }
        }
        func key(_ r: Relationship) -> String { "\(r.ours)→\(r.theirs)" }
        // A relationship is described as the snapshot it is in saw it: a gained one as of
        // the new snapshot's day with the new settings' half-life, a lost one as of the
        // old snapshot's day with the old settings' (the strength it had when last seen).
        func describe(_ r: Relationship, in snapshot: AccountAnalysis) -> String {
            let s =
                InfluenceGraph.decayedStrength(r, asOf: snapshot.asOf, halfLife: snapshot.parameters.halfLife)
                .map(formatStrength) ?? "?"
            return (r.level?.rawValue ?? "strength \(r.strength.map(formatStrength) ?? "?")") + ", now \(s)"
                + (r.lastContact.map { ", last contact \($0)" } ?? "")
        }
        let oldRels = Dictionary(old.account.relationships.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let newRels = Dictionary(new.account.relationships.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        func stale(_ r: Relationship, _ day: Day, _ after: Int) -> Bool { r.lastContact.map { day.days(since: $0) > after } ?? false }
        for (k, r) in newRels {
            if let o = oldRels[k] {
                if !stale(o, old.asOf, old.parameters.staleAfter) && stale(r, new.asOf, new.parameters.staleAfter) {
                    out.append(
                        Change(
                            kind: .relationshipStale, subject: k, name: name(r.theirs),
                            before: o.lastContact.map { "last contact \($0)" },
                            after: "no contact for \(r.lastContact.map { new.asOf.days(since: $0) } ?? 0) days"))
                }
            } else {
                out.append(Change(kind: .relationshipGained, subject: k, name: name(r.theirs), before: nil, after: describe(r, in: new)))
            }
        }
        for (k, r) in oldRels where newRels[k] == nil {
            out.append(Change(kind: .relationshipLost, subject: k, name: name(r.theirs), before: describe(r, in: old), after: nil))
        }
        changes = out.sorted { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            return a.subject.utf8.lexicographicallyPrecedes(b.subject.utf8)
        }
        scoreBefore = old.score.value
        scoreAfter = new.score.value
        let before = old.gaps(), after = new.gaps()
        func gapKey(_ g: Gap) -> Gap.Identity { g.identity }
        let beforeKeys = Set(before.map(gapKey)), afterKeys = Set(after.map(gapKey))
        gapsBefore = before
        gapsAfter = after
        newGaps = after.filter { !beforeKeys.contains(gapKey($0)) }
        resolvedGaps = before.filter { !afterKeys.contains(gapKey($0)) }
    }
}
