/// The at-a-glance facts of an account: counts, who holds which role, what is missing.
public struct AccountSummary: Sendable, Hashable {
    public var activePeople: Int
    public var leftPeople: Int
    public var placeholders: Int
    public var team: Int
    public var influenceLinks: Int
    public var conflictLinks: Int
    public var relationships: Int
    public var opportunities: Int
    /// Each role with the active people holding it (ids, in file order); roles nobody holds are absent.
    public var roleHolders: [RoleAssignment]
    /// What a key-account team should look for first: missing key roles and unknown holders.
    public var missing: [String]
}

extension Account {
    /// Summarises the account as of `day` (people who left by then are out).
    public func summary(asOf day: Day? = nil) -> AccountSummary {
        let active = people.filter { $0.isActive(asOf: day) }
        var holders: [BuyingRole: [String]] = [:]
        for p in active { for r in p.roles { holders[r, default: []].append(p.id) } }
        var missing: [String] = []
        if holders.isEmpty && !opportunitiesWithRoles(asOf: day).isEmpty {
            // A CRM's contact roles: the deals know who decides, the account does not yet.
            missing.append("no account-level roles (the roles are recorded on opportunities only)")
        } else {
            if holders[.economicBuyer] == nil { missing.append("no economic buyer identified") }
            if holders[.champion] == nil && holders[.coach] == nil { missing.append("no champion or coach") }
            if holders[.procurement] == nil { missing.append("no procurement contact") }
        }
        for p in active where p.placeholder && !p.roles.isEmpty {
            missing.append("\(p.roles.map(\.rawValue).joined(separator: ", ")) held by an unknown person (\(p.name))")
        }
        if info.owner == nil { missing.append("no account owner (our key-account manager)") }
        return AccountSummary(
            activePeople: active.count, leftPeople: people.count - active.count,
            placeholders: active.filter(\.placeholder).count, team: team.count,
            influenceLinks: links.filter { $0.type == .influence }.count,
            conflictLinks: links.filter { $0.type == .conflict }.count,
            relationships: relationships.count, opportunities: opportunities.count,
            roleHolders: BuyingRole.allCases.compactMap { r in holders[r].map { RoleAssignment(role: r, people: $0) } },
            missing: missing)
    }
}

/// The reporting hierarchy as a forest: roots (people with no manager among the active
/// people) and each person's direct reports, in file order.
public struct Hierarchy: Sendable {
    public var roots: [Int]
    public var reports: [[Int]]

    /// Builds the hierarchy over `people` (indices into that array). A manager who is not
    /// among them makes the person a root.
    public init(_ people: [Person]) {
        var index: [String: Int] = [:]
        for (i, p) in people.enumerated() where index[p.id] == nil { index[p.id] = i }
        var reports = [[Int]](repeating: [], count: people.count)
        var roots: [Int] = []
        for (i, p) in people.enumerated() {
            if let m = p.reportsTo, let mi = index[m], mi != i { reports[mi].append(i) } else { roots.append(i) }
        }
        self.roots = roots
        self.reports = reports
    }
}
