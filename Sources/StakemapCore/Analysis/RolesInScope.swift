/// One opportunity's buying centre, counted: where the roles are when an account records
/// them per deal (as a CRM's contact roles do) and not on the people themselves.
public struct RolesOnOpportunity: Sendable, Hashable {
    public let id: String
    public let name: String
    /// Active people holding at least one role in it.
    public let holders: Int
}

extension Account {
    /// The opportunities whose buying centre names at least one active person, in file
    /// order. People who left by `day` do not count.
    ///
    /// Complexity: O(people + role assignments).
    public func opportunitiesWithRoles(asOf day: Day? = nil) -> [RolesOnOpportunity] {
        guard !opportunities.isEmpty else { return [] }
        var active = Set<String>(minimumCapacity: people.count)
        for p in people where p.isActive(asOf: day) { active.insert(p.id) }
        return opportunities.compactMap { o in
            let holders = Set(o.roles.values.joined()).intersection(active).count
            return holders > 0 ? RolesOnOpportunity(id: o.id, name: o.name, holders: holders) : nil
        }
    }

    /// Why `id` names no opportunity: the closest id, or the ones there are.
    func unknownOpportunity(_ id: String) -> String {
        let known = opportunities.map(\.id)
        let suggested = Suggester(known).hint(for: id)
        let hint =
            !suggested.isEmpty
            ? suggested : known.isEmpty ? " — the account has no opportunity" : " (opportunities: \(known.joined(separator: ", ")))"
        return "unknown opportunity '\(id)'\(hint)"
    }

    /// Whether some active person holds a role at the account level.
    public func hasAccountRoles(asOf day: Day? = nil) -> Bool {
        people.contains { !$0.roles.isEmpty && $0.isActive(asOf: day) }
    }

    /// Copies the roles opportunity `id` records onto its people's account-level roles
    /// (adding to what they hold; nothing is removed), so that the account scope sees
    /// that buying centre. People who left are skipped.
    /// - Returns: the ids of the people who gained a role, in file order.
    /// - Throws: `EditError` for an unknown opportunity (with the closest id).
    public mutating func copyRolesToAccount(from id: String) throws(EditError) -> [String] {
        guard let o = opportunities.first(where: { $0.id == id }) else { throw EditError(unknownOpportunity(id)) }
        var rolesOf: [String: [BuyingRole]] = [:]
        for (role, ids) in o.orderedRoles { for pid in ids { rolesOf[pid, default: []].append(role) } }
        var changed: [String] = []
        for i in people.indices {
            guard let roles = rolesOf[people[i].id], people[i].left == nil else { continue }
            let merged = (people[i].roles + roles).canonicalSet()
            if merged != people[i].roles {
                people[i].roles = merged
                changed.append(people[i].id)
            }
        }
        return changed
    }
}

extension AccountAnalysis {
    /// The roles node `v` holds in the scope analysed: the person's own roles for the
    /// account, their roles in the opportunity's buying centre otherwise (none for our
    /// colleagues).
    ///
    /// Complexity: O(log holders).
    public func rolesInScope(of v: Int) -> [BuyingRole] {
        guard let p = person(v) else { return [] }
        guard case .opportunity = scope else { return p.roles }
        var lo = 0, hi = holders.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if holders[mid].node < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < holders.count && holders[lo].node == v ? holders[lo].roles : []
    }

    /// The opportunities that hold roles when the account scope has no role holder at
    /// all; empty otherwise (and in an opportunity's scope).
    public var rolesOnOpportunities: [RolesOnOpportunity] {
        guard holders.isEmpty, case .account = scope else { return [] }
        return account.opportunitiesWithRoles(asOf: asOf)
    }

    /// Why there is no score, in words; nil when there is one. When the roles are recorded
    /// on opportunities only, it names them (the account scope reads the people's own
    /// roles, not a deal's).
    public var noScoreReason: String? {
        guard score.value == nil else { return nil }
        if case .opportunity(let id) = scope { return "nobody holds a buying role in opportunity \(id), so there is no score" }
        let elsewhere = rolesOnOpportunities
        guard !elsewhere.isEmpty else { return "nobody holds a buying role, so there is no score" }
        let shown = elsewhere.prefix(5).map { o in
            "\(o.id)\(o.name != o.id ? " (\(o.name))" : "") with \(o.holders) \(o.holders == 1 ? "person" : "people")"
        }
        let more = elsewhere.count > 5 ? " and \(elsewhere.count - 5) more" : ""
        let list = shown.count > 1 ? shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "") : shown.joined()
        return "no account-level roles, so no account score: the roles are recorded on "
            + "\(elsewhere.count == 1 ? "opportunity" : "opportunities") \(list)\(more)"
    }

    /// What to do about the missing score (see `noScoreReason`).
    public var noScoreAction: String {
        if let first = rolesOnOpportunities.first {
            return "analyse the buying centre of opportunity \(first.id), or make its roles the account's (the import can copy them)"
        }
        return "identify the economic buyer, the sponsor and the decision makers, and record their roles"
    }
}
