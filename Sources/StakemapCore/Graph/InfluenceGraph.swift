import Foundation

/// What an edge of the influence graph stands for.
public enum EdgeKind: UInt8, Sendable, Hashable, Comparable, CaseIterable {
    /// Manager → report.
    case reportsDown
    /// Report → manager.
    case reportsUp
    /// Dotted-line manager → report.
    case dottedDown
    /// Report → dotted-line manager.
    case dottedUp
    /// An informal influence link.
    case influence
    /// One of our colleagues → one of theirs.
    case relationship

    public var name: String {
        switch self {
        case .reportsDown: "manages"
        case .reportsUp: "reports to"
        case .dottedDown: "dotted-line manages"
        case .dottedUp: "dotted-line reports to"
        case .influence: "influences"
        case .relationship: "knows"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The influence graph of DESIGN §2.1, at one as-of date: their active people and our
/// team as nodes, directed edges with a strength in (0, 1] and a cost −ln(strength).
///
/// Nodes are numbered in byte order of their ids (Unicode code-point order), so comparing
/// indices compares ids: every tie-break on ids is an integer comparison. Adjacency is
/// compressed (CSR) both ways. Parallel edges keep the strongest (on equal strength, the
/// first kind in `EdgeKind` order).
///
/// People who have left by the as-of date are not nodes. Placeholders are nodes without
/// edges: an unknown person relays no influence. Conflict links carry none either.
/// Our colleagues have outgoing edges only.
public struct InfluenceGraph: Sendable {
    /// Node ids in index order.
    public let ids: [String]
    /// For each node: its index in `account.people`, or `-1 - i` for team member `i`.
    public let origin: [Int]
    /// Our colleagues' node indices, ascending.
    public let team: [Int]
    /// Outgoing edges.
    public let forward: Adjacency
    /// Incoming edges (the transpose of `forward`, with the same strengths).
    public let backward: Adjacency
    public let asOf: Day
    public let parameters: AnalysisParameters
    private let index: [String: Int]

    public var nodeCount: Int { ids.count }
    public var edgeCount: Int { forward.targets.count }

    /// The node index of `id`, or nil when it is not a node (unknown, or left).
    public func node(_ id: String) -> Int? { index[id] }

    /// Whether node `v` is one of our colleagues.
    public func isTeam(_ v: Int) -> Bool { origin[v] < 0 }

    /// The team-member index (into `account.team`) of node `v`, if it is ours.
    public func teamIndex(_ v: Int) -> Int? { origin[v] < 0 ? -1 - origin[v] : nil }

    /// The person index (into `account.people`) of node `v`, if it is theirs.
    public func personIndex(_ v: Int) -> Int? { origin[v] >= 0 ? origin[v] : nil }

    /// Compressed adjacency: the edges of node `v` are `offsets[v] ..< offsets[v + 1]`,
    /// sorted by target index.
    public struct Adjacency: Sendable {
        public let offsets: [Int]
        public let targets: [Int32]
        public let strengths: [Double]
        public let costs: [Double]
        public let kinds: [EdgeKind]

        @inline(__always) public func range(_ v: Int) -> Range<Int> { offsets[v] ..< offsets[v + 1] }

        /// The position of edge `u → v`, or nil. Rows are short and sorted: a binary search.
        public func edge(_ u: Int, _ v: Int) -> Int? {
            var lo = offsets[u], hi = offsets[u + 1]
            let t = Int32(v)
            while lo < hi {
                let mid = (lo + hi) / 2
                if targets[mid] < t { lo = mid + 1 } else { hi = mid }
            }
            return lo < offsets[u + 1] && targets[lo] == t ? lo : nil
        }
    }

    /// The strength a relationship has on `day`: its base strength halved every
    /// `halfLife` days since the last contact. Undated relationships do not decay; a
    /// contact dated after `day` counts as today's.
    public static func decayedStrength(_ r: Relationship, asOf day: Day, halfLife: Int) -> Double? {
        guard let base = r.baseStrength else { return nil }
        guard let last = r.lastContact, halfLife > 0 else { return base }
        let age = max(0, day.days(since: last))
        return base * pow(0.5, Double(age) / Double(halfLife))
    }

    /// Builds the graph of `account` on `day` with `parameters` (the account's settings
    /// resolved and any run overrides applied). Ids that name nobody are skipped: the
    /// loader reports them as errors before any analysis runs.
    ///
    /// Complexity: O(E + N log N) for N nodes and E edges.
    public init(account: Account, asOf day: Day, parameters: AnalysisParameters) {
        self.asOf = day
        self.parameters = parameters

        // Nodes in id byte order.
        var entries: [(id: String, origin: Int)] = []
        entries.reserveCapacity(account.people.count + account.team.count)
        for (i, p) in account.people.enumerated() where p.isActive(asOf: day) { entries.append((p.id, i)) }
        for (i, t) in account.team.enumerated() { entries.append((t.id, -1 - i)) }
        entries.sort { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        var index: [String: Int] = [:]
        index.reserveCapacity(entries.count)
        var ids: [String] = []
        var origin: [Int] = []
        ids.reserveCapacity(entries.count)
        origin.reserveCapacity(entries.count)
        for e in entries where index[e.id] == nil {
            index[e.id] = ids.count
            ids.append(e.id)
            origin.append(e.origin)
        }
        let n = ids.count
        var isPlaceholder = [Bool](repeating: false, count: n)
        for v in 0 ..< n where origin[v] >= 0 && account.people[origin[v]].placeholder { isPlaceholder[v] = true }
        var team: [Int] = []
        for v in 0 ..< n where origin[v] < 0 { team.append(v) }

        // Raw edges.
        var from: [Int32] = [], to: [Int32] = [], strength: [Double] = [], kind: [EdgeKind] = []
        let expected = account.people.count * 2 + account.links.count + account.relationships.count
        from.reserveCapacity(expected); to.reserveCapacity(expected)
        strength.reserveCapacity(expected); kind.reserveCapacity(expected)
        func add(_ u: Int?, _ v: Int?, _ s: Double, _ k: EdgeKind) {
            guard let u, let v, u != v, !isPlaceholder[u], !isPlaceholder[v], s > 0, s.isFinite else { return }
            from.append(Int32(u)); to.append(Int32(v)); strength.append(min(s, 1)); kind.append(k)
        }
        for v in 0 ..< n where origin[v] >= 0 {
            let p = account.people[origin[v]]
            if let m = p.reportsTo, let mi = index[m] {
                add(mi, v, parameters.down, .reportsDown)
                add(v, mi, parameters.up, .reportsUp)
            }
            for d in p.dotted {
                guard let di = index[d] else { continue }
                add(di, v, parameters.dottedDown, .dottedDown)
                add(v, di, parameters.dottedUp, .dottedUp)
            }
        }
        for l in account.links where l.type == .influence {
            if let s = l.strength { add(index[l.from], index[l.to], s, .influence) }
        }
        for r in account.relationships {
            guard let u = index[r.ours], origin[u] < 0, let v = index[r.theirs], origin[v] >= 0,
                  let s = Self.decayedStrength(r, asOf: day, halfLife: parameters.halfLife) else { continue }
            add(u, v, s, .relationship)
        }

        self.ids = ids
        self.origin = origin
        self.team = team
        self.index = index
        self.forward = Self.compress(n: n, from: from, to: to, strength: strength, kind: kind)
        self.backward = Self.compress(n: n, from: to, to: from, strength: strength, kind: kind)
    }

    /// Counting sort by source, then each row sorted by target with parallel edges merged.
    private static func compress(n: Int, from: [Int32], to: [Int32], strength: [Double], kind: [EdgeKind]) -> Adjacency {
        var offsets = [Int](repeating: 0, count: n + 1)
        for u in from { offsets[Int(u) + 1] += 1 }
        for v in 0 ..< n { offsets[v + 1] += offsets[v] }
        var fill = offsets
        var order = [Int](repeating: 0, count: from.count)
        for e in 0 ..< from.count {
            let u = Int(from[e])
            order[fill[u]] = e
            fill[u] += 1
        }
        var outOffsets = [Int](repeating: 0, count: n + 1)
        var targets: [Int32] = [], strengths: [Double] = [], costs: [Double] = [], kinds: [EdgeKind] = []
        targets.reserveCapacity(from.count); strengths.reserveCapacity(from.count)
        costs.reserveCapacity(from.count); kinds.reserveCapacity(from.count)
        var row: [Int] = []
        for u in 0 ..< n {
            row.removeAll(keepingCapacity: true)
            row.append(contentsOf: order[offsets[u] ..< offsets[u + 1]])
            row.sort { a, b in
                if to[a] != to[b] { return to[a] < to[b] }
                if strength[a] != strength[b] { return strength[a] > strength[b] }
                return kind[a] < kind[b]
            }
            var last: Int32 = -1
            for e in row where to[e] != last {
                last = to[e]
                targets.append(to[e]); strengths.append(strength[e]); costs.append(-log(strength[e])); kinds.append(kind[e])
            }
            outOffsets[u + 1] = targets.count
        }
        return Adjacency(offsets: outOffsets, targets: targets, strengths: strengths, costs: costs, kinds: kinds)
    }
}

extension AnalysisParameters {
    /// Checks values a user may pass on the command line; nil when they are usable.
    public func problem() -> String? {
        for (name, v) in [("down", down), ("up", up), ("dotted-down", dottedDown), ("dotted-up", dottedUp),
                          ("visit-strength", visitStrength)] where !(v > 0 && v <= 1) {
            return "\(name) must be a strength in (0, 1], not \(v)"
        }
        if !(coverageThreshold >= 0 && coverageThreshold <= 1) { return "threshold must be in [0, 1], not \(coverageThreshold)" }
        if halfLife <= 0 { return "half-life must be a positive number of days, not \(halfLife)" }
        if staleAfter <= 0 { return "stale-after must be a positive number of days, not \(staleAfter)" }
        if paths <= 0 { return "paths must be at least 1, not \(paths)" }
        return nil
    }
}
