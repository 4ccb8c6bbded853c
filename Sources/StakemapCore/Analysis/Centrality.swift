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
        let bound = alpha / max(1 - alpha, 1e-12)
        var iterations = 0
        var converged = false
        while iterations < options.maxIterations {
            iterations += 1
            var dangling = 0.0
            for v in people {
                if inWeight[v] > 0 { share[v] = x[v] / inWeight[v] } else { share[v] = 0; dangling += x[v] }
            }
            let base = (1 - alpha) / Double(m) + alpha * dangling / Double(m)
            var worst = 0.0
            for u in people {
                // Reversed edge v → u for each edge u → v: u collects from those it influences.
                var acc = 0.0
                for e in forward.range(u) {
                    let v = Int(forward.targets[e])
                    acc += share[v] * forward.strengths[e]
                }
                let value = base + alpha * acc
                next[u] = value
                worst = max(worst, abs(value - x[u]) / value)
            }
            swap(&x, &next)
            if worst * bound <= options.tolerance {
                converged = true
                break
            }
        }
        return PageRankResult(values: x, iterations: iterations, converged: converged)
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
    /// Exact when the people number at most `exactUpTo`; otherwise estimated from
    /// `samples` source nodes drawn with `seed` and scaled by N / samples.
    ///
    /// Complexity: O(S · (E + N log N)) for S sources, spread over `threads` threads
    /// (default: the machine's cores). The sources are taken in fixed blocks of
    /// `betweennessBlock`, each block's sum made in source order on one thread and the blocks
    /// added in order, so that the values are the same to the bit on any number of threads.
    public func betweenness(exactUpTo: Int = 2000, samples: Int? = nil, seed: UInt64 = 1, threads: Int? = nil) -> BetweennessResult {
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
        let spaces = (0..<width).map { _ in BrandesSpace(nodeCount: n, reserve: m) }
        var centrality = [Double](repeating: 0, count: n)
        // A wave of blocks at a time, one a thread; then their sums added in block order.
        for wave in stride(from: 0, to: blocks.count, by: width) {
            let count = min(width, blocks.count - wave)
            if count == 1 {
                spaces[0].accumulate(blocks[wave], in: self)
            } else {
                DispatchQueue.concurrentPerform(iterations: count) { t in spaces[t].accumulate(blocks[wave + t], in: self) }
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
final class BrandesSpace: @unchecked Sendable {
    var dist: [Double]
    var sigma: [Double]
    var delta: [Double]
    var settled: [Bool]
    var order: [Int] = []
    var sum: [Double]
    /// The nodes `sum` holds a value for, to clear them without a pass over every node.
    private var touched: [Int] = []
    // The searches' own binary heap (`EntryHeap`, entries of cost and node): it does less
    // per operation than swift-collections' double-ended `Heap`, and betweenness, a
    // search from every source, is all heap operations.
    var heap = EntryHeap()

    init(nodeCount n: Int, reserve: Int) {
        dist = [Double](repeating: .infinity, count: n)
        sigma = [Double](repeating: 0, count: n)
        delta = [Double](repeating: 0, count: n)
        settled = [Bool](repeating: false, count: n)
        sum = [Double](repeating: 0, count: n)
        order.reserveCapacity(reserve)
    }

    func clearSum() {
        for v in touched { sum[v] = 0 }
        touched.removeAll(keepingCapacity: true)
    }

    /// Adds the dependencies of `sources`, in order, to `sum`.
    ///
    /// Predecessors are not stored: a node's predecessors on shortest paths are the
    /// in-neighbours w with dist(w) + cost(w, v) equal to dist(v), found again from the
    /// reversed adjacency when needed. That keeps each source's pass allocation-free.
    /// The pass is a Dijkstra of its own, not `PathSearch.run`'s (see there): it counts
    /// the equally short paths into each node as it relaxes its edges, keeps the settle
    /// order, and takes only strictly shorter paths, none of which the other searches do.
    func accumulate(_ sources: [Int], in g: InfluenceGraph) {
        // Our colleagues are never entered: marked settled once, for good (no pass settles
        // them, so none resets them), they cost no test of their own on every edge.
        if !teamClosed {
            for v in g.team { settled[v] = true }
            teamClosed = true
        }
        // The inner loops run on the arrays' buffers: no bounds or exclusivity checks on the
        // millions of edge visits of a pass.
        g.forward.offsets.withUnsafeBufferPointer { fo in
            g.forward.targets.withUnsafeBufferPointer { ft in
                g.forward.costs.withUnsafeBufferPointer { fc in
                    g.backward.offsets.withUnsafeBufferPointer { bo in
                        g.backward.targets.withUnsafeBufferPointer { bt in
                            g.backward.costs.withUnsafeBufferPointer { bc in
                                dist.withUnsafeMutableBufferPointer { dist in
                                    sigma.withUnsafeMutableBufferPointer { sigma in
                                        delta.withUnsafeMutableBufferPointer { delta in
                                            settled.withUnsafeMutableBufferPointer { settled in
                                                pass(
                                                    sources, Edges(offsets: fo, targets: ft, costs: fc), Edges(offsets: bo, targets: bt, costs: bc),
                                                    dist: dist, sigma: sigma, delta: delta, settled: settled)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private var teamClosed = false

    /// One direction of the graph's edges, as buffers.
    struct Edges {
        let offsets: UnsafeBufferPointer<Int>
        let targets: UnsafeBufferPointer<Int32>
        let costs: UnsafeBufferPointer<Double>
    }

    private func pass(
        _ sources: [Int], _ forward: Edges, _ backward: Edges, dist: UnsafeMutableBufferPointer<Double>,
        sigma: UnsafeMutableBufferPointer<Double>, delta: UnsafeMutableBufferPointer<Double>, settled: UnsafeMutableBufferPointer<Bool>
    ) {
        var order = self.order
        var sum = self.sum
        var touched = self.touched
        var heap = self.heap
        self.order = []
        self.sum = []
        self.touched = []
        self.heap = EntryHeap()
        defer {
            self.order = order
            self.sum = sum
            self.touched = touched
            self.heap = heap
        }
        for s in sources {
            for v in order {
                dist[v] = .infinity
                sigma[v] = 0
                delta[v] = 0
                settled[v] = false
            }
            order.removeAll(keepingCapacity: true)
            dist[s] = 0
            sigma[s] = 1
            heap.insert(QueueEntry(cost: 0, hops: 0, node: Int32(s)))
            while let top = heap.popMin() {
                let u = Int(top.node)
                if settled[u] { continue }
                settled[u] = true
                order.append(u)
                // The shortest paths into a node are counted as they are found: an equally
                // short one adds its count, a strictly shorter one replaces them (counts are
                // whole numbers, so the order of the additions changes nothing).
                let du = dist[u]
                let paths = sigma[u]
                for e in forward.offsets[u]..<forward.offsets[u + 1] {
                    let v = Int(forward.targets[e])
                    if settled[v] { continue }
                    let c = du + forward.costs[e]
                    let dv = dist[v]
                    if sameCost(c, dv) {
                        sigma[v] += paths
                    } else if c < dv {
                        dist[v] = c
                        sigma[v] = paths
                        heap.insert(QueueEntry(cost: c, hops: 0, node: Int32(v)))
                    }
                }
            }
            for v in order.reversed() where sigma[v] > 0 {
                let share = (1 + delta[v]) / sigma[v]
                let dv = dist[v]
                for e in backward.offsets[v]..<backward.offsets[v + 1] {
                    let w = Int(backward.targets[e])
                    if settled[w] && sameCost(dist[w] + backward.costs[e], dv) { delta[w] += sigma[w] * share }
                }
                if v != s && delta[v] != 0 {
                    if sum[v] == 0 { touched.append(v) }
                    sum[v] += delta[v]
                }
            }
        }
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
