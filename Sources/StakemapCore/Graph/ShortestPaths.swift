import Foundation

/// Two path costs within this relative distance of each other are equal: strengths have
/// two decimals, so equally strong paths differ only in the rounding of their −ln sums.
public let costTolerance = 1e-10

@inline(__always) func sameCost(_ a: Double, _ b: Double) -> Bool {
    a == b || (a.isFinite && b.isFinite && abs(a - b) <= costTolerance * max(abs(a), abs(b)))
}

/// The strongest paths from a set of sources to every node reached: the result of
/// `InfluenceGraph.strongestPaths`.
///
/// A path is better when it is stronger; among equally strong paths (costs within
/// `costTolerance`), the one with fewer hops; then the one whose id sequence comes first.
public struct PathTree: Sendable {
    /// Cost (−ln strength) of the best path to each node; `.infinity` when unreached.
    public let cost: [Double]
    /// Strength (product of the edge strengths) of the best path; 0 when unreached.
    public let strength: [Double]
    /// The node before each node on its best path; -1 for sources and unreached nodes.
    public let predecessor: [Int32]
    /// Edges on the best path to each node.
    public let hops: [Int32]

    public func isReached(_ v: Int) -> Bool { cost[v].isFinite }

    /// The best path to `v`, from its source to `v`; nil when `v` is unreached.
    public func path(to v: Int) -> [Int]? {
        guard cost[v].isFinite else { return nil }
        var nodes = [v]
        var u = Int(predecessor[v])
        while u >= 0 {
            nodes.append(u)
            u = Int(predecessor[u])
        }
        return nodes.reversed()
    }

    /// The source each node's best path starts from (-1 when unreached), for all nodes
    /// at once: O(N), where calling `source(of:)` for every node is O(N × depth).
    public func sources() -> [Int32] {
        let n = cost.count
        // Nodes in order of hops (a counting sort): a node's predecessor comes before it.
        var count = [Int](repeating: 0, count: (hops.max().map { Int($0) } ?? 0) + 2)
        for v in 0..<n where cost[v].isFinite { count[Int(hops[v]) + 1] += 1 }
        for h in 1..<count.count { count[h] += count[h - 1] }
        var order = [Int32](repeating: 0, count: count.last ?? 0)
        for v in 0..<n where cost[v].isFinite {
            order[count[Int(hops[v])]] = Int32(v)
            count[Int(hops[v])] += 1
        }
        var source = [Int32](repeating: -1, count: n)
        for v32 in order {
            let v = Int(v32), u = Int(predecessor[v])
            source[v] = u < 0 ? v32 : source[u]
        }
        return source
    }

    /// The source the best path to `v` starts from.
    public func source(of v: Int) -> Int? {
        guard cost[v].isFinite else { return nil }
        var u = v
        while predecessor[u] >= 0 { u = Int(predecessor[u]) }
        return u
    }
}

/// Restrictions on a search: nodes and edges it may not use, a cost beyond which it
/// stops, and a target at which it stops early.
public struct SearchLimits {
    /// Nodes the search may not enter (indexed by node; empty means none).
    public var blockedNodes: [Bool] = []
    /// Edge positions in `forward` the search may not follow.
    public var blockedEdges: Set<Int> = []
    /// Nodes whose best cost, plus their `lowerBound`, would exceed this are left unreached.
    public var maxCost: Double = .infinity
    /// For each node, a cost the rest of any useful path from it is sure to add (empty:
    /// none). With `maxCost` it prunes nodes that cannot be on a path cheap enough; it
    /// never changes the order of the search, so ties are broken as without it.
    /// A negative entry stands for `lowerBoundBeyond`.
    public var lowerBound: [Double] = []
    /// The bound of the nodes whose `lowerBound` entry is negative.
    public var lowerBoundBeyond: Double = 0
    /// Stop as soon as this node is settled.
    public var target: Int? = nil

    public init(
        blockedNodes: [Bool] = [], blockedEdges: Set<Int> = [], maxCost: Double = .infinity, target: Int? = nil,
        lowerBound: [Double] = [], beyond: Double = 0
    ) {
        self.blockedNodes = blockedNodes
        self.blockedEdges = blockedEdges
        self.maxCost = maxCost
        self.target = target
        self.lowerBound = lowerBound
        self.lowerBoundBeyond = beyond
    }

    /// The lower bound of node `v` (0 without bounds).
    @inline(__always) func bound(_ v: Int) -> Double {
        if lowerBound.isEmpty { return 0 }
        let b = lowerBound[v]
        return b < 0 ? lowerBoundBeyond : b
    }
}

struct QueueEntry: Comparable {
    var cost: Double
    var hops: Int32
    var node: Int32
    static func < (a: Self, b: Self) -> Bool {
        if a.cost != b.cost { return a.cost < b.cost }
        if a.hops != b.hops { return a.hops < b.hops }
        return a.node < b.node
    }
}

extension InfluenceGraph {
    /// Multi-source Dijkstra on the costs −ln(strength) over `adjacency` (`forward` by
    /// default; `backward` gives the strongest paths *into* the sources).
    ///
    /// Sources start at cost 0. Settled nodes are skipped; the search stops early at
    /// `limits.target` and never goes past `limits.maxCost`. Ties are broken as
    /// `PathTree` describes, so the result does not depend on the order of anything.
    ///
    /// Complexity: O(N + E + C / w) on Dial's buckets of width w for the costliest path C
    /// (`BucketQueue`), O((N + E) log N) on the heap where the costs do not suit buckets (a
    /// strength above 0.999, say); only the nodes reached are touched beyond the O(N)
    /// result arrays.
    public func strongestPaths(
        from sources: [Int], limits: SearchLimits = SearchLimits(),
        over adjacency: Adjacency? = nil
    ) -> PathTree {
        var search = PathSearch(nodeCount: nodeCount)
        search.run(adjacency ?? forward, from: sources, limits: limits)
        return search.tree()
    }
}

/// The search state of one node, together so that relaxing an edge touches one cache line.
struct NodeState {
    var cost: Double = .infinity
    var strength: Double = 0
    var pred: Int32 = -1
    var hops: Int32 = 0
}

/// A binary min-heap of queue entries, for the searches' hot loops (a plain binary heap
/// does less per operation than a general double-ended one).
struct EntryHeap {
    private(set) var items: [QueueEntry] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func insert(_ x: QueueEntry) {
        items.append(x)
        items.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                if !(x < h[parent]) { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = x
        }
    }

    mutating func popMin() -> QueueEntry? {
        guard let last = items.popLast() else { return nil }
        if items.isEmpty { return last }
        let top = items[0]
        items.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = 0
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                let r = l + 1
                let c = r < n && h[r] < h[l] ? r : l
                if !(h[c] < last) { break }
                h[i] = h[c]
                i = c
            }
            h[i] = last
        }
        return top
    }
}

/// The state of the strongest-path search, reusable: after a search, `reset` clears only
/// the nodes it touched, so the many small searches of Yen's algorithm cost what they
/// explore rather than O(N) each.
struct PathSearch {
    var state: [NodeState]
    /// Which nodes a search has settled, as bits: small enough to stay in the nearest cache,
    /// so the many edges back to settled nodes cost no trip to memory.
    var settledBits: [UInt64]
    var touched: [Int] = []
    var heap = EntryHeap()
    /// The bucket queue's storage for the costs it was made for, or nil storage when those
    /// costs go to the heap.
    var buckets: (cheapest: Double, dearest: Double, storage: BucketQueue.Storage?)?
    /// Whether `run` may use buckets at all (tests run both queues).
    var bucketsAllowed = true

    init(nodeCount n: Int) {
        state = [NodeState](repeating: NodeState(), count: n)
        settledBits = [UInt64](repeating: 0, count: (n + 63) / 64)
    }

    mutating func reset() {
        for v in touched { state[v] = NodeState(); settledBits[v >> 6] = 0 }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()
    }

    /// The result, copied out per field.
    mutating func tree() -> PathTree {
        PathTree(cost: state.map(\.cost), strength: state.map(\.strength), predecessor: state.map(\.pred), hops: state.map(\.hops))
    }

    /// The best path to `v` found by the last run, from its source.
    func path(to v: Int) -> [Int]? {
        guard state[v].cost.isFinite else { return nil }
        var nodes = [v]
        var u = Int(state[v].pred)
        while u >= 0 {
            nodes.append(u)
            u = Int(state[u].pred)
        }
        return nodes.reversed()
    }

    /// Whether the path through `u` comes before the current path through `current` in
    /// id order (both have the same number of hops): walk both chains back until they
    /// meet; the last difference seen is the first one from the start.
    @inline(__always)
    static func precedes(_ state: UnsafeMutableBufferPointer<NodeState>, via u: Int, over current: Int) -> Bool {
        var a = u, b = current, result = false
        while a != b {
            result = a < b
            a = Int(state[a].pred)
            b = Int(state[b].pred)
        }
        return result
    }

    /// The cost of the best path from `sources` to `limits.target`, or nil when none
    /// stays within `limits.maxCost`: A* with `limits.lowerBound` as the estimate of the
    /// rest, which must never overestimate and must be consistent (an exact distance
    /// computed over a supergraph, capped by a horizon that only unreachable-within-it
    /// nodes take, is both). A* explores little but may settle equally cheap paths in any
    /// order, so it answers "how much", and `run`, bounded by that cost, answers "which".
    ///
    /// A loop of its own, not one walk with `run`, `LocalSearch.run` and Brandes'
    /// (`betweenness`): Yen's loop calls it once per spur node — 200,000 times a query to
    /// the bottom of a 200,000-deep chain, each settling a node or two — so what it costs
    /// is its set-up, which here is none; on a shared generic walk (the rules as a value,
    /// the arrays as pointers) that query took about 10 % longer.
    mutating func bestCost(_ adj: InfluenceGraph.Adjacency, from sources: [Int], limits: SearchLimits) -> Double? {
        defer { reset() }
        guard let target = limits.target, !limits.lowerBound.isEmpty else { return nil }
        let blocked = limits.blockedNodes
        let blockedEdges = limits.blockedEdges
        for s in InfluenceGraph.distinctSorted(sources) where blocked.isEmpty || !blocked[s] {
            state[s].cost = 0
            touched.append(s)
            heap.insert(QueueEntry(cost: limits.bound(s), hops: 0, node: Int32(s)))
        }
        while let top = heap.popMin() {
            let u = Int(top.node)
            if settledBits[u >> 6] & (1 << UInt64(u & 63)) != 0 { continue }
            settledBits[u >> 6] |= 1 << UInt64(u & 63)
            if u == target { return state[u].cost }
            let cu = state[u].cost
            for e in adj.range(u) {
                let v = Int(adj.targets[e])
                if settledBits[v >> 6] & (1 << UInt64(v & 63)) != 0 { continue }
                if !blocked.isEmpty && blocked[v] { continue }
                if !blockedEdges.isEmpty && blockedEdges.contains(e) { continue }
                let c = cu + adj.costs[e]
                let f = c + limits.bound(v)
                if f > limits.maxCost && !sameCost(f, limits.maxCost) { continue }
                if c < state[v].cost {
                    if state[v].cost.isInfinite { touched.append(v) }
                    state[v].cost = c
                    heap.insert(QueueEntry(cost: f, hops: 0, node: Int32(v)))
                }
            }
        }
        return nil
    }

    /// Multi-source Dijkstra; see `InfluenceGraph.strongestPaths`.
    ///
    /// A loop of its own, not one walk with `bestCost`, `LocalSearch.run` and Brandes'
    /// (`betweenness`), though the four settle nodes alike: this is the hot loop of every
    /// analysis (the whole team's coverage), and only it keeps a predecessor and hops per
    /// node and breaks ties by them. A generic walk serving all four ran 3–6 % more
    /// instructions here and measured slower on 100,000 people (the coverage stage 39.0 ms
    /// here, 56.8 ms on the walk); it ran the same instructions only once every search kept
    /// its growing arrays out of the walk's rules, a constraint each search would have to
    /// know about.
    ///
    /// A whole search (no target) runs on Dial's buckets where the costs allow (no edge of
    /// strength above 0.999, `BucketQueue.storage`): every node of the lowest bucket is
    /// final, so the order within it changes nothing, and the heap's tie order by hops
    /// matters only along edges of cost 0, which send a graph to the heap. A search for a
    /// target stays on the heap: pruned by its bounds, it settles a few nodes, where the
    /// buckets would walk every empty one up to the target's cost (and leave entries behind).
    mutating func run(_ adj: InfluenceGraph.Adjacency, from sources: [Int], limits: SearchLimits) {
        if limits.target == nil && bucketsAllowed, let storage = bucketStorage(for: adj) {
            var queue = BucketQueue(storage)
            settle(adj, from: sources, limits: limits, queue: &queue)
        } else {
            var heap = self.heap
            self.heap = EntryHeap()
            settle(adj, from: sources, limits: limits, queue: &heap)
            heap.removeAll()
            self.heap = heap
        }
    }

    /// The bucket queue's storage for `adj`'s costs, made once for a cost range; nil when
    /// those costs go to the heap.
    private mutating func bucketStorage(for adj: InfluenceGraph.Adjacency) -> BucketQueue.Storage? {
        if let b = buckets, b.cheapest == adj.cheapestCost, b.dearest == adj.dearestCost { return b.storage }
        let storage = BucketQueue.storage(cheapest: adj.cheapestCost, dearest: adj.dearestCost, nodeCount: state.count)
        buckets = (adj.cheapestCost, adj.dearestCost, storage)
        return storage
    }

    /// `run`'s loop, on either queue (specialised for each).
    private mutating func settle<Queue: SettleQueue>(
        _ adj: InfluenceGraph.Adjacency, from sources: [Int], limits: SearchLimits, queue: inout Queue
    ) {
        let blocked = limits.blockedNodes
        let blockedEdges = limits.blockedEdges
        let hasBounds = !limits.lowerBound.isEmpty
        let maxCost = limits.maxCost
        let target = limits.target ?? -1
        var touched = self.touched
        self.touched = []
        for s in InfluenceGraph.distinctSorted(sources) where blocked.isEmpty || !blocked[s] {
            state[s].cost = 0
            state[s].strength = 1
            touched.append(s)
            queue.push(cost: 0, hops: 0, node: Int32(s))
        }
        var settledBits = self.settledBits
        self.settledBits = []
        defer { self.settledBits = settledBits }
        settledBits.withUnsafeMutableBufferPointer { settled in
            state.withUnsafeMutableBufferPointer { state in
                adj.offsets.withUnsafeBufferPointer { offsets in
                    adj.targets.withUnsafeBufferPointer { targets in
                        adj.costs.withUnsafeBufferPointer { costs in
                            adj.strengths.withUnsafeBufferPointer { strengths in
                                while let top = queue.popNode() {
                                    let u = Int(top)
                                    // As Brandes' passes do (`BrandesSpace.pass`): the state and
                                    // first edge of the eighth node ahead, the edges of the third.
                                    let eighth = queue.upcoming(8)
                                    if eighth >= 0 {
                                        prefetch(state, Int(eighth))
                                        prefetch(offsets, Int(eighth))
                                    }
                                    let third = queue.upcoming(3)
                                    if third >= 0 {
                                        let e = offsets[Int(third)]
                                        prefetch(targets, e)
                                        prefetch(costs, e)
                                        prefetch(strengths, e)
                                    }
                                    if settled[u >> 6] & (1 << UInt64(u & 63)) != 0 { continue }
                                    settled[u >> 6] |= 1 << UInt64(u & 63)
                                    if u == target { break }
                                    let cu = state[u].cost, su = state[u].strength, hu = state[u].hops + 1
                                    for e in offsets[u]..<offsets[u + 1] {
                                        let v = Int(targets[e])
                                        if settled[v >> 6] & (1 << UInt64(v & 63)) != 0 { continue }
                                        let sv = state[v]
                                        if !blocked.isEmpty && blocked[v] { continue }
                                        if !blockedEdges.isEmpty && blockedEdges.contains(e) { continue }
                                        let c = cu + costs[e]
                                        if hasBounds || maxCost.isFinite {
                                            let f = hasBounds ? c + limits.bound(v) : c
                                            if f > maxCost && !sameCost(f, maxCost) { continue }
                                        }
                                        let cv = sv.cost
                                        let better: Bool
                                        if cv.isInfinite {
                                            better = true
                                        } else if sameCost(c, cv) {
                                            better = hu < sv.hops || (hu == sv.hops && Self.precedes(state, via: u, over: Int(sv.pred)))
                                        } else {
                                            better = c < cv
                                        }
                                        if better {
                                            if cv.isInfinite { touched.append(v) }
                                            state[v] = NodeState(cost: c, strength: su * strengths[e], pred: Int32(u), hops: hu)
                                            queue.push(cost: c, hops: hu, node: Int32(v))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.touched = touched
    }
}

/// One path through the influence graph, from one of our colleagues to one of theirs.
public struct InfluencePath: Sendable, Hashable {
    /// Node indices, first our colleague, last the target.
    public let nodes: [Int]
    /// Product of the edge strengths.
    public let strength: Double
    /// Sum of the edge costs (−ln of each strength).
    public let cost: Double

    /// Whether `self` is a better path than `other`: stronger, then fewer hops, then
    /// first in id order.
    public func isBetter(than other: InfluencePath) -> Bool {
        if !sameCost(cost, other.cost) { return cost < other.cost }
        if nodes.count != other.nodes.count { return nodes.count < other.nodes.count }
        return nodes.lexicographicallyPrecedes(other.nodes)
    }
}

extension InfluenceGraph {
    /// The path `nodes` with its strength and cost, or nil when some edge is missing.
    public func influencePath(_ nodes: [Int]) -> InfluencePath? {
        var strength = 1.0, cost = 0.0
        for i in 1..<max(nodes.count, 1) {
            guard let e = forward.edge(nodes[i - 1], nodes[i]) else { return nil }
            strength *= forward.strengths[e]
            cost += forward.costs[e]
        }
        return InfluencePath(nodes: nodes, strength: strength, cost: cost)
    }

    /// How many nodes the backward search of `bestPaths` settles at most once it has found
    /// the best cost: exact bounds for more nodes make the spur searches cheaper, but the
    /// search that computes them costs more (measured on generated organisations).
    static let boundBudget = 2000

    /// The `k` best loopless paths to `target` from any of `sources` (Yen's algorithm
    /// with a virtual root joined to every source at no cost), best first.
    ///
    /// Fewer than `k` paths are returned when fewer exist. A source that is the target
    /// gives the one-node path.
    ///
    /// Complexity: O(k · L · Dijkstra) for paths of L nodes; each spur search stops at
    /// the target.
    /// - Parameter tree: the strongest paths from exactly these `sources`, when already
    ///   computed (an `AccountAnalysis` has them for the whole team); saves one search.
    public func bestPaths(from sources: [Int], to target: Int, count k: Int, tree: PathTree? = nil) -> [InfluencePath] {
        // One path needs no bounds for spur searches: the backward search stops at the
        // first colleague it meets (the best cost), and the forward search it bounds then
        // walks only the best paths' nodes. The same searches, so the same ties.
        bestPaths(from: sources, to: target, count: k, tree: tree, boundBudget: k == 1 ? 0 : Self.boundBudget)
    }

    /// `nodes` sorted, each once: a few colleagues, sorted without hashing.
    static func distinctSorted(_ nodes: [Int]) -> [Int] {
        var sorted = nodes.sorted()
        var kept = 0
        for i in sorted.indices where kept == 0 || sorted[kept - 1] != sorted[i] {
            sorted[kept] = sorted[i]
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    /// Whether the sorted `nodes` hold `v` (a binary search).
    static func sortedContains(_ nodes: [Int], _ v: Int) -> Bool {
        var lo = 0, hi = nodes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if nodes[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < nodes.count && nodes[lo] == v
    }

    /// `bestPaths` with the backward search's budget given (tests use tiny ones).
    func bestPaths(from sources: [Int], to target: Int, count k: Int, tree: PathTree?, boundBudget: Int) -> [InfluencePath] {
        let sources = Self.distinctSorted(sources)
        guard k > 0, !sources.isEmpty else { return [] }
        // One path from the coverage tree costs its length.
        if k == 1, let tree { return tree.path(to: target).flatMap(influencePath).map { [$0] } ?? [] }
        // Lower bounds on the cost from each node to the target: exact within `horizon` of
        // it (one search backwards from the target, which also finds the best cost), the
        // horizon beyond. Every forward search below is pruned with them; pruning never
        // changes the order of a search, so ties are broken exactly as without it.
        var best = Double.infinity
        var horizon = Double.infinity
        var work = pathScratch.take(nodeCount: nodeCount)
        defer { pathScratch.give(work) }
        // The workspace's bounds are -1 (unknown: `horizon`) everywhere; the nodes this
        // query sets are put back to -1 at the end, so no query pays O(N) for them.
        var toTarget = work.toTarget
        work.toTarget = []  // moved out while in use, so writes need no copy
        var boundNodes: [Int] = []
        defer {
            for v in boundNodes { toTarget[v] = -1 }
            work.toTarget = toTarget
        }
        work.local.run(
            backward, from: target, maxCost: .infinity, skip: { _ in false },
            visit: { v, _, cost in
                if best.isInfinite && Self.sortedContains(sources, v) {
                    best = cost
                    horizon = cost + 1.2
                }
                // Past the horizon, or past a budget of nodes once the best cost is known:
                // every node not reached costs at least this node's cost, a valid bound.
                if cost > horizon || (best.isFinite && boundNodes.count >= boundBudget) {
                    horizon = min(horizon, cost * (1 - 1e-12))
                    return false
                }
                boundNodes.append(v)
                toTarget[v] = max(0, cost * (1 - 1e-12))
                return true
            })
        guard best.isFinite else { return [] }

        let firstNodes: [Int]?
        if let tree {
            firstNodes = tree.path(to: target)
        } else {
            work.search.run(forward, from: sources, limits: SearchLimits(maxCost: best, target: target, lowerBound: toTarget, beyond: horizon))
            firstNodes = work.search.path(to: target)
            work.search.reset()
        }
        guard let nodes = firstNodes, let first = influencePath(nodes) else { return [] }
        if k == 1 { return [first] }
        var accepted = [first]
        var candidates: [InfluencePath] = []
        var seen: Set<[Int]> = [first.nodes]
        // One set of limits for every spur search: the root's nodes are blocked one at a
        // time as the spur node moves down the previous path, and all unblocked at the end,
        // so a path of L nodes costs O(L) bookkeeping, not O(L²).
        var limits = SearchLimits(target: target, lowerBound: toTarget, beyond: horizon)
        limits.blockedNodes = work.blocked
        work.blocked = []
        defer { work.blocked = limits.blockedNodes }
        /// A lower bound on the cost from `v` to the target (see `toTarget` above).
        func boundToTarget(_ v: Int) -> Double { toTarget[v] < 0 ? horizon : toTarget[v] }

        while accepted.count < k {
            let previous = accepted[accepted.count - 1].nodes
            // Candidates worse than the (k − accepted)-th best one in the pool can never be chosen.
            let needed = k - accepted.count
            var poolBound = Double.infinity
            if candidates.count >= needed {
                poolBound = candidates.map(\.cost).sorted()[needed - 1]
            }
            var rootCost = 0.0
            // The accepted paths that start with the current root (all do at the virtual root).
            var sharing = Array(accepted.indices)
            // Spur index -1 is the virtual root: paths from another source.
            for i in -1..<previous.count - 1 {
                if i >= 1 {
                    if let e = forward.edge(previous[i - 1], previous[i]) { rootCost += forward.costs[e] }
                    limits.blockedNodes[previous[i - 1]] = true
                }
                limits.blockedEdges.removeAll(keepingCapacity: true)
                limits.maxCost = .infinity
                var spurSources: [Int]
                var exactBound: Double? = nil
                if i < 0 {
                    let used = Set(accepted.map { $0.nodes[0] })
                    spurSources = sources.filter { !used.contains($0) }
                    // The backward search already knows each source's best cost: search only
                    // from the best unused ones, up to that cost.
                    let known = spurSources.filter { toTarget[$0] >= 0 && toTarget[$0] < horizon }
                    if let c = known.map({ toTarget[$0] / (1 - 1e-12) }).min() {
                        spurSources = known.filter { sameCost(toTarget[$0] / (1 - 1e-12), c) || toTarget[$0] / (1 - 1e-12) <= c * (1 + 1e-9) }
                        exactBound = c * (1 + 1e-9) + 1e-12
                    }
                } else {
                    sharing.removeAll { accepted[$0].nodes.count <= i || accepted[$0].nodes[i] != previous[i] }
                    // Any path deviating here costs at least the root's cost plus a lower
                    // bound on the rest: when that is worse than the pool's bound, no
                    // candidate from here could ever be chosen, so skip the search.
                    let least = rootCost + boundToTarget(previous[i])
                    if least > poolBound && !sameCost(least, poolBound) { continue }
                    spurSources = [previous[i]]
                    for j in sharing where accepted[j].nodes.count > i + 1 {
                        if let e = forward.edge(previous[i], accepted[j].nodes[i + 1]) { limits.blockedEdges.insert(e) }
                    }
                }
                if !spurSources.isEmpty {
                    var spur: [Int]? = nil
                    // The spur path's cost first (A*, guided by the bounds to the target),
                    // then the path itself by the tie-exact search, bounded by that cost:
                    // both explore little, whatever the cost turns out to be.
                    let bounds: [Double]
                    if let exactBound {
                        bounds = [exactBound - rootCost, poolBound - rootCost]
                    } else {
                        limits.maxCost = poolBound - rootCost
                        bounds = work.search.bestCost(forward, from: spurSources, limits: limits).map { [$0 * (1 + 1e-9) + 1e-12] } ?? []
                    }
                    for bound in bounds {
                        limits.maxCost = bound
                        work.search.run(forward, from: spurSources, limits: limits)
                        spur = work.search.path(to: target)
                        work.search.reset()
                        if spur != nil { break }
                    }
                    if let spur {
                        let nodes: [Int] = (i > 0 ? Array(previous[0..<i]) : []) + spur
                        if !seen.contains(nodes), let path = influencePath(nodes) {
                            seen.insert(nodes)
                            candidates.append(path)
                            if candidates.count >= needed { poolBound = min(poolBound, candidates.map(\.cost).sorted()[needed - 1]) }
                        }
                    }
                }
            }
            for v in previous { limits.blockedNodes[v] = false }
            guard let b = candidates.indices.min(by: { candidates[$0].isBetter(than: candidates[$1]) }) else { break }
            accepted.append(candidates.remove(at: b))
        }
        return accepted
    }
}

/// The workspaces of `bestPaths`, kept between queries: a query on a large graph touches
/// a few thousand nodes but would otherwise allocate and fill megabytes of per-node
/// arrays. Each workspace goes back clean (searches reset what they touched).
final class PathScratch: @unchecked Sendable {
    struct Workspace {
        var search: PathSearch
        var local: LocalSearch
        var toTarget: [Double]
        var blocked: [Bool]
    }
    private let lock = NSLock()
    private var free: [Workspace] = []

    func take(nodeCount n: Int) -> Workspace {
        lock.lock()
        defer { lock.unlock() }
        if let w = free.popLast() { return w }
        return Workspace(
            search: PathSearch(nodeCount: n), local: LocalSearch(nodeCount: n),
            toTarget: [Double](repeating: -1, count: n), blocked: [Bool](repeating: false, count: n))
    }

    func give(_ w: Workspace) {
        lock.lock()
        free.append(w)
        lock.unlock()
    }
}

/// A workspace for many small bounded searches on one graph: only the nodes a search
/// touches are reset afterwards, so each search costs what it explores, not O(N).
/// Ties are not broken here: these searches answer "how strong", never "which path".
///
/// Its loop is not shared with `PathSearch.run` (see there): it keeps a cost and a strength
/// per node, no predecessor, and hands each settled node to a closure that may stop it.
public struct LocalSearch {
    /// A node's cheapest cost found so far and its strength, side by side: a relaxation
    /// reads and writes one place.
    private struct Reach {
        var cost = Double.infinity
        var strength = 0.0
    }

    private var reach: [Reach]
    /// Which nodes are settled, as bits (see `PathSearch.settledBits`).
    private var settled: [UInt64]
    private var touched: [Int] = []

    public init(nodeCount: Int) {
        reach = [Reach](repeating: Reach(), count: nodeCount)
        settled = [UInt64](repeating: 0, count: (nodeCount + 63) / 64)
    }

    /// Settles nodes from `start` over `adjacency`, strongest first, never entering a node
    /// for which `skip` is true nor going past `maxCost`, and calls `visit(node, strength,
    /// cost)` for each settled node (`start` first, with strength 1) until `visit` returns false.
    public mutating func run(
        _ adjacency: InfluenceGraph.Adjacency, from start: Int, maxCost: Double,
        skip: (Int) -> Bool, visit: (Int, Double, Double) -> Bool
    ) {
        // The loop runs on the buffers, unchecked: a node outside the graph stops here.
        precondition(start >= 0 && start < reach.count && adjacency.offsets.count == reach.count + 1, "a search outside its graph")
        var touched = self.touched
        self.touched = []
        var heap = EntryHeap()
        reach.withUnsafeMutableBufferPointer { reach in
            settled.withUnsafeMutableBufferPointer { settled in
                defer {
                    // A word of bits is cleared whole: only touched nodes have bits set.
                    for v in touched {
                        reach[v] = Reach()
                        settled[v >> 6] = 0
                    }
                }
                reach[start] = Reach(cost: 0, strength: 1)
                touched.append(start)
                heap.insert(QueueEntry(cost: 0, hops: 0, node: Int32(start)))
                while let top = heap.popMin() {
                    let u = Int(top.node)
                    if settled[u >> 6] & (1 << UInt64(u & 63)) != 0 { continue }
                    settled[u >> 6] |= 1 << UInt64(u & 63)
                    let ru = reach[u]
                    if !visit(u, ru.strength, ru.cost) { return }
                    for e in adjacency.range(u) {
                        let v = Int(adjacency.targets[e])
                        if settled[v >> 6] & (1 << UInt64(v & 63)) != 0 || skip(v) { continue }
                        let c = ru.cost + adjacency.costs[e]
                        if c > maxCost && !sameCost(c, maxCost) { continue }
                        let cv = reach[v].cost
                        if c < cv {
                            if cv.isInfinite { touched.append(v) }
                            reach[v] = Reach(cost: c, strength: ru.strength * adjacency.strengths[e])
                            heap.insert(QueueEntry(cost: c, hops: 0, node: Int32(v)))
                        }
                    }
                }
            }
        }
        touched.removeAll(keepingCapacity: true)
        self.touched = touched
    }
}
