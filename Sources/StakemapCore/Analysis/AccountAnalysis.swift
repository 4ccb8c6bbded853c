/// What an analysis looks at: the whole account, or one opportunity's buying centre.
public enum AnalysisScope: Sendable, Hashable {
    case account
    /// An opportunity id: its own role assignments replace the people's account roles.
    case opportunity(String)
}

/// A problem that stops an analysis before it starts (the account itself loaded fine).
public struct AnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Someone who holds a buying role in the scope analysed.
public struct RoleHolder: Sendable, Hashable {
    /// Node in the influence graph.
    public let node: Int
    /// Index in `account.people`.
    public let person: Int
    /// Roles in the scope, canonical order.
    public let roles: [BuyingRole]
    /// The largest score weight among `roles`.
    public let weight: Double
}

/// One term of the account score: a role holder's weight times their coverage.
public struct ScoreTerm: Sendable, Hashable {
    public let holder: RoleHolder
    /// Coverage counted in the score (0 for a placeholder).
    public let coverage: Double
    /// `weight × coverage`.
    public var weighted: Double { holder.weight * coverage }
}

/// The account score (docs/ANALYSES.md §3): 100 × Σ w·c / Σ w over the role holders.
public struct AccountScore: Sendable, Hashable {
    /// 0–100; nil when nobody holds a role.
    public let value: Double?
    /// Every term of the sum, in role-holder (id) order.
    public let terms: [ScoreTerm]
    public var weightSum: Double { terms.reduce(0) { $0 + $1.holder.weight } }
    public var weightedSum: Double { terms.reduce(0) { $0 + $1.weighted } }

    /// Computes the score of `holders` from their coverage (`coverage(node)`), counting
    /// placeholders as 0.
    public init(holders: [RoleHolder], placeholder: (RoleHolder) -> Bool, coverage: (Int) -> Double) {
        terms = holders.map { ScoreTerm(holder: $0, coverage: placeholder($0) ? 0 : coverage($0.node)) }
        let w = terms.reduce(0) { $0 + $1.holder.weight }
        value = w > 0 ? 100 * terms.reduce(0) { $0 + $1.weighted } / w : nil
    }
}

/// Everything the analyses share for one run: the account, its influence graph at the
/// as-of date, the strongest paths from our whole team, the role holders in scope and
/// the score. Built once, then read by every analysis.
public struct AccountAnalysis: Sendable {
    public let account: Account
    public let graph: InfluenceGraph
    public let scope: AnalysisScope
    /// Strongest paths from all of our colleagues at once.
    public let paths: PathTree
    /// Role holders in scope, in node (id) order.
    public let holders: [RoleHolder]
    public let score: AccountScore

    public var asOf: Day { graph.asOf }
    public var parameters: AnalysisParameters { graph.parameters }

    /// Builds the graph and the shared results.
    /// - Throws: `AnalysisError` when the scope names an opportunity the account lacks.
    public init(account: Account, asOf: Day, parameters: AnalysisParameters, scope: AnalysisScope = .account) throws(AnalysisError) {
        try self.init(account: account, asOf: asOf, parameters: parameters, scope: scope, index: nil)
    }

    /// The same, reusing the ids the loader resolved (`AccountFile.index`) when they
    /// describe `account`; they are resolved again when not (`AccountIndex.matches`).
    package init(
        account: Account, asOf: Day, parameters: AnalysisParameters, scope: AnalysisScope = .account,
        index: AccountIndex?
    ) throws(AnalysisError) {
        let graph = InfluenceGraph(account: account, asOf: asOf, parameters: parameters, index: index)
        Trace.mark("graph built")
        self.account = account
        self.graph = graph
        self.scope = scope
        self.holders = try Self.roleHolders(account: account, graph: graph, scope: scope)
        Trace.mark("holders")
        let tree = graph.strongestPaths(from: graph.team)
        Trace.mark("coverage")
        self.paths = tree
        self.score = AccountScore(
            holders: holders, placeholder: { account.people[$0.person].placeholder },
            coverage: { tree.strength[$0] })
    }

    /// Coverage of node `v`: the strength of the best path from any of our colleagues
    /// (0 when none, and for placeholders).
    public func coverage(_ v: Int) -> Double {
        if let p = graph.personIndex(v), account.people[p].placeholder { return 0 }
        return paths.strength[v]
    }

    /// The person at node `v` (nil for our colleagues).
    public func person(_ v: Int) -> Person? { graph.personIndex(v).map { account.people[$0] } }

    /// Display name of node `v`, theirs or ours.
    public func name(_ v: Int) -> String {
        if let p = graph.personIndex(v) { return account.people[p].name }
        if let t = graph.teamIndex(v) { return account.team[t].name }
        return graph.ids[v]
    }

    /// Role holders of `scope`, in node order.
    static func roleHolders(account: Account, graph: InfluenceGraph, scope: AnalysisScope) throws(AnalysisError) -> [RoleHolder] {
        var roles: [Int: [BuyingRole]] = [:]
        switch scope {
        case .account:
            for v in 0..<graph.nodeCount {
                guard let p = graph.personIndex(v), !account.people[p].roles.isEmpty else { continue }
                roles[v] = account.people[p].roles
            }
        case .opportunity(let id):
            guard let opportunity = account.opportunities.first(where: { $0.id == id }) else {
                throw AnalysisError(account.unknownOpportunity(id))
            }
            for (role, ids) in opportunity.orderedRoles {
                for pid in ids {
                    guard let v = graph.node(pid), graph.personIndex(v) != nil else { continue }
                    roles[v, default: []].append(role)
                }
            }
        }
        return roles.keys.sorted().compactMap { v in
            guard let p = graph.personIndex(v), let r = roles[v] else { return nil }
            let canonical = r.canonicalSet()
            return RoleHolder(node: v, person: p, roles: canonical, weight: canonical.map(\.scoreWeight).max() ?? 0)
        }
    }

    /// Our colleagues who know node `v` directly, strongest first (ties by id).
    public func directContacts(of v: Int) -> [(colleague: Int, strength: Double)] {
        var out: [(Int, Double)] = []
        for e in graph.backward.range(v) where graph.backward.kinds[e] == .relationship {
            out.append((Int(graph.backward.targets[e]), graph.backward.strengths[e]))
        }
        return out.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }
}
