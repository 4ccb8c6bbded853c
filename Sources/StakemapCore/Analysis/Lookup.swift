extension AccountAnalysis {
    /// The node of the person or colleague `id` names.
    /// - Throws: `AnalysisError` saying why not: someone who left before the as-of day, or
    ///   an unknown id (with the closest known id, when one is close).
    public func node(named id: String) throws(AnalysisError) -> Int {
        if let v = graph.node(id) { return v }
        if let p = account.people.first(where: { $0.id == id }), let left = p.left {
            throw AnalysisError("'\(id)': \(p.name) left on \(left) and is out of the analysis as of \(asOf)")
        }
        let hint = Suggester(account.people.map(\.id) + account.team.map(\.id)).hint(for: id)
        throw AnalysisError("unknown person '\(id)'\(hint)")
    }

    /// The nodes of our colleagues `ids` names (all of our team when empty), to start
    /// paths from.
    /// - Throws: `AnalysisError` for an unknown id or one of their people.
    public func colleagues(named ids: [String]) throws(AnalysisError) -> [Int] {
        if ids.isEmpty { return graph.team }
        var out: [Int] = []
        for id in ids {
            let v = try node(named: id)
            guard graph.isTeam(v) else { throw AnalysisError("'\(id)' is one of their people; name our colleagues") }
            out.append(v)
        }
        return out
    }
}
