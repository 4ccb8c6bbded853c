import StakemapCore

/// The analyses' results in their documented shapes (docs/ANALYSES.md): JSON values for
/// scripts and tables for people and spreadsheets. Ids are as written in the account
/// file; numbers are not rounded in JSON and shown with two or three decimals in tables.
public enum AnalysisOutput {
    /// The fields every analysis result starts with.
    static func header(_ a: AccountAnalysis) -> [String: ResultValue] {
        var h: [String: ResultValue] = [
            "account": .string(a.account.info.name),
            "as_of": .string(a.asOf.description),
        ]
        if case .opportunity(let id) = a.scope { h["opportunity"] = .string(id) } else { h["opportunity"] = .null }
        return h
    }

    static func fixed(_ d: Double, _ places: Int = 2) -> String { String(format: "%.\(places)f", d) }

    /// A score for tables: one decimal, or "—" when there is none.
    public static func scoreText(_ s: Double?) -> String { s.map { fixed($0, 1) } ?? "—" }

    static func roles(_ r: [BuyingRole]) -> String { r.map(\.rawValue).joined(separator: ", ") }

    /// How many names a path shows in a table before the middle is left out.
    public static let pathTextLimit = 12

    /// Names along a path, joined with arrows. A path of more than `limit` nodes shows
    /// its first name (our colleague), "… N more …", and the last `limit − 2` names, the
    /// people nearest the target (JSON always lists every node).
    public static func pathText(_ a: AccountAnalysis, _ nodes: [Int], limit: Int = pathTextLimit) -> String {
        guard nodes.count > max(limit, 3), let first = nodes.first else { return nodes.map { a.name($0) }.joined(separator: " → ") }
        let tail = max(limit, 3) - 2
        return ([a.name(first), "… \(nodes.count - 1 - tail) more …"] + nodes.suffix(tail).map { a.name($0) }).joined(separator: " → ")
    }

    /// `pathText` of the best path to `v` in `tree`, walking only the names shown.
    /// `source` is `tree.sources()`.
    static func pathText(_ a: AccountAnalysis, tree: PathTree, source: [Int32], to v: Int, limit: Int = pathTextLimit) -> String {
        let count = Int(tree.hops[v]) + 1
        if count <= max(limit, 3) { return pathText(a, tree.path(to: v) ?? [v], limit: limit) }
        var tail: [Int] = []
        var u = v
        while tail.count < max(limit, 3) - 2, u >= 0 { tail.append(u); u = Int(tree.predecessor[u]) }
        return ([a.name(Int(source[v])), "… \(count - 1 - tail.count) more …"] + tail.reversed().map { a.name($0) }).joined(separator: " → ")
    }

    static func pathValue(_ a: AccountAnalysis, _ p: InfluencePath) -> ResultValue {
        var edges: [ResultValue] = []
        for i in 1..<max(p.nodes.count, 1) {
            guard let e = a.graph.forward.edge(p.nodes[i - 1], p.nodes[i]) else { continue }
            edges.append(
                .object([
                    "from": .string(a.graph.ids[p.nodes[i - 1]]), "to": .string(a.graph.ids[p.nodes[i]]),
                    "kind": .string(a.graph.forward.kinds[e].key), "strength": .number(a.graph.forward.strengths[e]),
                ]))
        }
        return .object([
            "strength": .number(p.strength), "cost": .number(p.cost), "hops": .int(p.nodes.count - 1),
            "nodes": .strings(p.nodes.map { a.graph.ids[$0] }), "edges": .array(edges),
        ])
    }

    // MARK: coverage

    /// Coverage of their people: role holders and inner-circle people, or everyone with `all`.
    ///
    /// The JSON lists every node of each best path: O(people × depth) for everyone of a
    /// deep hierarchy. With `json: false` it is left empty and the table, whose paths show
    /// a bounded number of names, costs O(people log people) whatever the depth.
    public static func coverage(_ a: AccountAnalysis, all: Bool, json wantJSON: Bool = true) -> AnalysisResult {
        let (listed, holderAt) = coverageListed(a, all: all)
        var people: [ResultValue] = []
        var table = ResultTable(headers: ["id", "name", "roles", "coverage", "hops", "from", "best path"])
        // Table: weakest first, so gaps come first; JSON: id order.
        for v in listed where wantJSON { people.append(coverageEntry(a, v, holderAt[v])) }
        let weakest = listed.sorted { a.coverage($0) != a.coverage($1) ? a.coverage($0) < a.coverage($1) : $0 < $1 }
        // A path's text shows at most `pathTextLimit` names, so walk only those: a deep
        // hierarchy must not cost people × depth here.
        let source = a.paths.sources()
        for v in weakest {
            let reached = a.paths.isReached(v)
            table.rows.append([
                a.graph.ids[v], a.name(v), roles(holderAt[v]?.roles ?? []), fixed(a.coverage(v)),
                reached ? String(a.paths.hops[v]) : "—", reached ? a.name(Int(source[v])) : "—",
                reached ? pathText(a, tree: a.paths, source: source, to: v) : "no path",
            ])
        }
        var json = header(a)
        json["people"] = .array(people)
        json["score"] = .number(a.score.value)
        json["threshold"] = .number(a.parameters.coverageThreshold)
        return AnalysisResult(json: .object(json), table: table)
    }

    /// The people `coverage` lists: everyone with `all`, else the role holders and the
    /// inner circle, in node order; with each one's role holding.
    static func coverageListed(_ a: AccountAnalysis, all: Bool) -> (people: [Int], holderAt: [Int: RoleHolder]) {
        let holderAt = Dictionary(a.holders.map { ($0.node, $0) }, uniquingKeysWith: { x, _ in x })
        var listed: [Int] = []
        for v in 0..<a.graph.nodeCount where !a.graph.isTeam(v) {
            guard let p = a.person(v) else { continue }
            if all || holderAt[v] != nil || p.power == .innerCircle { listed.append(v) }
        }
        return (listed, holderAt)
    }

    /// One person of `coverage`'s JSON, its keys in byte order (as `ResultValue.write`
    /// orders an object's), so that the streamed document can write them as they come.
    static func coverageFields(_ a: AccountAnalysis, _ v: Int, _ holder: RoleHolder?) -> [(key: String, value: ResultValue)] {
        let path = a.paths.path(to: v)
        let ids = a.graph.ids
        // The person's fields read in place: a copy of the Person would count a reference
        // to each of its strings.
        let placeholder = a.graph.personIndex(v).map { a.account.people[$0].placeholder } ?? false
        return [
            ("best_path", path.map { .strings($0.map { ids[$0] }) } ?? .null),
            ("coverage", .number(a.coverage(v))),
            ("hops", path.map { .int($0.count - 1) } ?? .null),
            ("id", .string(ids[v])),
            ("name", .string(a.name(v))),
            ("placeholder", .bool(placeholder)),
            ("roles", .strings((holder?.roles ?? []).map(\.rawValue))),
            ("weight", holder.map { .number($0.weight) } ?? .null),
        ]
    }

    /// One person of `coverage`'s JSON.
    static func coverageEntry(_ a: AccountAnalysis, _ v: Int, _ holder: RoleHolder?) -> ResultValue {
        .object(Dictionary(uniqueKeysWithValues: coverageFields(a, v, holder).map { ($0.key, $0.value) }))
    }

    /// `coverage`'s JSON, the same bytes as `coverage(a, all:).json.json()` (UTF-8), handed
    /// to `sink` a piece at a time: the document for 100,000 people (tens of megabytes) is
    /// never held whole, nor the table made.
    public static func writeCoverageJSON(_ a: AccountAnalysis, all: Bool, to sink: ([UInt8]) -> Void) {
        let (listed, holderAt) = coverageListed(a, all: all)
        var head = header(a)
        head["score"] = .number(a.score.value)
        head["threshold"] = .number(a.parameters.coverageThreshold)
        var out = JSONText()
        out.append("{\n")
        // Keys in byte order, as `json()` writes them: account, as_of, opportunity, people, score, threshold.
        for key in ["account", "as_of", "opportunity"] {
            out.append("  ")
            out.quoted(key)
            out.append(": ")
            head[key]?.write(into: &out, indent: 2)
            out.append(",\n")
        }
        out.append("  \"people\": ")
        if listed.isEmpty {
            out.append("[]")
        } else {
            out.append("[\n")
            for (i, v) in listed.enumerated() {
                // `coverageEntry` as `write` would write it, without making the object.
                out.append("    ")
                ResultValue.writeObject(coverageFields(a, v, holderAt[v]), into: &out, indent: 4)
                out.append(i == listed.count - 1 ? "\n" : ",\n")
                if out.bytes.count >= 1 << 16 {
                    sink(out.bytes)
                    out.bytes.removeAll(keepingCapacity: true)
                }
            }
            out.append("  ]")
        }
        out.append(",\n")
        for (i, key) in ["score", "threshold"].enumerated() {
            out.append("  ")
            out.quoted(key)
            out.append(": ")
            head[key]?.write(into: &out, indent: 2)
            out.append(i == 1 ? "\n" : ",\n")
        }
        out.append("}\n")
        sink(out.bytes)
    }

    // MARK: score

    /// The terms of the account score.
    public static func scoreTerms(_ a: AccountAnalysis) -> AnalysisResult {
        var table = ResultTable(headers: ["id", "name", "roles", "weight", "coverage", "weight × coverage"])
        var terms: [ResultValue] = []
        for t in a.score.terms {
            let v = t.holder.node
            table.rows.append([a.graph.ids[v], a.name(v), roles(t.holder.roles), fixed(t.holder.weight, 1), fixed(t.coverage, 3), fixed(t.weighted, 3)])
            terms.append(
                .object([
                    "id": .string(a.graph.ids[v]), "roles": .strings(t.holder.roles.map(\.rawValue)),
                    "weight": .number(t.holder.weight), "coverage": .number(t.coverage), "weighted": .number(t.weighted),
                    "placeholder": .bool(a.account.people[t.holder.person].placeholder),
                ]))
        }
        table.rows.append(["", "total", "", fixed(a.score.weightSum, 1), "", fixed(a.score.weightedSum, 3)])
        var json = header(a)
        json["score"] = .number(a.score.value)
        json["terms"] = .array(terms)
        json["weight_sum"] = .number(a.score.weightSum)
        json["weighted_sum"] = .number(a.score.weightedSum)
        return AnalysisResult(json: .object(json), table: table)
    }

    /// One account's row in the portfolio.
    public struct PortfolioRow: Sendable {
        public let file: String
        public let analysis: AccountAnalysis
        public let gaps: [Gap]
        public init(file: String, analysis: AccountAnalysis, gaps: [Gap]) {
            self.file = file
            self.analysis = analysis
            self.gaps = gaps
        }
        func count(_ s: GapSeverity) -> Int { gaps.filter { $0.severity == s }.count }
    }

    /// Accounts sorted by score, lowest first (no score first of all), then by name.
    public static func portfolio(_ rows: [PortfolioRow]) -> AnalysisResult {
        let sorted = rows.sorted { x, y in
            let a = x.analysis.score.value ?? -1, b = y.analysis.score.value ?? -1
            if a != b { return a < b }
            return x.analysis.account.info.name.utf8.lexicographicallyPrecedes(y.analysis.account.info.name.utf8)
        }
        var table = ResultTable(headers: ["account", "score", "high", "medium", "low", "stale", "referencing", "renewal", "owner", "file"])
        var accounts: [ResultValue] = []
        for r in sorted {
            let a = r.analysis
            let info = a.account.info
            let owner = info.owner.flatMap { id in a.account.team.first { $0.id == id }?.name } ?? info.owner ?? ""
            let stale = r.gaps.filter { $0.kind == .stale }.count
            table.rows.append([
                info.name, scoreText(a.score.value), String(r.count(.high)), String(r.count(.medium)), String(r.count(.low)),
                String(stale), info.referencing?.status.rawValue ?? "", info.referencing?.renewal?.description ?? "", owner, r.file,
            ])
            accounts.append(
                .object([
                    "file": .string(r.file), "account": .string(info.name), "score": .number(a.score.value),
                    "gaps": .object(["high": .int(r.count(.high)), "medium": .int(r.count(.medium)), "low": .int(r.count(.low))]),
                    "stale_relationships": .int(stale), "referencing": .string(info.referencing?.status.rawValue),
                    "renewal": .string(info.referencing?.renewal?.description), "owner": .string(info.owner),
                    "as_of": .string(a.asOf.description),
                ]))
        }
        return AnalysisResult(json: .object(["accounts": .array(accounts)]), table: table)
    }

    // MARK: gaps

    /// The gaps, with each action in words.
    /// - Parameter nextStep: the front end's name for what Stakemap offers about a gap
    ///   (`Gap.nextStep`), written after its action in parentheses; the command line
    ///   gives the command to type ("get back in touch and record the contact (stakemap
    ///   log)"). By default nothing is added.
    public static func gaps(_ a: AccountAnalysis, _ gaps: [Gap], nextStep: (NextStep) -> String? = { _ in nil }) -> AnalysisResult {
        var table = ResultTable(headers: ["severity", "kind", "subject", "opportunity", "reason", "action"])
        var list: [ResultValue] = []
        for g in gaps {
            let action = g.action + (g.nextStep.flatMap(nextStep).map { " (\($0))" } ?? "")
            table.rows.append([g.severity.rawValue, g.kind.rawValue, g.subject.description, g.opportunity ?? "", g.reason, action])
            list.append(
                .object([
                    "severity": .string(g.severity.rawValue), "kind": .string(g.kind.rawValue), "subject": .string(g.subject.description),
                    "opportunity": .string(g.opportunity), "reason": .string(g.reason), "action": .string(action),
                ]))
        }
        var json = header(a)
        json["gaps"] = .array(list)
        json["score"] = .number(a.score.value)
        json["counts"] = .object(Dictionary(uniqueKeysWithValues: GapSeverity.allCases.map { s in (s.rawValue, .int(gaps.filter { $0.severity == s }.count)) }))
        return AnalysisResult(json: .object(json), table: table)
    }

    // MARK: paths

    public static func paths(_ a: AccountAnalysis, target: Int, _ paths: [InfluencePath]) -> AnalysisResult {
        var table = ResultTable(headers: ["#", "strength", "hops", "path"])
        for (i, p) in paths.enumerated() {
            table.rows.append([String(i + 1), fixed(p.strength, 3), String(p.nodes.count - 1), pathText(a, p.nodes)])
        }
        var json = header(a)
        json["target"] = .string(a.graph.ids[target])
        json["paths"] = .array(paths.map { pathValue(a, $0) })
        json["coverage"] = .number(a.coverage(target))
        return AnalysisResult(json: .object(json), table: table)
    }

    // MARK: rank

    public static func rank(
        _ a: AccountAnalysis, _ players: [KeyPlayer], pageRank: PageRankResult,
        betweenness: BetweennessResult, top: Int?
    ) -> AnalysisResult {
        var table = ResultTable(headers: ["#", "id", "name", "title", "level", "pagerank", "betweenness", "hidden influencer"])
        for k in players.prefix(top ?? players.count) {
            let p = a.person(k.node)
            table.rows.append([
                String(k.rank), a.graph.ids[k.node], a.name(k.node), p?.title ?? "", p?.level?.rawValue ?? "",
                fixed(k.pageRank, 4), fixed(k.betweenness, 4), k.hiddenInfluencer ? "yes" : "",
            ])
        }
        var json = header(a)
        json["pagerank"] = .object(["iterations": .int(pageRank.iterations), "converged": .bool(pageRank.converged)])
        json["betweenness"] = .object([
            "exact": .bool(betweenness.sampledSources == nil),
            "sampled_sources": betweenness.sampledSources.map { .int($0) } ?? .null,
            "seed": betweenness.seed.map { .int(Int($0)) } ?? .null,
        ])
        let ids = a.graph.ids
        // A document of every person: made only when asked for.
        return AnalysisResult(table: table) { [json] in
            var json = json
            json["people"] = .array(
                players.sorted { $0.node < $1.node }.map { k in
                    .object([
                        "id": .string(ids[k.node]), "pagerank": .number(k.pageRank), "betweenness": .number(k.betweenness),
                        "rank": .int(k.rank), "hidden_influencer": .bool(k.hiddenInfluencer),
                    ])
                })
            return .object(json)
        }
    }

    // MARK: visits

    public static func visits(_ a: AccountAnalysis, _ plan: VisitPlan) -> AnalysisResult {
        var table = ResultTable(headers: ["#", "ours", "theirs", "title", "site", "gain", "coverage", "introduction", "talking points"])
        var list: [ResultValue] = []
        for (i, v) in plan.visits.enumerated() {
            let p = a.person(v.person)
            table.rows.append([
                String(i + 1), a.name(v.colleague), a.name(v.person), p?.title ?? "", p?.site ?? "",
                "+" + fixed(v.gain, 1), "\(fixed(v.coverageBefore)) → \(fixed(v.coverageAfter))",
                a.introduction(for: v), a.talkingPoints(for: v),
            ])
            list.append(
                .object([
                    "ours": .string(a.graph.ids[v.colleague]), "theirs": .string(a.graph.ids[v.person]), "gain": .number(v.gain),
                    "coverage_before": .number(v.coverageBefore), "coverage_after": .number(v.coverageAfter),
                    "introduction": v.introduction.map { .strings($0.map { a.graph.ids[$0] }) } ?? .null,
                    "site": .string(p?.site), "stance": .string(p?.stance.rawValue),
                    "criteria": .strings(p?.criteria.map(\.rawValue) ?? []), "roles": .strings(p?.roles.map(\.rawValue) ?? []),
                ]))
        }
        var json = header(a)
        json["visits"] = .array(list)
        json["score_before"] = .number(plan.scoreBefore)
        json["score_after"] = .number(plan.scoreAfter)
        json["colleagues"] = .strings(plan.colleagues.map { a.graph.ids[$0] })
        json["sites"] = .array(
            plan.bySite.map { g in
                .object(["site": .string(g.site.isEmpty ? nil : g.site), "visits": .array(g.visits.map { .int($0 + 1) })])
            })
        return AnalysisResult(json: .object(json), table: table)
    }
}

extension AnalysisOutput {
    /// What changed between two snapshots.
    public static func changes(
        _ c: AccountChanges, old: AccountAnalysis, new: AccountAnalysis,
        oldLabel: String, newLabel: String
    ) -> AnalysisResult {
        var table = ResultTable(headers: ["change", "subject", "name", "before", "after"])
        var list: [ResultValue] = []
        for x in c.changes {
            table.rows.append([x.kind.rawValue, x.subject, x.name, x.before ?? "", x.after ?? ""])
            list.append(
                .object([
                    "change": .string(x.kind.rawValue), "subject": .string(x.subject), "name": .string(x.name),
                    "before": .string(x.before), "after": .string(x.after),
                ]))
        }
        func counts(_ gaps: [Gap]) -> ResultValue {
            .object(Dictionary(uniqueKeysWithValues: GapSeverity.allCases.map { s in (s.rawValue, .int(gaps.filter { $0.severity == s }.count)) }))
        }
        func gapList(_ gaps: [Gap]) -> ResultValue {
            .array(
                gaps.map { g in
                    .object([
                        "severity": .string(g.severity.rawValue), "kind": .string(g.kind.rawValue), "subject": .string(g.subject.description),
                        "opportunity": .string(g.opportunity), "reason": .string(g.reason),
                    ])
                })
        }
        let json: ResultValue = .object([
            "account": .string(new.account.info.name),
            "old": .object(["snapshot": .string(oldLabel), "as_of": .string(old.asOf.description)]),
            "new": .object(["snapshot": .string(newLabel), "as_of": .string(new.asOf.description)]),
            "changes": .array(list),
            "score": .object(["before": .number(c.scoreBefore), "after": .number(c.scoreAfter)]),
            "gaps": .object([
                "before": counts(c.gapsBefore), "after": counts(c.gapsAfter),
                "new": gapList(c.newGaps), "resolved": gapList(c.resolvedGaps),
            ]),
        ])
        return AnalysisResult(json: json, table: table)
    }
}
