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

    /// The kind as a word for files (exports, JSON).
    public var key: String {
        switch self {
        case .reportsDown: "manages"
        case .reportsUp: "reports-to"
        case .dottedDown: "dotted-manages"
        case .dottedUp: "dotted-reports-to"
        case .influence: "influence"
        case .relationship: "relationship"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The influence graph (docs/ANALYSES.md §1), at one as-of date: their active people and our
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
    public let ids: NodeIds
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
    /// The account's resolved ids, and each person's and colleague's node (-1: none).
    package let accountIndex: AccountIndex
    private let personNode: [Int32]
    private let teamNode: [Int32]
    /// Search workspaces reused by `bestPaths`.
    let pathScratch = PathScratch()

    public var nodeCount: Int { ids.count }
    public var edgeCount: Int { forward.targets.count }

    /// The node index of `id`, or nil when it is not a node (unknown, or left).
    public func node(_ id: String) -> Int? {
        if let p = accountIndex.people[id], personNode[p] >= 0 { return Int(personNode[p]) }
        if let t = accountIndex.team[id], teamNode[t] >= 0 { return Int(teamNode[t]) }
        return nil
    }

    /// Whether node `v` is one of our colleagues.
    public func isTeam(_ v: Int) -> Bool { origin[v] < 0 }

    /// The team-member index (into `account.team`) of node `v`, if it is ours.
    public func teamIndex(_ v: Int) -> Int? { origin[v] < 0 ? -1 - origin[v] : nil }

    /// The person index (into `account.people`) of node `v`, if it is theirs.
    public func personIndex(_ v: Int) -> Int? { origin[v] >= 0 ? origin[v] : nil }

    /// The node of the person at index `i` of `account.people`, nil when they are out of
    /// the graph (they left, or their id was a duplicate).
    public func node(ofPersonAt i: Int) -> Int? { personNode[i] >= 0 ? Int(personNode[i]) : nil }

    /// Compressed adjacency: the edges of node `v` are `offsets[v] ..< offsets[v + 1]`,
    /// sorted by target index.
    public struct Adjacency: Sendable {
        public let offsets: [Int]
        public let targets: [Int32]
        public let strengths: [Double]
        public let costs: [Double]
        public let kinds: [EdgeKind]
        /// The cheapest and the dearest cost (infinity and 0 without edges), which decide
        /// whether a search can use buckets (`BucketQueue.storage`).
        let cheapestCost: Double
        let dearestCost: Double

        init(offsets: [Int], targets: [Int32], strengths: [Double], costs: [Double], kinds: [EdgeKind]) {
            self.offsets = offsets
            self.targets = targets
            self.strengths = strengths
            self.costs = costs
            self.kinds = kinds
            cheapestCost = costs.min() ?? .infinity
            dearestCost = costs.max() ?? 0
        }

        @inline(__always) public func range(_ v: Int) -> Range<Int> { offsets[v]..<offsets[v + 1] }

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
        self.init(account: account, asOf: day, parameters: parameters, index: nil)
    }

    /// The same, reusing the loader's `index` when it describes `account` (`matches`).
    package init(account: Account, asOf day: Day, parameters: AnalysisParameters, index given: AccountIndex?) {
        self.asOf = day
        self.parameters = parameters
        Trace.mark("graph: start")
        let index = given.flatMap { $0.matches(account) ? $0 : nil } ?? AccountIndex(account)
        self.accountIndex = index

        // Nodes in id byte order; a repeated id (an invalid account) keeps its first entry.
        // Ids are compared by their first 24 bytes as three integers, read from the id
        // table's arena (one block, not 100,000 strings), and in full only on a tie.
        let people = account.people, members = account.team
        var prefix = [SortKey](repeating: SortKey(k0: 0, k1: 0, k2: 0, at: 0), count: people.count)
        index.people.forEach { bytes, i in
            if i < prefix.count { prefix[i] = SortKey(bytes) }
        }
        var keyed: [SortKey] = []
        keyed.reserveCapacity(people.count + members.count)
        for i in people.indices where !index.duplicate[i] && (people[i].left == nil || people[i].isActive(asOf: day)) {
            var k = prefix[i]
            k.at = Int32(i)
            keyed.append(k)
        }
        for (i, t) in members.enumerated() where index.team[t.id] == i && index.people[t.id] == nil {
            var id = t.id
            var k = id.withUTF8(SortKey.init)
            k.at = Int32(-1 - i)
            keyed.append(k)
        }
        prefix = []
        Trace.mark("graph: keyed")
        @Sendable func id(_ origin: Int32) -> String { origin >= 0 ? people[Int(origin)].id : members[Int(-1 - origin)].id }
        keyed = sortedInParallel(keyed) { a, b in
            if a.k0 != b.k0 { return a.k0 < b.k0 }
            if a.k1 != b.k1 { return a.k1 < b.k1 }
            if a.k2 != b.k2 { return a.k2 < b.k2 }
            return utf8Precedes(id(a.at), id(b.at))
        }
        Trace.mark("graph: sorted")
        let n = keyed.count
        let origin = keyed.map { Int($0.at) }
        keyed = []
        var personNode = [Int32](repeating: -1, count: people.count)
        var teamNode = [Int32](repeating: -1, count: members.count)
        for (v, o) in origin.enumerated() {
            if o >= 0 { personNode[o] = Int32(v) } else { teamNode[-1 - o] = Int32(v) }
        }
        // Per person in file order from here on: people are read in memory order.
        var isPlaceholder = [Bool](repeating: false, count: n)
        for i in people.indices where personNode[i] >= 0 && people[i].placeholder { isPlaceholder[Int(personNode[i])] = true }
        var team: [Int] = []
        for v in 0..<n where origin[v] < 0 { team.append(v) }

        Trace.mark("graph: nodes")
        // Raw edges.
        var from: [Int32] = [], to: [Int32] = [], strength: [Double] = [], kind: [EdgeKind] = []
        let expected = people.count * 2 + account.links.count + account.relationships.count
        from.reserveCapacity(expected); to.reserveCapacity(expected)
        strength.reserveCapacity(expected); kind.reserveCapacity(expected)
        func add(_ u: Int32, _ v: Int32, _ s: Double, _ k: EdgeKind) {
            guard u >= 0, v >= 0, u != v, !isPlaceholder[Int(u)], !isPlaceholder[Int(v)], s > 0, s.isFinite else { return }
            from.append(u); to.append(v); strength.append(min(s, 1)); kind.append(k)
        }
        func node(ofPerson id: String) -> Int32 { index.people[id].map { personNode[$0] } ?? -1 }
        // Edges are added in any order: `compress` sorts each row and merges parallel edges.
        for i in people.indices where personNode[i] >= 0 {
            let v = personNode[i]
            let m = Int(index.manager[i])
            if m >= 0 {
                add(personNode[m], v, parameters.down, .reportsDown)
                add(v, personNode[m], parameters.up, .reportsUp)
            }
            if people[i].dotted.isEmpty { continue }
            for d in people[i].dotted {
                let dv = node(ofPerson: d)
                add(dv, v, parameters.dottedDown, .dottedDown)
                add(v, dv, parameters.dottedUp, .dottedUp)
            }
        }
        let links = account.links
        for i in links.indices where links[i].type == .influence {
            guard let s = links[i].strength else { continue }
            let a = Int(index.linkEnds[2 * i]), b = Int(index.linkEnds[2 * i + 1])
            if a >= 0 && b >= 0 { add(personNode[a], personNode[b], s, .influence) }
        }
        for r in account.relationships {
            guard let t = index.team[r.ours], let s = Self.decayedStrength(r, asOf: day, halfLife: parameters.halfLife) else { continue }
            add(teamNode[t], node(ofPerson: r.theirs), s, .relationship)
        }

        Trace.mark("graph: edges")
        self.ids = NodeIds(origin: origin, people: people, team: members)
        self.origin = origin
        self.team = team
        self.personNode = personNode
        self.teamNode = teamNode
        // The reversed adjacency is the same compression of the reversed edges (parallel
        // edges merge the same way): both are built at once on large graphs.
        let edges = (from, to, strength, kind)
        if from.count >= 50_000 {
            (self.forward, self.backward) = inParallel(
                { Self.compress(n: n, from: edges.0, to: edges.1, strength: edges.2, kind: edges.3) },
                { Self.compress(n: n, from: edges.1, to: edges.0, strength: edges.2, kind: edges.3) })
        } else {
            forward = Self.compress(n: n, from: from, to: to, strength: strength, kind: kind)
            backward = Self.compress(n: n, from: to, to: from, strength: strength, kind: kind)
        }
    }

    /// One edge of a row, carried whole through the row's sort.
    private struct RowEdge {
        var to: Int32
        var kind: EdgeKind
        var strength: Double
        /// Target order; for the same target, the strongest first, then the first kind.
        @inline(__always) func before(_ o: RowEdge) -> Bool {
            if to != o.to { return to < o.to }
            if strength != o.strength { return strength > o.strength }
            return kind < o.kind
        }
    }

    /// Edges grouped by source, each row in target order, parallel edges merged into the
    /// strongest (then the first kind): a counting sort by source straight into the
    /// adjacency's arrays, then each (short) row sorted and its repeats dropped in place.
    /// O(N + E) for rows of bounded length, with no copy of the edges beside the result
    /// (one row at a time is): at 100,000 people, what is costly is memory the kernel has
    /// to clear, more than the work.
    private static func compress(n: Int, from: [Int32], to: [Int32], strength: [Double], kind: [EdgeKind]) -> Adjacency {
        let m = from.count
        var offsets = [Int](repeating: 0, count: n + 1)
        var targets = [Int32](repeating: 0, count: m), strengths = [Double](repeating: 0, count: m)
        var kinds = [EdgeKind](repeating: .influence, count: m)
        var kept = 0
        // Every array through its buffer: the loops below run once per edge, and an array
        // written in them would be checked for a unique owner at every write.
        offsets.withUnsafeMutableBufferPointer { offsets in
            for u in from {
                assert(u >= 0 && Int(u) < n, "an edge from outside the graph")
                offsets[Int(u) + 1] += 1
            }
            var longest = 0
            for v in 0..<n {
                longest = max(longest, offsets[v + 1])
                offsets[v + 1] += offsets[v]
            }
            var fill = [Int](offsets)
            var row = [RowEdge](repeating: RowEdge(to: 0, kind: .influence, strength: 0), count: longest)
            targets.withUnsafeMutableBufferPointer { t in
                strengths.withUnsafeMutableBufferPointer { s in
                    kinds.withUnsafeMutableBufferPointer { k in
                        fill.withUnsafeMutableBufferPointer { fill in
                            for e in 0..<m {
                                let u = Int(from[e]), at = fill[u]
                                t[at] = to[e]
                                s[at] = strength[e]
                                k[at] = kind[e]
                                fill[u] = at + 1
                            }
                        }
                        // Row by row, left to right: a row is read whole into `row` before any
                        // of it is written, and writing stops short of the next row.
                        row.withUnsafeMutableBufferPointer { row in
                            for u in 0..<n {
                                let lo = offsets[u], hi = offsets[u + 1]
                                offsets[u] = kept
                                if hi - lo <= 1 {
                                    if hi > lo {
                                        (t[kept], s[kept], k[kept]) = (t[lo], s[lo], k[lo])
                                        kept += 1
                                    }
                                    continue
                                }
                                let count = hi - lo
                                for e in lo..<hi { row[e - lo] = RowEdge(to: t[e], kind: k[e], strength: s[e]) }
                                if count > 16 {
                                    var part = UnsafeMutableBufferPointer(rebasing: row[0..<count])
                                    part.sort { $0.before($1) }
                                } else {
                                    for i in 1..<count {
                                        let x = row[i]
                                        var j = i
                                        while j > 0 && x.before(row[j - 1]) { row[j] = row[j - 1]; j -= 1 }
                                        row[j] = x
                                    }
                                }
                                var last: Int32 = -1
                                for r in row[0..<count] where r.to != last {
                                    last = r.to
                                    (t[kept], s[kept], k[kept]) = (r.to, r.strength, r.kind)
                                    kept += 1
                                }
                            }
                        }
                        offsets[n] = kept
                    }
                }
            }
        }
        targets.removeLast(m - kept)
        strengths.removeLast(m - kept)
        kinds.removeLast(m - kept)
        // A graph has few distinct strengths (the formal lines' own, a few dozen for the
        // links): each cost is remembered by its strength's bits, so the logarithm is taken
        // about once per strength, with the same result.
        var cache = [(bits: UInt64, cost: Double)](repeating: (UInt64.max, 0), count: 64)
        let costs = strengths.map { strength in
            let bits = strength.bitPattern
            let slot = Int(truncatingIfNeeded: (bits ^ (bits >> 29)) & 63)
            if cache[slot].bits != bits { cache[slot] = (bits, -log(strength)) }
            return cache[slot].cost
        }
        return Adjacency(offsets: offsets, targets: targets, strengths: strengths, costs: costs, kinds: kinds)
    }
}

/// Whether `a` comes before `b` in UTF-8 byte order (Unicode code-point order).
@inline(__always) func utf8Precedes(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            let common = min(x.count, y.count)
            if common > 0, let xp = x.baseAddress, let yp = y.baseAddress {
                let r = memcmp(xp, yp, common)
                if r != 0 { return r < 0 }
            }
            return x.count < y.count
        }
    }
}

/// An id's sort key: its first 24 bytes and its entry.
private struct SortKey {
    var k0: UInt64, k1: UInt64, k2: UInt64
    var at: Int32

    init(k0: UInt64, k1: UInt64, k2: UInt64, at: Int32) {
        self.k0 = k0; self.k1 = k1; self.k2 = k2; self.at = at
    }

    /// The key of an id's UTF-8 bytes (its first 24, as big-endian integers, zero-padded).
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var k: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for (i, b) in bytes.prefix(24).enumerated() {
            let shift = UInt64(8 * (7 - i % 8))
            switch i / 8 {
            case 0: k.0 |= UInt64(b) << shift
            case 1: k.1 |= UInt64(b) << shift
            default: k.2 |= UInt64(b) << shift
            }
        }
        self.init(k0: k.0, k1: k.1, k2: k.2, at: 0)
    }
}

/// The ids of a graph's nodes, in node order, read from the account's people and team
/// (the graph keeps no copy of them).
public struct NodeIds: RandomAccessCollection, Sendable {
    let origin: [Int]
    let people: [Person]
    let team: [TeamMember]

    public var startIndex: Int { 0 }
    public var endIndex: Int { origin.count }
    public subscript(v: Int) -> String {
        let o = origin[v]
        return o >= 0 ? people[o].id : team[-1 - o].id
    }
}
