import Foundation
import HeapModule

/// One meeting of the plan: one of ours meets one of theirs.
public struct PlannedVisit: Sendable, Hashable {
    /// Our colleague's node.
    public let colleague: Int
    /// Their person's node.
    public let person: Int
    /// Points the account score gains from this meeting, given the earlier ones.
    public let gain: Double
    /// The person's coverage today, and once the meeting has happened.
    public let coverageBefore: Double
    public let coverageAfter: Double
    /// Today's best path to the person (our colleague first), if any: who can introduce us.
    public let introduction: [Int]?
}

/// The executive visit plan (docs/ANALYSES.md §6).
public struct VisitPlan: Sendable, Hashable {
    public let visits: [PlannedVisit]
    public let scoreBefore: Double?
    public let scoreAfter: Double?
    /// Colleagues the plan could use, in id order.
    public let colleagues: [Int]
    /// Meetings grouped by their person's site, sites in first-meeting order.
    public let bySite: [SiteVisits]
}

/// The meetings of a plan at one site.
public struct SiteVisits: Sendable, Hashable {
    /// The site of the people met; "" for people with no site.
    public let site: String
    /// Positions in `VisitPlan.visits` (0-based), in plan order.
    public let visits: [Int]
}

private struct Bound: Comparable {
    var gain: Double
    var node: Int32
    /// Max-heap order through `Heap.popMax`: larger gain, then smaller node.
    static func < (a: Self, b: Self) -> Bool { a.gain != b.gain ? a.gain < b.gain : a.node > b.node }
}

extension AccountAnalysis {
    /// Our colleagues named by `ids`, or by default those at executive or director level
    /// (the whole team when nobody is).
    /// - Throws: `AnalysisError` for an id that is not one of our team.
    public func visitingColleagues(_ ids: [String]) throws(AnalysisError) -> [Int] {
        if ids.isEmpty {
            let seniors = graph.team.filter { v in graph.teamIndex(v).flatMap { account.team[$0].level }.map { $0 <= .director } ?? false }
            return seniors.isEmpty ? graph.team : seniors
        }
        var out: [Int] = []
        for id in ids {
            guard let v = graph.node(id), graph.isTeam(v) else {
                if graph.node(id) != nil { throw AnalysisError("'\(id)' is one of their people, not one of our team; name one of our colleagues") }
                let hint = Suggester(account.team.map(\.id)).hint(for: id)
                throw AnalysisError("unknown colleague '\(id)'\(hint)")
            }
            out.append(v)
        }
        return Set(out).sorted()
    }

    /// Whether colleague `ours` may meet `theirs`: our level at most one step below theirs
    /// (an unknown level on either side does not forbid the meeting).
    public func mayMeet(_ ours: Int, _ theirs: Int) -> Bool {
        guard let t = graph.teamIndex(ours), let a = account.team[t].level, let b = person(theirs)?.level else { return true }
        return a.rank <= b.rank + 1
    }

    /// Chooses up to `visits` meetings that raise the account score most: greedy on the
    /// score gain with lazy re-evaluation (the gain of a meeting can only shrink as others
    /// are chosen). A meeting adds a relationship of strength `visitStrength` dated today,
    /// so it lifts a role holder q to `max(c(q), visitStrength × R(p, q))`, where R is the
    /// best path strength from the person met to q. Contributions under 0.001 coverage
    /// are ignored. Each colleague's capacity is respected (no capacity: no limit); among
    /// the colleagues allowed to meet someone, the closest in level is chosen, then one
    /// who already knows them, then the first id.
    ///
    /// Complexity: one reverse Dijkstra per role holder, bounded where the meeting can no
    /// longer help, then O(candidates · holders) per accepted meeting at worst.
    public func planVisits(count visits: Int, colleagues: [Int]) -> VisitPlan {
        let s = parameters.visitStrength
        let floor = 0.001
        let live = holders.filter { !account.people[$0.person].placeholder }
        var current = live.map { coverage($0.node) }
        let totalWeight = holders.reduce(0) { $0 + $1.weight }
        // reach[p] = [(holder position, R(p, q))] for meetings with p that would lift q.
        var reach: [Int: [(Int, Double)]] = [:]
        var search = LocalSearch(nodeCount: graph.nodeCount)
        for (qi, h) in live.enumerated() {
            let needed = max(current[qi], floor) / s
            guard needed < 1 else { continue }
            let bound = current[qi]
            search.run(
                graph.backward, from: h.node, maxCost: -log(needed), skip: { graph.isTeam($0) },
                visit: { v, r, _ in
                    if s * r > bound, !(person(v)?.placeholder ?? true) { reach[v, default: []].append((qi, r)) }
                    return true
                })
        }
        func gain(_ p: Int) -> Double {
            guard totalWeight > 0, let list = reach[p] else { return 0 }
            var g = 0.0
            for (qi, r) in list { g += live[qi].weight * max(0, s * r - current[qi]) }
            return 100 * g / totalWeight
        }
        var remaining: [Int: Int] = [:]
        for c in colleagues { remaining[c] = graph.teamIndex(c).flatMap { account.team[$0].capacity } ?? Int.max }
        func colleague(for p: Int) -> Int? {
            let allowed = colleagues.filter { (remaining[$0] ?? 0) > 0 && mayMeet($0, p) }
            let theirRank = person(p)?.level?.rank
            let knows = Set(directContacts(of: p).map(\.colleague))
            return allowed.min { a, b in
                let da = distance(a, theirRank), db = distance(b, theirRank)
                if da != db { return da < db }
                if knows.contains(a) != knows.contains(b) { return knows.contains(a) }
                return a < b
            }
        }
        func distance(_ c: Int, _ rank: Int?) -> Int {
            guard let rank, let t = graph.teamIndex(c), let l = account.team[t].level else { return 4 }
            return abs(l.rank - rank)
        }

        var heap = Heap<Bound>()
        for p in reach.keys.sorted() {
            let g = gain(p)
            if g > 0 { heap.insert(Bound(gain: g, node: Int32(p))) }
        }
        var chosen: [PlannedVisit] = []
        var met = Set<Int>()
        while chosen.count < visits, let top = heap.popMax() {
            let p = Int(top.node)
            if met.contains(p) { continue }
            let g = gain(p)
            if g <= 1e-12 { continue }
            if let next = heap.max, g < next.gain && !sameCost(g, next.gain) {
                heap.insert(Bound(gain: g, node: top.node))
                continue
            }
            guard let c = colleague(for: p) else { continue }
            met.insert(p)
            remaining[c, default: 0] -= 1
            let before = coverage(p)
            chosen.append(
                PlannedVisit(
                    colleague: c, person: p, gain: g, coverageBefore: before,
                    coverageAfter: max(before, s), introduction: paths.path(to: p)))
            for (qi, r) in reach[p] ?? [] { current[qi] = max(current[qi], s * r) }
        }
        var after: Double? = nil
        if totalWeight > 0 {
            var sum = 0.0
            for (qi, h) in live.enumerated() { sum += h.weight * current[qi] }
            after = 100 * sum / totalWeight
        }
        var sites: [String] = []
        var groups: [String: [Int]] = [:]
        for (i, v) in chosen.enumerated() {
            let site = person(v.person)?.site ?? ""
            if groups[site] == nil { sites.append(site) }
            groups[site, default: []].append(i)
        }
        return VisitPlan(
            visits: chosen, scoreBefore: score.value, scoreAfter: after, colleagues: colleagues,
            bySite: sites.map { SiteVisits(site: $0, visits: groups[$0] ?? []) })
    }
}

extension AccountAnalysis {
    /// Who can introduce us before `visit`, in words for the people preparing it: the
    /// person before them on today's best path (and whom of ours that path starts from),
    /// who of ours knows them already, or that nobody does yet. Every output (the visit
    /// table, the account review) prints this same sentence.
    public func introduction(for visit: PlannedVisit) -> String {
        guard let path = visit.introduction, let first = path.first else { return "nobody yet: a cold approach" }
        let coverage = formatStrength(visit.coverageBefore)
        if path.count == 2 { return "\(name(first)) knows them (\(coverage))" }
        return "\(name(path[max(path.count - 2, 0)])) (path from \(name(first)), \(coverage))"
    }

    /// What to talk about at `visit`: the person's roles, their stance and the criteria
    /// they decide on ("sponsor; stance supporter; cares about price, risk"), as every
    /// output prints them.
    public func talkingPoints(for visit: PlannedVisit) -> String {
        guard let p = person(visit.person) else { return "" }
        var points: [String] = []
        if !p.roles.isEmpty { points.append(p.roles.map(\.rawValue).joined(separator: ", ")) }
        points.append("stance \(p.stance.rawValue)")
        if !p.criteria.isEmpty { points.append("cares about " + p.criteria.map(\.rawValue).joined(separator: ", ")) }
        return points.joined(separator: "; ")
    }
}
