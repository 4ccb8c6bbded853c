import Foundation

/// Controls of the PageRank iteration.
public struct PageRankOptions: Sendable, Hashable {
    public var damping: Double = 0.85
    /// Stop when every value is within this relative distance of the fixed point.
    public var tolerance: Double = 1e-9
    public var maxIterations: Int = 1000
    public init(damping: Double = 0.85, tolerance: Double = 1e-9, maxIterations: Int = 1000) {
        self.damping = damping
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }
}

/// Power rank of their people.
public struct PageRankResult: Sendable {
    /// Value per node (0 for our colleagues); their people's values sum to 1.
    public let values: [Double]
    public let iterations: Int
    /// False when `maxIterations` ran out first: the values are then the last iterate.
    public let converged: Bool
}

extension InfluenceGraph {
    /// PageRank over their people on the influence edges *reversed* (docs/ANALYSES.md §5): a
    /// person ranks high when people who rank high defer to them. Weights are the
    /// strengths; a person nobody influences spreads their mass uniformly. Our colleagues
    /// and their relationships take no part.
    ///
    /// Equals networkx `pagerank(G.reverse(), alpha=damping, weight=...)`. Iteration stops
    /// when the largest relative change, scaled by damping / (1 − damping) to bound the
    /// distance to the fixed point, is below `tolerance`.
    ///
    /// Complexity: O(iterations · E).
    public func pageRank(_ options: PageRankOptions = PageRankOptions()) -> PageRankResult {
        pageRank(options, bothCoresFrom: 100_000)
    }

    /// The same, on both cores from `bothCoresFrom` edges (for tests).
    func pageRank(_ options: PageRankOptions, bothCoresFrom: Int) -> PageRankResult {
        let n = nodeCount
        var people: [Int] = []
        for v in 0..<n where !isTeam(v) { people.append(v) }
        let m = people.count
        guard m > 0 else { return PageRankResult(values: [Double](repeating: 0, count: n), iterations: 0, converged: true) }
        let alpha = options.damping
        // Weight flowing *into* v from their people: v's out-weight in the reversed graph.
        var inWeight = [Double](repeating: 0, count: n)
        for v in people {
            for e in backward.range(v) where !isTeam(Int(backward.targets[e])) { inWeight[v] += backward.strengths[e] }
        }
        var x = [Double](repeating: 0, count: n)
        for v in people { x[v] = 1 / Double(m) }
        var share = [Double](repeating: 0, count: n)
        var next = [Double](repeating: 0, count: n)
        // Those nobody influences, whose mass is spread evenly: summed in people order.
        let dangling = people.filter { !(inWeight[$0] > 0) }
        let bound = alpha / max(1 - alpha, 1e-12)
        // Large graphs iterate on both cores, each half of the people (by edges) on its
        // own: every value is computed alone, in edge order, and the one sum over people
        // stays on one thread, so the result is the same to the bit either way.
        let split = forward.targets.count >= bothCoresFrom ? Self.balancedSplit(people, forward) : people.count
        let adjacency = forward
        var iterations = 0
        var converged = false
        while iterations < options.maxIterations {
            iterations += 1
            var spread = 0.0
            for v in dangling { spread += x[v] }
            let base = (1 - alpha) / Double(m) + alpha * spread / Double(m)
            let worst = share.withUnsafeMutableBufferPointer { share in
                x.withUnsafeBufferPointer { x in
                    next.withUnsafeMutableBufferPointer { next in
                        people.withUnsafeBufferPointer { people in
                            inWeight.withUnsafeBufferPointer { inWeight in
                                let pass = PageRankPass(
                                    adjacency: adjacency, people: people, inWeight: inWeight, share: share, x: x, next: next, base: base, alpha: alpha)
                                let count = people.count
                                if split == count {
                                    pass.share(0..<count)
                                    return pass.gather(0..<count)
                                }
                                _ = inParallel({ pass.share(0..<split) }, { pass.share(split..<count) })
                                let (a, b) = inParallel({ pass.gather(0..<split) }, { pass.gather(split..<count) })
                                return max(a, b)
                            }
                        }
                    }
                }
            }
            swap(&x, &next)
            if worst * bound <= options.tolerance {
                converged = true
                break
            }
        }
        return PageRankResult(values: x, iterations: iterations, converged: converged)
    }

    /// Where to cut `people` so that both sides have about as many edges.
    private static func balancedSplit(_ people: [Int], _ adjacency: Adjacency) -> Int {
        let half = adjacency.targets.count / 2
        var edges = 0
        for (k, u) in people.enumerated() {
            edges += adjacency.range(u).count
            if edges >= half { return k + 1 }
        }
        return people.count
    }
}

/// One PageRank iteration over some of the people, writing `share` and `next` for them
/// alone; the buffers outlive it (it runs inside their `withUnsafe…` calls), and two
/// passes on two threads take disjoint people.
private struct PageRankPass: @unchecked Sendable {
    let adjacency: InfluenceGraph.Adjacency
    let people: UnsafeBufferPointer<Int>
    let inWeight: UnsafeBufferPointer<Double>
    let share: UnsafeMutableBufferPointer<Double>
    let x: UnsafeBufferPointer<Double>
    let next: UnsafeMutableBufferPointer<Double>
    let base: Double
    let alpha: Double

    /// What each of `people[range]` passes on per unit of weight (0 for those nobody
    /// influences, whose mass is spread evenly instead).
    func share(_ range: Range<Int>) {
        for v in people[range] { share[v] = inWeight[v] > 0 ? x[v] / inWeight[v] : 0 }
    }

    /// The next value of `people[range]`, once every share is known; returns the largest
    /// relative change.
    func gather(_ range: Range<Int>) -> Double {
        var worst = 0.0
        adjacency.offsets.withUnsafeBufferPointer { offsets in
            adjacency.targets.withUnsafeBufferPointer { targets in
                adjacency.strengths.withUnsafeBufferPointer { strengths in
                    for u in people[range] {
                        // Reversed edge v → u for each edge u → v: u collects from those it influences.
                        var acc = 0.0
                        for e in offsets[u]..<offsets[u + 1] { acc += share[Int(targets[e])] * strengths[e] }
                        let value = base + alpha * acc
                        next[u] = value
                        worst = max(worst, abs(value - x[u]) / value)
                    }
                }
            }
        }
        return worst
    }
}

/// Brokerage of their people.
public struct BetweennessResult: Sendable {
    /// Normalised betweenness per node (0 for our colleagues), as networkx's
    /// `betweenness_centrality(normalized=True)` on a directed graph.
    public let values: [Double]
    /// Nil when exact; else the number of sampled sources (the values then estimate).
    public let sampledSources: Int?
    public let seed: UInt64?
    /// The source nodes the passes started from, in node order (every person when exact).
    public let sources: [Int]
}

extension InfluenceGraph {
    /// Betweenness centrality (Brandes) over their people on the −ln strength costs.
    /// Two path costs within `costTolerance` count as equal, so every equally strong
    /// shortest path shares the credit.
    ///
    /// Not promised with an edge of strength 1 (cost 0) between two people equally far from
    /// a source: its paths count only when its start settles before its end (ties go by
    /// node), as in networkx; a cycle of such edges has no finite count of shortest paths.
    ///
    /// Exact when the people number at most `exactUpTo`; otherwise estimated from
    /// `samples` source nodes drawn with `seed` and scaled by N / samples.
    ///
    /// Complexity: O(S · (E + N + C / w)) for S sources, with the costliest path C and
    /// buckets of width w (`BucketQueue`), or O(S · E log N) where the costs do not suit
    /// buckets (a strength above 0.999, say), spread over `threads` threads
    /// (default: the machine's cores). The sources are taken in fixed blocks of
    /// `betweennessBlock`, each block's sum made in source order on one thread and the blocks
    /// added in order, so that the values are the same to the bit on any number of threads.
    public func betweenness(exactUpTo: Int = 2000, samples: Int? = nil, seed: UInt64 = 1, threads: Int? = nil) -> BetweennessResult {
        betweenness(exactUpTo: exactUpTo, samples: samples, seed: seed, threads: threads, buckets: true)
    }

    /// `betweenness`, with its bucket queue allowed or not (`BrandesSpace`), so that tests
    /// check both queues.
    func betweenness(exactUpTo: Int, samples: Int?, seed: UInt64, threads: Int?, buckets: Bool) -> BetweennessResult {
        let n = nodeCount
        var people: [Int] = []
        for v in 0..<n where !isTeam(v) { people.append(v) }
        let m = people.count
        let samples = samples ?? Self.betweennessSamples(people: m)
        var sources = people
        var sampled: Int? = nil
        if m > exactUpTo && samples < m {
            var rng = SeededGenerator(seed: seed)
            for i in 0..<samples {
                let j = i + Int(rng.next() % UInt64(m - i))
                sources.swapAt(i, j)
            }
            sources = Array(sources[0..<samples]).sorted()
            sampled = samples
        }
        let block = Self.betweennessBlock
        let blocks = stride(from: 0, to: sources.count, by: block).map { Array(sources[$0..<min($0 + block, sources.count)]) }
        let width = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, blocks.count))
        let passes = BrandesGraph(self)
        let spaces = (0..<width).map { _ in BrandesSpace(passes, buckets: buckets) }
        var centrality = [Double](repeating: 0, count: n)
        // A wave of blocks at a time, one a thread; then their sums added in block order.
        for wave in stride(from: 0, to: blocks.count, by: width) {
            let count = min(width, blocks.count - wave)
            if count == 1 {
                spaces[0].accumulate(blocks[wave], in: passes)
            } else {
                DispatchQueue.concurrentPerform(iterations: count) { t in spaces[t].accumulate(blocks[wave + t], in: passes) }
            }
            for t in 0..<count {
                let sum = spaces[t].sum
                for v in 0..<n where sum[v] != 0 { centrality[v] += sum[v] }
                spaces[t].clearSum()
            }
        }
        var scale = m > 2 ? 1 / (Double(m - 1) * Double(m - 2)) : 1
        if let k = sampled { scale *= Double(m) / Double(k) }
        for v in people { centrality[v] *= scale }
        return BetweennessResult(values: centrality, sampledSources: sampled, seed: sampled == nil ? nil : seed, sources: sources)
    }

    /// Sampled sources of `betweenness` above `exactUpTo` people, for `people` people: 512
    /// up to 20,000 people, then fewer, so that a search per source stays affordable
    /// (512 × 20,000 / people, at least 100). Measured on a generated 10,000-person bank
    /// against the exact answer (docs/ANALYSES.md §5): the top 20 brokers of 50 sources
    /// share 0–5 people with the exact top 20 (five seeds), of 256 sources 9–13, of 512
    /// sources 13–15 (and 15–19 of them are in the exact top 50), of 1,024 sources 17–18.
    public static func betweennessSamples(people: Int) -> Int {
        people <= 20_000 ? 512 : max(100, 512 * 20_000 / max(people, 1))
    }

    /// Sources per block of `betweenness`: the unit of work a thread takes, fixed so that
    /// the order of the additions does not depend on the number of threads.
    static let betweennessBlock = 8
}

/// One thread's workspace for Brandes' passes, and the sum of its block's dependencies.
/// A workspace is used by one thread at a time.
///
/// Each node's state in a pass (cost, path count, dependency, predecessors) is one record,
/// so that an edge visit reads one cache line, and which nodes have settled is a bit set.
final class BrandesSpace: @unchecked Sendable {
    /// A node's state in the current pass.
    struct Node {
        /// The cost of the cheapest path found so far, until the node settles; then the
        /// dependency, what its successors on shortest paths pass on to it. A settled
        /// node's cost is read once, as it settles, and never again: the dependencies
        /// go back along the predecessor lists, which need no costs.
        var dist: Double = .infinity
        /// Shortest paths from the source.
        var sigma: Double = 0
        /// The node's predecessors on shortest paths: the first link in `links`, or −1.
        var firstPredecessor: Int32 = -1
        /// The node's edges are `edges[firstEdge..<` the next node's `firstEdge]`: kept in
        /// the record, which a pass reads anyway, rather than in an array of its own.
        var firstEdge: Int32 = 0
    }

    /// A predecessor in the list of a node's, and the next one's index.
    struct Link {
        var node: Int32
        var next: Int32
    }

    private let nodes: UnsafeMutablePointer<Node>
    private let nodeCount: Int
    /// Which nodes the pass has settled, a bit each: small enough to stay in the nearest
    /// cache, so that the many edges back to settled nodes cost no trip to memory.
    private let settled: UnsafeMutablePointer<UInt64>
    private let words: Int
    /// The predecessor lists of a pass: at most one link per edge.
    private let links: UnsafeMutablePointer<Link>
    /// The bucket queue's storage, when the costs allow one (see `BucketQueue.storage`).
    private let buckets: BucketQueue.Storage?
    /// The nodes of the current pass in the order they settled, `settledCount` of them.
    private let orderStorage: UnsafeMutablePointer<Int32>
    private var settledCount = 0
    private(set) var sum: [Double]
    /// The nodes `sum` holds a value for, to clear them without a pass over every node.
    private var touched: [Int] = []

    /// A workspace for `g`'s passes, with a bucket queue when `buckets` and the costs allow.
    init(_ g: BrandesGraph, buckets allowed: Bool) {
        let n = g.nodeCount
        nodeCount = n
        // One record more, past the last node, for the end of the last node's edges.
        nodes = .allocate(capacity: n + 1)
        nodes.initialize(repeating: Node(), count: n + 1)
        for v in 0...n { nodes[v].firstEdge = Int32(g.offsets[v]) }
        orderStorage = .allocate(capacity: max(n, 1))
        links = .allocate(capacity: g.edges.count + 1)
        words = (n + 63) / 64
        settled = .allocate(capacity: max(words, 1))
        settled.initialize(repeating: 0, count: max(words, 1))
        buckets = allowed ? BucketQueue.storage(for: g) : nil
        sum = [Double](repeating: 0, count: n)
    }

    deinit {
        nodes.deinitialize(count: nodeCount + 1)
        nodes.deallocate()
        orderStorage.deallocate()
        links.deallocate()
        settled.deallocate()
    }

    func clearSum() {
        for v in touched { sum[v] = 0 }
        touched.removeAll(keepingCapacity: true)
    }

    /// Adds the dependencies of `sources`, in order, to `sum`.
    ///
    /// The pass is a Dijkstra of its own, not `PathSearch.run`'s (see there): it counts the
    /// equally short paths into each node as it relaxes its edges, keeps the settle order,
    /// and takes only strictly shorter paths, none of which the other searches do.
    ///
    /// Each node keeps the list of the predecessors whose paths it counted, rebuilt when a
    /// cheaper path replaces them; the dependencies then go back, in reverse settle order,
    /// along those lists alone, with no second look at the edges.
    func accumulate(_ sources: [Int], in g: BrandesGraph) {
        // The inner loops run on the arrays' buffers, and on locals rather than the class's
        // properties: no bounds, exclusivity or uniqueness checks on the millions of edge
        // visits of a pass.
        var touched = self.touched
        self.touched = []
        g.edges.withUnsafeBufferPointer { edges in
            g.costs.withUnsafeBufferPointer { costs in
                sum.withUnsafeMutableBufferPointer { sum in
                    if let buckets {
                        var queue = BucketQueue(buckets)
                        for s in sources { pass(from: s, edges, costs, sum, &touched, &queue) }
                    } else {
                        var queue = EntryHeap()
                        for s in sources { pass(from: s, edges, costs, sum, &touched, &queue) }
                    }
                }
            }
        }
        self.touched = touched
    }

    private func pass<Queue: SettleQueue>(
        from s: Int, _ edges: UnsafeBufferPointer<BrandesGraph.Edge>, _ costs: UnsafeBufferPointer<Double>,
        _ sum: UnsafeMutableBufferPointer<Double>,
        _ touched: inout [Int], _ queue: inout Queue
    ) {
        let nodes = self.nodes
        let links = self.links
        let settled = self.settled
        let order = self.orderStorage
        for i in 0..<settledCount {
            let v = Int(order[i])
            nodes[v].dist = .infinity
            nodes[v].sigma = 0
            nodes[v].firstPredecessor = -1
        }
        settled.update(repeating: 0, count: words)
        var count = 0
        defer { settledCount = count }
        var linked: Int32 = 0
        nodes[s].dist = 0
        nodes[s].sigma = 1
        queue.push(cost: 0, node: Int32(s))
        while let popped = queue.popNode() {
            let u = Int(popped)
            // Ahead in the bucket, fetched while this node settles: the record of the eighth
            // node, and the edges of the third (its record came five pops ago). Without,
            // each settle waits on memory for its record, then for its edges.
            let eighth = queue.upcoming(8)
            if eighth >= 0 { prefetch(nodes, Int(eighth)) }
            let third = queue.upcoming(3)
            if third >= 0 { prefetch(edges, Int(nodes[Int(third)].firstEdge)) }
            // A node is queued again each time its cost falls; the older entries come out
            // after it has settled.
            if settled[u >> 6] & (1 << UInt64(u & 63)) != 0 { continue }
            settled[u >> 6] |= 1 << UInt64(u & 63)
            order[count] = popped
            count += 1
            // The shortest paths into a node are counted as they are found: an equally
            // short one adds its count and its predecessor, a strictly shorter one replaces
            // them (counts are whole numbers, so the order of the additions changes nothing).
            let du = nodes[u].dist
            nodes[u].dist = 0  // now the dependency
            let paths = nodes[u].sigma
            for e in Int(nodes[u].firstEdge)..<Int(nodes[u + 1].firstEdge) {
                let edge = edges[e]
                let v = Int(edge.target)
                if settled[v >> 6] & (1 << UInt64(v & 63)) != 0 { continue }
                let c = du + costs[Int(edge.cost)]
                let dv = nodes[v].dist
                if sameCost(c, dv) {
                    nodes[v].sigma += paths
                    links[Int(linked)] = Link(node: popped, next: nodes[v].firstPredecessor)
                } else if c < dv {
                    nodes[v].dist = c
                    nodes[v].sigma = paths
                    links[Int(linked)] = Link(node: popped, next: -1)
                    queue.push(cost: c, node: Int32(v))
                } else {
                    continue
                }
                nodes[v].firstPredecessor = linked
                linked += 1
            }
        }
        for i in stride(from: count - 1, through: 0, by: -1) {
            let v = Int(order[i])
            let delta = nodes[v].dist  // the dependency (see `Node.dist`)
            let share = (1 + delta) / nodes[v].sigma
            var link = nodes[v].firstPredecessor
            while link >= 0 {
                let w = Int(links[Int(link)].node)
                nodes[w].dist += nodes[w].sigma * share
                link = links[Int(link)].next
            }
            if v != s && delta != 0 {
                if sum[v] == 0 { touched.append(v) }
                sum[v] += delta
            }
        }
    }
}

/// The edges Brandes' passes follow, those between their people (our colleagues are never
/// entered), each with its target and cost side by side: an edge visit then reads one
/// place, where `InfluenceGraph`'s adjacency keeps targets, costs and strengths apart.
struct BrandesGraph: Sendable {
    /// An edge: its target, and its cost as an index in `costs`. Edges between people take
    /// their strengths from the reporting lines' few settings and from links, whose
    /// strengths people write with two decimals: a few distinct costs, whose table stays
    /// in the nearest cache, and edges of 8 bytes rather than 16.
    struct Edge {
        var target: Int32
        var cost: Int32
    }

    let nodeCount: Int
    /// Node u's edges are `edges[offsets[u]..<offsets[u + 1]]`, in `forward`'s order.
    let offsets: [Int]
    let edges: [Edge]
    /// The distinct costs, in the order the edges first have them.
    let costs: [Double]

    init(_ g: InfluenceGraph) {
        nodeCount = g.nodeCount
        var offsets = [Int](repeating: 0, count: g.nodeCount + 1)
        var edges: [Edge] = []
        var costs: [Double] = []
        var index: [UInt64: Int32] = [:]
        edges.reserveCapacity(g.forward.targets.count)
        for u in 0..<g.nodeCount {
            if !g.isTeam(u) {
                for e in g.forward.range(u) where !g.isTeam(Int(g.forward.targets[e])) {
                    let cost = g.forward.costs[e]
                    let i =
                        index[cost.bitPattern]
                        ?? {
                            costs.append(cost)
                            index[cost.bitPattern] = Int32(costs.count - 1)
                            return Int32(costs.count - 1)
                        }()
                    edges.append(Edge(target: g.forward.targets[e], cost: i))
                }
            }
            offsets[u + 1] = edges.count
        }
        self.offsets = offsets
        self.edges = edges
        self.costs = costs
    }
}

/// The queue of the searches' passes (Brandes', the strongest paths'): nodes pushed with a
/// cost (again when it falls) and popped so that a node comes out only once every node on
/// a cheaper path to it has. `hops` orders equal costs in the heap, where a cost-0 edge can
/// join them; the buckets, never used with such an edge, do without.
protocol SettleQueue {
    mutating func push(cost: Double, hops: Int32, node: Int32)
    /// The next node, or nil when the queue is empty.
    mutating func popNode() -> Int32?
    /// The node `ahead` pops after the last one, where the queue knows it (else −1).
    func upcoming(_ ahead: Int) -> Int32
}

extension SettleQueue {
    @inline(__always) mutating func push(cost: Double, node: Int32) { push(cost: cost, hops: 0, node: node) }
}

extension EntryHeap: SettleQueue {
    @inline(__always) func upcoming(_ ahead: Int) -> Int32 { -1 }
    @inline(__always) mutating func push(cost: Double, hops: Int32, node: Int32) { insert(QueueEntry(cost: cost, hops: hops, node: node)) }
    @inline(__always) mutating func popNode() -> Int32? { popMin().map(\.node) }
}

/// Dial's bucket queue: costs cut into buckets of a width no more than half the cheapest
/// edge, kept in a ring. Every node in the lowest bucket is then final — a path through
/// another node of the bucket costs at least one more edge, so it lands in a later
/// bucket — and the bucket is emptied in any order. A push and a pop are O(1), where a heap
/// moves entries over log n levels with a frontier of thousands.
///
/// Nodes settle in a different order than by a heap's (cost, node). With no edge of cost 0
/// (which sends a graph to the heap), that changes nothing in a Brandes pass's result but
/// rounding (dependencies added in another order, and a cost found first along another of
/// two equally strong paths), and nothing at all in the strongest-path search, whose ties
/// go by hops and ids.
struct BucketQueue: SettleQueue {
    /// The buckets for `g`'s edges among their people (see the other `storage`).
    static func storage(for g: BrandesGraph) -> Storage? {
        storage(cheapest: g.costs.min() ?? .infinity, dearest: g.costs.max() ?? 0, nodeCount: g.nodeCount)
    }

    /// The buckets for edges costing `cheapest` to `dearest` between `nodeCount` nodes; nil
    /// when a bucket queue does not fit them: an edge of cost below 0.001 (strength above
    /// 0.999, 1 included), a dearest edge 65,536 bucket widths or more (32,768 times the
    /// cheapest), or paths long enough for the tie tolerance (`costTolerance` of a path's
    /// cost) to come near a bucket's width.
    static func storage(cheapest: Double, dearest: Double, nodeCount: Int) -> Storage? {
        var (cheapest, dearest) = (cheapest, dearest)
        if cheapest == .infinity { (cheapest, dearest) = (1, 1) }
        guard cheapest >= 0.001 else { return nil }
        let width = cheapest / 2
        let longest = dearest * Double(max(nodeCount - 1, 1))
        guard dearest / width < 65_536, longest * costTolerance < width / 4 else { return nil }
        // A push after a pop from bucket k lands at most 1 + dearest / width buckets above
        // it, and every queued entry is in bucket k or above: the live entries span at most
        // dearest / width + 2 buckets.
        var ring = 2
        while Double(ring) < dearest / width + 2 { ring <<= 1 }
        return Storage(width: width, buckets: ring)
    }

    /// The ring of buckets, each a block of its entries in the order they came: a bucket
    /// is read straight through as it empties, where a list linked through one pool
    /// would have each pop wait for the memory of the one before.
    final class Storage: @unchecked Sendable {
        let width: Double
        let mask: Int
        /// Bucket b holds `blocks[b][0..<counts[b]]`, in room for `capacities[b]` (of the
        /// lowest bucket's, the queue's first `next` have come out). Blocks keep the room
        /// they grew to for the next searches: at most a search's pushes in all, per bucket.
        let blocks: UnsafeMutablePointer<UnsafeMutablePointer<Int32>>
        let counts: UnsafeMutablePointer<Int>
        let capacities: UnsafeMutablePointer<Int>

        /// `buckets` a power of two.
        init(width: Double, buckets: Int) {
            self.width = width
            mask = buckets - 1
            blocks = .allocate(capacity: buckets)
            counts = .allocate(capacity: buckets)
            counts.initialize(repeating: 0, count: buckets)
            // A bucket's block is made at its first entry: a ring can have 65,536 buckets.
            capacities = .allocate(capacity: buckets)
            capacities.initialize(repeating: 0, count: buckets)
        }

        deinit {
            for b in 0...mask where capacities[b] > 0 { blocks[b].deallocate() }
            blocks.deallocate()
            counts.deallocate()
            capacities.deallocate()
        }

        /// Room in bucket b for twice its entries (at least 64), its entries kept.
        @inline(never) func grow(_ b: Int) {
            let room = max(64, capacities[b] * 2)
            let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: room)
            if capacities[b] > 0 {
                bigger.initialize(from: blocks[b], count: counts[b])
                blocks[b].deallocate()
            }
            blocks[b] = bigger
            capacities[b] = room
        }
    }

    private let storage: Storage
    private let inverse: Double
    private let blocks: UnsafeMutablePointer<UnsafeMutablePointer<Int32>>
    private let counts: UnsafeMutablePointer<Int>
    private let mask: Int
    private var live = 0
    /// The lowest bucket with entries, and the next of its entries to come out.
    private var current = 0
    private var next = 0

    init(_ storage: Storage) {
        self.storage = storage
        inverse = 1 / storage.width
        blocks = storage.blocks
        counts = storage.counts
        mask = storage.mask
    }

    @inline(__always) mutating func push(cost: Double, hops: Int32, node: Int32) {
        let bucket = Int(cost * inverse)
        if bucket < current {
            // A new search's first push, the only one below the last pop (the queue came
            // out empty, so its buckets are clear).
            assert(live == 0, "a push below the last pop in the middle of a search")
            current = bucket
            next = 0
        }
        let b = bucket & mask
        let count = counts[b]
        if count == storage.capacities[b] { storage.grow(b) }
        blocks[b][count] = node
        counts[b] = count + 1
        live += 1
    }

    /// The next node; nil once the queue is empty, when its storage is clean again for
    /// the next queue on it (every bucket was cleared as the pops moved past it, and the
    /// last one is cleared now). A search on buckets therefore runs until this is nil.
    @inline(__always) mutating func popNode() -> Int32? {
        guard live > 0 else {
            counts[current & mask] = 0
            next = 0
            return nil
        }
        while true {
            let b = current & mask
            if next < counts[b] {
                live -= 1
                next += 1
                return blocks[b][next - 1]
            }
            counts[b] = 0
            next = 0
            current += 1
        }
    }

    /// The node `ahead` (1 or more) pops after the last one, if it is in the same bucket
    /// (else −1): what a pass reads soon, to fetch into the cache now.
    @inline(__always) func upcoming(_ ahead: Int) -> Int32 {
        let b = current & mask
        return next + ahead - 1 < counts[b] ? blocks[b][next + ahead - 1] : -1
    }
}

/// A person ranked by power and brokerage.
public struct KeyPlayer: Sendable, Hashable {
    public let node: Int
    public let pageRank: Double
    public let betweenness: Double
    /// Position by PageRank, 1 first.
    public let rank: Int
    /// High power rank, low formal level (docs/ANALYSES.md §5).
    public let hiddenInfluencer: Bool
}

extension AccountAnalysis {
    /// Their people ordered by PageRank (ties by id), with betweenness and the hidden
    /// influencers marked: people at manager level or below (or of unknown level) whose
    /// PageRank is in the top tenth and at least that of the median executive or director.
    public func keyPlayers(pageRank pr: PageRankResult, betweenness bc: BetweennessResult) -> [KeyPlayer] {
        var people: [Int] = []
        for v in 0..<graph.nodeCount where !graph.isTeam(v) { people.append(v) }
        let ordered = people.sorted { pr.values[$0] != pr.values[$1] ? pr.values[$0] > pr.values[$1] : $0 < $1 }
        let topTenth = max(1, ordered.count / 10)
        let seniors = people.filter { (person($0)?.level).map { $0 <= .director } ?? false }
            .map { pr.values[$0] }.sorted()
        let seniorMedian = seniors.isEmpty ? 0 : seniors[seniors.count / 2]
        return ordered.enumerated().map { i, v in
            let level = person(v)?.level
            let low = level.map { $0 >= .manager } ?? true
            let hidden = low && i < topTenth && pr.values[v] >= seniorMedian && !(person(v)?.placeholder ?? false)
            return KeyPlayer(node: v, pageRank: pr.values[v], betweenness: bc.values[v], rank: i + 1, hiddenInfluencer: hidden)
        }
    }
}
