import Foundation
import Testing
@testable import StakemapCore

let day = Day(iso: "2026-06-01") ?? Day(daysSinceEpoch: 0)

/// A small account: t (ours) knows cfo; ceo ← cfo ← dev in the hierarchy.
func smallAccount(contact: Day? = day) -> Account {
    Account(
        info: AccountInfo(name: "Small"),
        team: [TeamMember(id: "t", name: "T", level: .director)],
        people: [
            Person(id: "ceo", name: "CEO", level: .executive, roles: [.economicBuyer]),
            Person(id: "cfo", name: "CFO", level: .executive, reportsTo: "ceo"),
            Person(id: "dev", name: "Dev", level: .staff, reportsTo: "cfo", roles: [.user]),
        ],
        relationships: [Relationship(ours: "t", theirs: "cfo", level: .problemSolver, lastContact: contact)])
}

func analyse(_ a: Account, _ p: AnalysisParameters = AnalysisParameters(), scope: AnalysisScope = .account) throws -> AccountAnalysis {
    try AccountAnalysis(account: a, asOf: day, parameters: p, scope: scope)
}

/// A random account of `n` people and `m` colleagues, strengths with two decimals
/// (1.00 included), a hierarchy (managers earlier in the list), influence links and
/// relationships.
func randomAccount(_ rng: inout SeededGenerator, people n: Int, team m: Int) -> Account {
    func strength() -> Double { Double(rng.int(1...100)) / 100 }
    var people: [Person] = []
    for i in 0..<n {
        let manager = i > 0 && rng.chance(0.8) ? "p\(rng.int(0 ... i - 1))" : nil
        let roles: [BuyingRole] = rng.chance(0.4) ? [rng.pick(BuyingRole.allCases)] : []
        people.append(Person(id: "p\(i)", name: "P\(i)", level: rng.pick(Level.allCases), reportsTo: manager, roles: roles))
    }
    var links: [Link] = []
    for _ in 0..<n {
        let a = rng.int(0...n - 1), b = rng.int(0...n - 1)
        if a != b { links.append(Link(from: "p\(a)", to: "p\(b)", type: .influence, strength: strength())) }
    }
    let team = (0..<m).map { TeamMember(id: "t\($0)", name: "T\($0)", level: rng.pick(Level.allCases)) }
    var relationships: [Relationship] = []
    for t in 0..<m {
        for _ in 0..<rng.int(0...2) {
            relationships.append(Relationship(ours: "t\(t)", theirs: "p\(rng.int(0 ... n - 1))", strength: strength(), lastContact: day))
        }
    }
    return Account(info: AccountInfo(name: "R"), team: team, people: people, links: links, relationships: relationships)
}

/// Every simple path from any of `sources` to `target`, by depth-first enumeration.
func allSimplePaths(_ g: InfluenceGraph, from sources: [Int], to target: Int) -> [InfluencePath] {
    var out: [InfluencePath] = []
    var onPath = [Bool](repeating: false, count: g.nodeCount)
    var path: [Int] = []
    func visit(_ u: Int, cost: Double, strength: Double) {
        path.append(u); onPath[u] = true
        defer { path.removeLast(); onPath[u] = false }
        if u == target { out.append(InfluencePath(nodes: path, strength: strength, cost: cost)); return }
        for e in g.forward.range(u) {
            let v = Int(g.forward.targets[e])
            if !onPath[v] { visit(v, cost: cost + g.forward.costs[e], strength: strength * g.forward.strengths[e]) }
        }
    }
    for s in sources { visit(s, cost: 0, strength: 1) }
    return out.sorted { $0.isBetter(than: $1) }
}

@Suite struct GraphTests {
    /// The incoming edges are exactly the outgoing ones reversed, rows in source order,
    /// on a graph large enough to be built on two threads and with parallel edges merged.
    @Test func backwardIsTheTransposeOfForward() {
        let out = OrganisationGenerator(people: 12_000, seed: 4, asOf: day).generate()
        var account = out.account
        // A parallel edge: an influence link beside a reporting line, weaker and stronger.
        if let p = account.people.first(where: { $0.reportsTo != nil }), let m = p.reportsTo {
            account.links.append(Link(from: m, to: p.id, type: .influence, strength: 0.3))
            account.links.append(Link(from: p.id, to: m, type: .influence, strength: 0.95))
        }
        let g = InfluenceGraph(account: account, asOf: day, parameters: AnalysisParameters())
        #expect(g.edgeCount >= 50_000)
        #expect(g.backward.targets.count == g.forward.targets.count)
        for u in 0..<g.nodeCount {
            for e in g.forward.range(u) {
                let v = Int(g.forward.targets[e])
                guard let b = g.backward.edge(v, u) else { Issue.record("no reversed edge \(u)→\(v)"); return }
                #expect(g.backward.strengths[b] == g.forward.strengths[e] && g.backward.kinds[b] == g.forward.kinds[e])
            }
            let row = g.backward.range(u).map { g.backward.targets[$0] }
            #expect(row == row.sorted())
        }
        // Each cost is −ln of its strength, to the bit (the costs are remembered per strength).
        for adjacency in [g.forward, g.backward] {
            #expect(adjacency.costs.count == adjacency.strengths.count)
            #expect(zip(adjacency.costs, adjacency.strengths).allSatisfy { $0 == -log($1) })
        }
        #expect(Set(g.forward.strengths).count > 10, "enough distinct strengths to share cache slots")
    }

    @Test func buildsEdgesFromReportingLinesLinksAndRelationships() throws {
        var a = smallAccount()
        a.people[2].dotted = ["ceo"]
        a.links = [
            Link(from: "dev", to: "cfo", type: .influence, strength: 0.9),
            Link(from: "ceo", to: "dev", type: .conflict),
        ]
        let g = InfluenceGraph(account: a, asOf: day, parameters: AnalysisParameters())
        #expect(Array(g.ids) == ["ceo", "cfo", "dev", "t"])
        func s(_ u: String, _ v: String) -> Double? {
            guard let x = g.node(u), let y = g.node(v), let e = g.forward.edge(x, y) else { return nil }
            return g.forward.strengths[e]
        }
        #expect(s("ceo", "cfo") == 0.8 && s("cfo", "ceo") == 0.5)
        #expect(s("dev", "cfo") == 0.9)  // the influence link beats the reporting line's 0.5
        #expect(s("ceo", "dev") == 0.6 && s("dev", "ceo") == 0.4)  // dotted line; the conflict adds nothing
        #expect(s("t", "cfo") == 0.75)
        #expect(s("cfo", "t") == nil)
        #expect(g.edgeCount == 7)
    }

    @Test func nodesAreNumberedInByteOrderOfTheirIds() {
        var rng = SeededGenerator(seed: 21)
        let alphabet = ["a", "b", "é", "z", "A", "0", ".", "ß", "😀", "-"]
        let people = (0..<400).map { i in
            let stem = (0..<rng.int(0...20)).map { _ in rng.pick(alphabet) }.joined()
            return Person(id: (rng.chance(0.5) ? "prefix.common.longer." : "") + stem + "\(i)", name: "x")
        }
        let g = InfluenceGraph(account: Account(info: AccountInfo(name: "Ids"), people: people), asOf: day, parameters: AnalysisParameters())
        #expect(Array(g.ids) == people.map(\.id).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }

    /// Above 20,000 nodes the ids are sorted on both cores; the order is the same.
    @Test func largeGraphsKeepTheByteOrder() {
        var rng = SeededGenerator(seed: 5)
        let stems = ["anne", "anne.", "Zoé", "zoe", "ß", "jean-marc.dupont-de-la-rivière.", "a"]
        let people = (0..<24_000).map { i in
            Person(id: rng.pick(stems) + rng.pick(stems) + "\(rng.int(0 ... 999_999))", name: "x")
        }
        let team = [TeamMember(id: "anne.0", name: "Ours"), TeamMember(id: "0", name: "Also ours")]
        let account = Account(info: AccountInfo(name: "Ids"), team: team, people: people)
        let index = AccountIndex(account)
        let g = InfluenceGraph(account: account, asOf: day, parameters: AnalysisParameters(), index: index)
        var expected: [String] = []
        var seen = Set<String>()
        for p in people where seen.insert(p.id).inserted { expected.append(p.id) }
        expected += team.map(\.id).filter { !seen.contains($0) }
        expected.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(Array(g.ids) == expected)
        for (v, id) in g.ids.enumerated() { #expect(g.node(id) == v) }
    }

    /// The searches' heap pops entries in (cost, hops, node) order, whatever the order of
    /// inserts and removals, repeated entries included.
    @Test func heapPopsInOrder() {
        var rng = SeededGenerator(seed: 17)
        var heap = EntryHeap()
        var reference: [QueueEntry] = []
        var popped = 0
        for step in 0..<20_000 {
            if step % 7 < 4 || reference.isEmpty {
                let e = QueueEntry(cost: Double(rng.int(0...40)) / 8, hops: Int32(rng.int(0...3)), node: Int32(rng.int(0...50)))
                heap.insert(e)
                reference.append(e)
            } else {
                let i = reference.indices.min { reference[$0] < reference[$1] }!
                #expect(heap.popMin() == reference.remove(at: i))
                popped += 1
            }
        }
        while let e = heap.popMin() {
            let i = reference.indices.min { reference[$0] < reference[$1] }!
            #expect(e == reference.remove(at: i))
        }
        #expect(reference.isEmpty && popped > 5000)
    }

    @Test func parallelSortAgreesWithSort() {
        var rng = SeededGenerator(seed: 9)
        for count in [0, 1, 19_999, 20_000, 33_333] {
            let items = (0..<count).map { _ in rng.int(0...1_000_000) * 100_000 + rng.int(0...99_999) }
            #expect(sortedInParallel(items, by: <) == items.sorted())
        }
    }

    @Test func relationshipsDecayWithAHalfLife() {
        let r = Relationship(ours: "t", theirs: "x", level: .problemSolver, lastContact: day.adding(days: -180))
        #expect(InfluenceGraph.decayedStrength(r, asOf: day, halfLife: 180) == 0.375)
        let future = Relationship(ours: "t", theirs: "x", strength: 0.6, lastContact: day.adding(days: 30))
        #expect(InfluenceGraph.decayedStrength(future, asOf: day, halfLife: 180) == 0.6)
        let undated = Relationship(ours: "t", theirs: "x", strength: 0.6)
        #expect(InfluenceGraph.decayedStrength(undated, asOf: day, halfLife: 180) == 0.6)
    }

    @Test func peopleWhoLeftAreNotNodesAndPlaceholdersRelayNothing() throws {
        var a = smallAccount()
        a.people[2].left = day.adding(days: -1)
        a.people[0].placeholder = true
        let g = InfluenceGraph(account: a, asOf: day, parameters: AnalysisParameters())
        #expect(g.node("dev") == nil)
        #expect(g.node("ceo") != nil)
        #expect(g.forward.range(g.node("ceo") ?? 0).isEmpty && g.backward.range(g.node("ceo") ?? 0).isEmpty)
    }
}

@Suite struct CoverageTests {
    @Test func handComputedCoverageAndScore() throws {
        let a = try analyse(smallAccount())
        let cov = { (id: String) in a.coverage(a.graph.node(id) ?? -1) }
        #expect(cov("cfo") == 0.75)
        #expect(cov("ceo") == 0.375)  // 0.75 × up 0.5
        #expect(abs(cov("dev") - 0.6) < 1e-15)  // 0.75 × down 0.8
        // 100 × (1.0 × 0.375 + 0.3 × 0.6) / (1.0 + 0.3)
        #expect(abs((a.score.value ?? 0) - 100 * 0.555 / 1.3) < 1e-9)
        #expect(a.score.terms.map { a.graph.ids[$0.holder.node] } == ["ceo", "dev"])
        #expect(a.score.terms.map(\.holder.weight) == [1.0, 0.3])
    }

    @Test func decayLowersCoverageAndPlaceholdersCountZero() throws {
        var account = smallAccount(contact: day.adding(days: -180))
        let a = try analyse(account)
        #expect(a.coverage(a.graph.node("cfo") ?? -1) == 0.375)
        account.people[2].placeholder = true
        let b = try analyse(account)
        #expect(abs((b.score.value ?? 0) - 100 * (1.0 * 0.1875) / 1.3) < 1e-9)
    }

    @Test func noRoleHolderMeansNoScoreAndAGap() throws {
        var account = smallAccount()
        for i in account.people.indices { account.people[i].roles = [] }
        let a = try analyse(account)
        #expect(a.score.value == nil)
        #expect(a.gaps().contains { $0.kind == .missingRole && $0.subject == .account && $0.reason.contains("no score") })
    }

    @Test func opportunityScopeUsesItsOwnRolesAndRejectsUnknownIds() throws {
        var account = smallAccount()
        account.opportunities = [Opportunity(id: "deal", name: "Deal", roles: [.economicBuyer: ["cfo"], .champion: ["dev"]])]
        let a = try analyse(account, scope: .opportunity("deal"))
        #expect(a.holders.map { a.graph.ids[$0.node] } == ["cfo", "dev"])
        #expect(abs((a.score.value ?? 0) - 100 * (0.75 + 0.6 * 0.6) / 1.6) < 1e-9)
        #expect(throws: AnalysisError("unknown opportunity 'dael' — did you mean 'deal'?")) {
            try analyse(account, scope: .opportunity("dael"))
        }
    }

    @Test func bestPathAndCoverageMatchEnumerationOfAllSimplePaths() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<120 {
            let account = randomAccount(&rng, people: rng.int(3...8), team: rng.int(1...3))
            let a = try analyse(account)
            for v in 0..<a.graph.nodeCount where !a.graph.isTeam(v) {
                let all = allSimplePaths(a.graph, from: a.graph.team, to: v)
                guard let best = all.first else {
                    #expect(a.paths.strength[v] == 0)
                    continue
                }
                #expect(abs(a.paths.strength[v] - best.strength) <= 1e-12 * best.strength)
                #expect(a.paths.path(to: v) == best.nodes, "best path to \(a.graph.ids[v])")
            }
        }
    }

    @Test func yenMatchesTheSortedEnumeration() throws {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<80 {
            let account = randomAccount(&rng, people: rng.int(3...7), team: rng.int(1...3))
            let a = try analyse(account)
            for v in 0..<a.graph.nodeCount where !a.graph.isTeam(v) {
                let k = rng.int(1...6)
                let all = allSimplePaths(a.graph, from: a.graph.team, to: v).map(\.nodes)
                let expected = all.prefix(k)
                let found = a.graph.bestPaths(from: a.graph.team, to: v, count: k).map(\.nodes)
                #expect(found == Array(expected), "k=\(k) paths to \(a.graph.ids[v])")
                // With the backward search cut short, bounds are looser; the answer is the same.
                let budget = rng.int(1...3)
                let cut = a.graph.bestPaths(from: a.graph.team, to: v, count: k, tree: nil, boundBudget: budget).map(\.nodes)
                #expect(cut == Array(expected), "k=\(k) paths to \(a.graph.ids[v]), budget \(budget)")
                // One path, by its own search (bounds from the backward search only up to the
                // best cost) and from the coverage tree: the first of them all.
                let one = a.graph.bestPaths(from: a.graph.team, to: v, count: 1).map(\.nodes)
                #expect(one == Array(expected.prefix(1)), "the best path to \(a.graph.ids[v])")
                #expect(a.graph.bestPaths(from: a.graph.team, to: v, count: 3, tree: nil, boundBudget: 0).map(\.nodes) == Array(all.prefix(3)))
                #expect(a.graph.bestPaths(from: a.graph.team, to: v, count: 1, tree: a.paths).map(\.nodes) == one)
                // The sources as a caller may give them: out of order, some twice.
                let given = (a.graph.team + a.graph.team.prefix(1)).reversed()
                #expect(a.graph.bestPaths(from: Array(given), to: v, count: k).map(\.nodes) == found, "repeated sources")
            }
        }
    }

    /// The strongest-path search finds the same tree on Dial's buckets as on the heap,
    /// wherever the costs allow buckets, also with blocked people and a cost limit; and a
    /// search for a target stays on the heap.
    @Test func strongestPathsAgreeOnBothQueues() throws {
        var rng = SeededGenerator(seed: 31)
        var bucketed = 0
        for round in 0..<40 {
            let g = try analyse(randomAccount(&rng, people: rng.int(20...80), team: 3)).graph
            var limits = SearchLimits()
            if round % 3 == 1 { limits.blockedNodes = (0..<g.nodeCount).map { _ in rng.chance(0.2) } }
            if round % 3 == 2 { limits.maxCost = Double(rng.int(1...30)) / 10 }
            var heap = PathSearch(nodeCount: g.nodeCount)
            heap.bucketsAllowed = false
            heap.run(g.forward, from: g.team, limits: limits)
            var buckets = PathSearch(nodeCount: g.nodeCount)
            buckets.run(g.forward, from: g.team, limits: limits)
            if buckets.buckets?.storage != nil { bucketed += 1 }
            let a = heap.tree(), b = buckets.tree()
            #expect(a.predecessor == b.predecessor && a.hops == b.hops, "round \(round)")
            #expect(a.strength == b.strength && a.cost == b.cost, "round \(round)")
            var targeted = PathSearch(nodeCount: g.nodeCount)
            targeted.run(g.forward, from: g.team, limits: SearchLimits(target: rng.int(0...g.nodeCount - 1)))
            #expect(targeted.buckets == nil, "round \(round): a search for a target runs on the heap")
        }
        #expect(bucketed >= 10 && bucketed <= 35, "both queues occur: \(bucketed) of 40 on buckets")
    }

    /// PageRank on both cores (each half of the people on its own) is the same to the bit
    /// as on one.
    @Test func pageRankIsTheSameOnBothCores() throws {
        var rng = SeededGenerator(seed: 23)
        for round in 0..<6 {
            let account = randomAccount(&rng, people: rng.int(30...60), team: 2)
            let g = try analyse(account).graph
            let one = g.pageRank(PageRankOptions(), bothCoresFrom: .max)
            let both = g.pageRank(PageRankOptions(), bothCoresFrom: 0)
            #expect(one.iterations > 1, "round \(round)")
            #expect(both.values == one.values, "round \(round)")
            #expect(both.iterations == one.iterations, "round \(round)")
        }
    }

    /// Betweenness is the same to the bit on one thread or many (fixed blocks of sources,
    /// added in order), and the sampled estimate too.
    @Test func betweennessIsTheSameOnAnyNumberOfThreads() throws {
        var rng = SeededGenerator(seed: 21)
        for round in 0..<6 {
            let account = randomAccount(&rng, people: rng.int(30...60), team: 2)
            let a = try analyse(account)
            let one = a.graph.betweenness(threads: 1)
            #expect(one.values.contains { $0 > 0 }, "round \(round): some broker")
            for t in [2, 3, 8] { #expect(a.graph.betweenness(threads: t).values == one.values, "round \(round), \(t) threads") }
            let sampled = a.graph.betweenness(exactUpTo: 10, samples: 20, seed: 3, threads: 1)
            #expect(a.graph.betweenness(exactUpTo: 10, samples: 20, seed: 3, threads: 4).values == sampled.values)
        }
    }

    @Test func singlePointsOfFailureMatchRemovingEachColleague() throws {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<60 {
            let account = randomAccount(&rng, people: rng.int(4...9), team: rng.int(1...3))
            let a = try analyse(account)
            var expected: [String: [String]] = [:]
            for t in account.team {
                var without = account
                without.relationships.removeAll { $0.ours == t.id }
                let b = try analyse(without)
                for h in a.holders where a.coverage(h.node) >= 0.3 && b.coverage(h.node) < 0.3 {
                    expected[t.id, default: []].append(a.graph.ids[h.node])
                }
            }
            var found: [String: [String]] = [:]
            for s in a.singlePointsOfFailure() { found[a.graph.ids[s.colleague]] = s.holders.map { a.graph.ids[$0] } }
            #expect(found == expected)
        }
    }
}

@Suite struct CentralityTests {
    @Test func pageRankOfTwoPeopleHasAClosedForm() throws {
        let account = Account(
            info: AccountInfo(name: "Two"), people: [Person(id: "a", name: "A"), Person(id: "b", name: "B")],
            links: [Link(from: "a", to: "b", type: .influence, strength: 1)])
        let pr = InfluenceGraph(account: account, asOf: day, parameters: AnalysisParameters()).pageRank()
        // Reversed edge b → a; a dangles: x_a = 0.925 / 1.425.
        #expect(pr.converged)
        #expect(abs(pr.values[0] - 0.925 / 1.425) < 1e-9)
        #expect(abs(pr.values[1] - 0.5 / 1.425) < 1e-9)
    }

    @Test func pageRankMatchesAPlainPowerIteration() throws {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<40 {
            let a = try analyse(randomAccount(&rng, people: rng.int(2...12), team: 1))
            let g = a.graph
            let pr = g.pageRank()
            #expect(pr.converged)
            let people = (0..<g.nodeCount).filter { !g.isTeam($0) }
            let n = Double(people.count)
            // Dense reversed-graph matrix: weight w(v → u) for each edge u → v among people.
            var x = Dictionary(uniqueKeysWithValues: people.map { ($0, 1 / n) })
            for _ in 0..<3000 {
                var next = Dictionary(uniqueKeysWithValues: people.map { ($0, 0.15 / n) })
                var dangling = 0.0
                for v in people {
                    let ins = g.backward.range(v).filter { !g.isTeam(Int(g.backward.targets[$0])) }
                    let total = ins.reduce(0.0) { $0 + g.backward.strengths[$1] }
                    if total == 0 { dangling += x[v] ?? 0; continue }
                    for e in ins { next[Int(g.backward.targets[e]), default: 0] += 0.85 * (x[v] ?? 0) * g.backward.strengths[e] / total }
                }
                for v in people { next[v, default: 0] += 0.85 * dangling / n }
                x = next
            }
            for v in people { #expect(abs(pr.values[v] - (x[v] ?? 0)) <= 1e-9 * (x[v] ?? 1)) }
        }
    }

    /// Both queues of the passes (buckets where the costs allow, the heap otherwise) give
    /// the betweenness of counting every shortest path; strengths of 1/100 steps make many
    /// equally strong paths, and a strength of 1 (a cost of 0) sends a graph to the heap.
    /// (None of these graphs has two people equally far from a source joined by a strength
    /// of 1, which `betweenness` does not promise to count.)
    @Test func betweennessMatchesCountingShortestPaths() throws {
        var rng = SeededGenerator(seed: 9)
        var bucketed = 0
        for round in 0..<60 {
            let a = try analyse(randomAccount(&rng, people: rng.int(3...8), team: 1))
            let g = a.graph
            if BucketQueue.storage(for: BrandesGraph(g)) != nil { bucketed += 1 }
            for buckets in [true, false] {
                let bc = g.betweenness(exactUpTo: 2000, samples: nil, seed: 1, threads: 1, buckets: buckets)
                #expect(bc.sampledSources == nil)
                expectCountedBetweenness(g, bc, "round \(round), buckets \(buckets)")
            }
        }
        #expect(bucketed >= 30, "most random graphs fit the bucket queue")
        #expect(bucketed < 60, "some random graphs have a strength of 1")
    }

    /// Expects `bc` to equal the betweenness of counting every shortest path between
    /// their people by enumerating the simple paths.
    func expectCountedBetweenness(_ g: InfluenceGraph, _ bc: BetweennessResult, _ context: String) {
        let people = (0..<g.nodeCount).filter { !g.isTeam($0) }
        var expected = [Double](repeating: 0, count: g.nodeCount)
        for s in people {
            for t in people where t != s {
                let paths = allSimplePaths(g, from: [s], to: t).filter { !g.isTeam($0.nodes[0]) && $0.nodes.allSatisfy { !g.isTeam($0) } }
                guard let best = paths.first else { continue }
                let shortest = paths.filter { sameCost($0.cost, best.cost) }
                for p in shortest { for v in p.nodes.dropFirst().dropLast() { expected[v] += 1 / Double(shortest.count) } }
            }
        }
        let m = Double(people.count)
        for v in people {
            let e = m > 2 ? expected[v] / ((m - 1) * (m - 2)) : expected[v]
            #expect(abs(bc.values[v] - e) < 1e-9, "\(context): betweenness of \(g.ids[v])")
        }
    }

    /// On a generated bank, the bucket queue and the heap agree to the rounding of sums
    /// added in another order.
    @Test func bucketQueueAndHeapAgreeOnAGeneratedBank() throws {
        let out = OrganisationGenerator(people: 600, seed: 3, asOf: day).generate()
        let g = try analyse(out.account).graph
        #expect(BucketQueue.storage(for: BrandesGraph(g)) != nil)
        let buckets = g.betweenness(exactUpTo: 2000, samples: nil, seed: 1, threads: 1, buckets: true)
        let heap = g.betweenness(exactUpTo: 2000, samples: nil, seed: 1, threads: 1, buckets: false)
        #expect(buckets.values.contains { $0 > 0.01 })
        for v in 0..<g.nodeCount {
            #expect(abs(buckets.values[v] - heap.values[v]) <= 1e-12 * max(heap.values[v], 1e-3), "\(g.ids[v])")
        }
    }

    /// The bucket queue is used only where it can order the costs: not with a cost of 0 or
    /// near it, and with buckets half the cheapest edge wide.
    @Test func bucketQueueFitsOnlyCostsItCanOrder() throws {
        func graph(strength: Double) throws -> InfluenceGraph {
            var account = smallAccount()
            account.links.append(Link(from: "dev", to: "ceo", type: .influence, strength: strength))
            return try analyse(account).graph
        }
        #expect(BucketQueue.storage(for: BrandesGraph(try graph(strength: 1))) == nil)
        #expect(BucketQueue.storage(for: BrandesGraph(try graph(strength: 0.9995))) == nil)
        let storage = try #require(BucketQueue.storage(for: BrandesGraph(try graph(strength: 0.95))))
        #expect(abs(storage.width - -log(0.95) / 2) < 1e-15)
    }

    /// With every edge of one strength, the ring is as small as it can be (4 buckets: the
    /// dearest edge is two widths), and every pair of paths of as many hops is a tie; both
    /// queues still give the betweenness of counting every shortest path.
    @Test func theSmallestRingAndEveryTieStillCount() throws {
        var rng = SeededGenerator(seed: 14)
        for round in 0..<20 {
            let n = rng.int(4...9)
            var links: [Link] = []
            for _ in 0..<(2 * n) {
                let a = rng.int(0...n - 1), b = rng.int(0...n - 1)
                if a != b { links.append(Link(from: "p\(a)", to: "p\(b)", type: .influence, strength: 0.5)) }
            }
            let people = (0..<n).map { Person(id: "p\($0)", name: "P\($0)") }
            let account = Account(info: AccountInfo(name: "R"), team: [TeamMember(id: "t", name: "T")], people: people, links: links)
            let g = try analyse(account).graph
            let storage = try #require(BucketQueue.storage(for: BrandesGraph(g)))
            #expect(storage.mask == 3, "round \(round)")
            for buckets in [true, false] {
                let bc = g.betweenness(exactUpTo: 2000, samples: nil, seed: 1, threads: 1, buckets: buckets)
                expectCountedBetweenness(g, bc, "round \(round), buckets \(buckets)")
            }
        }
    }

    /// Pushed as Dijkstra pushes (each cost at least two bucket widths above the last pop),
    /// every entry comes out once, in bucket order, across passes that each empty the queue.
    @Test func bucketQueueComesOutInBucketOrder() {
        var rng = SeededGenerator(seed: 12)
        let width = 0.05
        let storage = BucketQueue.Storage(width: width, buckets: 64)
        var queue = BucketQueue(storage)
        for pass in 0..<3 {
            var cost: [Int32: Double] = [0: 0]
            var next: Int32 = 1
            queue.push(cost: 0, node: 0)
            var last = -1
            var popped = 0
            while let u = queue.popNode() {
                let c = cost[u] ?? .nan
                let bucket = Int(c * (1 / width))  // as the queue computes it
                #expect(bucket >= last, "pass \(pass): bucket \(bucket) after \(last)")
                last = bucket
                popped += 1
                guard next < 3000 else { continue }
                for _ in 0..<rng.int(0...3) {
                    let pushed = c + 2 * width + Double(rng.int(0...100)) / 100
                    cost[next] = pushed
                    queue.push(cost: pushed, node: next)
                    next += 1
                }
            }
            #expect(popped == cost.count, "pass \(pass)")
        }
    }

    /// A search along a chain empties the queue at every pop, just before the next push;
    /// the pops still come out in order around the ring, many times over, and a new queue
    /// on the same storage (a Brandes block's) starts clean after the last came out empty.
    @Test func aQueueEmptiedAtEveryPopStaysInStep() {
        var rng = SeededGenerator(seed: 15)
        let width = 0.25
        let storage = BucketQueue.Storage(width: width, buckets: 8)
        for search in 0..<4 {
            var queue = BucketQueue(storage)
            for pass in 0..<3 {
                var pushed: [Int32] = [0]
                var costs = [0.0]
                queue.push(cost: 0, node: 0)
                var popped: [Int32] = []
                while let u = queue.popNode() {
                    popped.append(u)
                    guard pushed.count < 200 else { continue }
                    // Two to six widths on: within the ring of 8, never in the bucket popped.
                    let cost = costs[Int(u)] + width * Double(rng.int(200...600)) / 100
                    costs.append(cost)
                    pushed.append(Int32(pushed.count))
                    queue.push(cost: cost, node: pushed.last!)
                }
                #expect(popped == pushed, "search \(search), pass \(pass)")
            }
        }
        for b in 0...storage.mask { #expect(storage.counts[b] == 0, "bucket \(b) left clear") }
    }

    /// `upcoming(k)` is the node the k-th pop from now gives, within the bucket being
    /// emptied, and −1 past its end.
    @Test func theQueueSaysWhatComesNextInItsBucket() {
        let storage = BucketQueue.Storage(width: 1, buckets: 4)
        var queue = BucketQueue(storage)
        queue.push(cost: 0, node: 0)
        #expect(queue.popNode() == 0)
        for v: Int32 in 1...4 { queue.push(cost: 2.5, node: v) }
        queue.push(cost: 3.5, node: 5)
        #expect(queue.popNode() == 1)
        #expect([1, 2, 3, 4].map { queue.upcoming($0) } == [2, 3, 4, -1], "the next bucket is not looked into")
        #expect(queue.popNode() == 2)
        #expect(queue.upcoming(2) == 4)
        var rest: [Int32] = []
        while let v = queue.popNode() { rest.append(v) }
        #expect(rest == [3, 4, 5])
    }

    @Test func samplingIsSeededAndSaysSo() throws {
        var rng = SeededGenerator(seed: 2)
        let a = try analyse(randomAccount(&rng, people: 60, team: 1))
        let one = a.graph.betweenness(exactUpTo: 10, samples: 20, seed: 4)
        let two = a.graph.betweenness(exactUpTo: 10, samples: 20, seed: 4)
        #expect(one.sampledSources == 20 && one.seed == 4)
        #expect(one.values == two.values)
    }
}

@Suite struct GapAndVisitTests {
    @Test func everyGapKindOnAHandMadeAccount() throws {
        let account = Account(
            info: AccountInfo(name: "Gaps"),
            team: [TeamMember(id: "t.jr", name: "Junior", level: .staff), TeamMember(id: "t.sr", name: "Senior", level: .executive)],
            people: [
                Person(id: "boss", name: "Boss", unit: "Board", level: .executive, roles: [.economicBuyer]),
                Person(id: "foe", name: "Foe", unit: "Board", level: .executive, reportsTo: "boss", stance: .enemy, power: .innerCircle),
                Person(id: "far", name: "Far", unit: "IT", level: .staff, reportsTo: "lost", roles: [.champion]),
                Person(id: "lost", name: "Lost", level: .staff),
                Person(id: "seat", name: "(unknown) Buyer", unit: "Purchasing", reportsTo: "boss", roles: [.procurement], placeholder: true),
            ],
            relationships: [
                Relationship(ours: "t.jr", theirs: "boss", level: .trustedAdvisor, lastContact: day.adding(days: -20)),
                Relationship(ours: "t.sr", theirs: "lost", strength: 0.3),
            ])
        let a = try analyse(account)
        let gaps = a.gaps()
        func has(_ k: GapKind, _ subject: GapSubject) -> Bool { gaps.contains { $0.kind == k && $0.subject == subject } }
        #expect(has(.placeholder, .person("seat")))
        #expect(has(.uncovered, .person("far")))  // 0.3 × 0.8 = 0.24 through Lost
        #expect(has(.hostilePower, .person("foe")) == (a.coverage(a.graph.node("foe") ?? 0) < 0.3))
        #expect(has(.singlePointOfFailure, .colleague("t.jr")))
        #expect(has(.levelMismatch, .person("boss")))
        #expect(has(.missingRole, .role(.procurement)) == false)  // the seat holds it, unknown
        #expect(has(.missingRole, .role(.champion)) == false)  // far is the champion
        #expect(has(.dataQuality, .person("lost")))  // no manager, not the top
        #expect(has(.dataQuality, .relationship(ours: "t.sr", theirs: "lost")))  // undated
        // Subjects are written as the file writes them.
        #expect(gaps.first { $0.kind == .dataQuality && $0.reason.contains("last-contact") }?.subject.description == "t.sr→lost")
        #expect(gaps == gaps.sorted(by: Gap.reportOrder))
        #expect(gaps.first?.severity == .high)
    }

    @Test func staleRelationshipsAreGaps() throws {
        let a = try analyse(smallAccount(contact: day.adding(days: -91)))
        #expect(a.gaps().contains { $0.kind == .stale && $0.subject == .relationship(ours: "t", theirs: "cfo") })
        let b = try analyse(smallAccount(contact: day.adding(days: -90)))
        #expect(!b.gaps().contains { $0.kind == .stale })
    }

    @Test func aGapIsTheSameGapInTwoSnapshotsWhenItsKindSubjectAndOpportunityAre() throws {
        // Stale in both snapshots, with a different age in each reason: neither new nor resolved.
        let old = try analyse(smallAccount(contact: day.adding(days: -100)))
        let new = try analyse(smallAccount(contact: day.adding(days: -120)))
        let same = AccountChanges(old: old, new: new)
        #expect(!same.newGaps.contains { $0.kind == .stale } && !same.resolvedGaps.contains { $0.kind == .stale })
        // Stale only in the newer one: new, about that relationship.
        let fresh = try analyse(smallAccount(contact: day.adding(days: -10)))
        let stale = AccountChanges(old: fresh, new: new)
        #expect(stale.newGaps.filter { $0.kind == .stale }.map(\.subject) == [.relationship(ours: "t", theirs: "cfo")])
        #expect(stale.resolvedGaps.allSatisfy { $0.kind != .stale })
    }

    @Test func theFirstVisitIsTheBestSingleMeetingAndItsGainIsExact() throws {
        var rng = SeededGenerator(seed: 13)
        for _ in 0..<30 {
            let account = randomAccount(&rng, people: rng.int(4...9), team: 2)
            let a = try analyse(account)
            let plan = a.planVisits(count: 3, colleagues: a.graph.team)
            func scoreWith(_ meetings: [PlannedVisit]) throws -> Double {
                var b = account
                for m in meetings {
                    b.relationships.append(
                        Relationship(
                            ours: a.graph.ids[m.colleague], theirs: a.graph.ids[m.person],
                            strength: 0.8, lastContact: day))
                }
                return try analyse(b).score.value ?? 0
            }
            var best = 0.0
            for v in 0..<a.graph.nodeCount where !a.graph.isTeam(v) && !(a.person(v)?.placeholder ?? true) {
                guard a.graph.team.contains(where: { a.mayMeet($0, v) }) else { continue }
                var b = account
                b.relationships.append(Relationship(ours: "t0", theirs: a.graph.ids[v], strength: 0.8, lastContact: day))
                best = max(best, (try analyse(b).score.value ?? 0) - (a.score.value ?? 0))
            }
            if let first = plan.visits.first {
                #expect(abs(first.gain - best) < 0.1)
                #expect(abs((try scoreWith(plan.visits)) - (plan.scoreAfter ?? 0)) < 0.1)
                #expect(plan.visits.allSatisfy { a.mayMeet($0.colleague, $0.person) })
            } else {
                #expect(best < 0.1)
            }
        }
    }

    @Test func introductionsAndTalkingPointsAreTheAnalysisOwnWords() throws {
        var account = smallAccount()
        account.people[0].stance = .supporter
        account.people[0].criteria = [.price, .delivery]
        let a = try analyse(account)
        let t = try #require(a.graph.node("t")), ceo = try #require(a.graph.node("ceo"))
        let cfo = try #require(a.graph.node("cfo")), dev = try #require(a.graph.node("dev"))
        func visit(_ v: Int, _ path: [Int]?, _ coverage: Double) -> PlannedVisit {
            PlannedVisit(colleague: t, person: v, gain: 1, coverageBefore: coverage, coverageAfter: 0.8, introduction: path)
        }
        #expect(a.introduction(for: visit(ceo, [t, cfo, ceo], 0.38)) == "CFO (path from T, 0.38)")
        #expect(a.introduction(for: visit(cfo, [t, cfo], 0.75)) == "T knows them (0.75)")
        #expect(a.introduction(for: visit(dev, nil, 0)) == "nobody yet: a cold approach")
        #expect(a.talkingPoints(for: visit(ceo, nil, 0)) == "economic-buyer; stance supporter; cares about price, delivery")
        #expect(a.talkingPoints(for: visit(dev, nil, 0)) == "user; stance unknown")
        #expect(a.talkingPoints(for: visit(cfo, nil, 0)) == "stance unknown")
    }

    @Test func visitPlansAndSummariesCompareEveryField() throws {
        var account = smallAccount()
        account.people[0].site = "Paris"
        account.people[2].site = "Lyon"
        let a = try analyse(account)
        let plan = a.planVisits(count: 3, colleagues: a.graph.team)
        #expect(plan.bySite.map(\.site) == plan.visits.map { a.person($0.person)?.site ?? "" }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
        #expect(plan.bySite.flatMap(\.visits).sorted() == Array(plan.visits.indices))
        #expect(plan == a.planVisits(count: 3, colleagues: a.graph.team))
        // Two summaries differing only in a count the old comparison skipped are different.
        var linked = account
        linked.links = [Link(from: "dev", to: "ceo", type: .conflict)]
        #expect(account.summary(asOf: day) != linked.summary(asOf: day))
        #expect(
            account.summary(asOf: day).roleHolders == [RoleAssignment(role: .economicBuyer, people: ["ceo"]), RoleAssignment(role: .user, people: ["dev"])])
    }

    @Test func capacityAndLevelRulesAreRespected() throws {
        var account = smallAccount()
        account.team = [TeamMember(id: "t", name: "T", level: .staff, capacity: 1)]
        account.relationships = []
        let a = try analyse(account)
        let plan = a.planVisits(count: 5, colleagues: a.graph.team)
        #expect(plan.visits.count == 1)  // capacity 1
        #expect(a.person(plan.visits[0].person)?.level == .staff)  // staff may not meet executives
        #expect(throws: AnalysisError("unknown colleague 'x' — did you mean 't'?")) { try a.visitingColleagues(["x"]) }
    }
}
