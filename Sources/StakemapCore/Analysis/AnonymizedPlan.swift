/// A visit plan on the analysis of an anonymized account: what `--anonymize` shows.
public struct AnonymizedPlan: Sendable {
    /// The analysis of `account.anonymized()`, same day, parameters and scope.
    public let analysis: AccountAnalysis
    /// The plan's meetings on `analysis`'s nodes.
    public let plan: VisitPlan
}

extension AccountAnalysis {
    /// `plan` as it may leave the team: the same meetings, gains, coverages and
    /// introductions (chosen on the real account, so tie-breaks on ids do not change them),
    /// carried onto an analysis of `account.anonymized()`, whose names, ids and account name
    /// are pseudonyms and whose notes are gone.
    /// - Throws: `AnalysisError` only if the anonymized account does not analyse like this
    ///   one (a bug, reported rather than hidden).
    public func anonymized(_ plan: VisitPlan) throws(AnalysisError) -> AnonymizedPlan {
        let other = try anonymized()
        func carried(_ v: Int) throws(AnalysisError) -> Int { try self.carried(v, to: other) }
        var visits: [PlannedVisit] = []
        for v in plan.visits {
            var path: [Int]? = nil
            if let p = v.introduction {
                var mapped: [Int] = []
                for u in p { mapped.append(try carried(u)) }
                path = mapped
            }
            visits.append(
                PlannedVisit(
                    colleague: try carried(v.colleague), person: try carried(v.person), gain: v.gain,
                    coverageBefore: v.coverageBefore, coverageAfter: v.coverageAfter, introduction: path))
        }
        var colleagues: [Int] = []
        for c in plan.colleagues { colleagues.append(try carried(c)) }
        // Sites are kept by the anonymization and `bySite` counts positions in `visits`.
        let moved = VisitPlan(
            visits: visits, scoreBefore: plan.scoreBefore, scoreAfter: plan.scoreAfter,
            colleagues: colleagues.sorted(), bySite: plan.bySite)
        return AnonymizedPlan(analysis: other, plan: moved)
    }
}

extension AccountAnalysis {
    /// The analysis of `account.anonymized()`: same day, parameters and scope (the
    /// opportunity under its pseudonym).
    public func anonymized() throws(AnalysisError) -> AccountAnalysis {
        let shared = account.anonymized()
        var anonymousScope = scope
        if case .opportunity(let id) = scope, let i = account.opportunities.firstIndex(where: { $0.id == id }) {
            anonymousScope = .opportunity(shared.opportunities[i].id)
        }
        return try AccountAnalysis(account: shared, asOf: asOf, parameters: parameters, scope: anonymousScope)
    }

    /// Node `v` of this analysis in `other`, the analysis of this account anonymized: the
    /// same person or colleague, found by their place in the account.
    /// - Throws: `AnalysisError` when `other` has no such node (a bug, reported rather than hidden).
    public func carried(_ v: Int, to other: AccountAnalysis) throws(AnalysisError) -> Int {
        let node: Int?
        if let p = graph.personIndex(v) {
            node = other.graph.node(ofPersonAt: p)
        } else if let t = graph.teamIndex(v), t < other.account.team.count {
            node = other.graph.node(other.account.team[t].id)
        } else {
            node = nil
        }
        guard let node else { throw AnalysisError("the anonymized account has no node for '\(graph.ids[v])'") }
        return node
    }
}
