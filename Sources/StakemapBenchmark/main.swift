// stakemap-bench: times each stage of the analysis engine on one account file, in
// process, and prints the times (milliseconds, best of --repeat runs) as JSON for
// bench/compare.py, which runs networkx on the same graph and prints the ratios.
//
//   stakemap-bench FILE [--as-of YYYY-MM-DD] [--repeat N] [--targets N] [--samples N]
import Foundation
import StakemapCore
import StakemapFormats
import StakemapCharts

struct Options {
    var file = ""
    var asOf = Day(iso: "2026-11-01") ?? Day(daysSinceEpoch: 0)
    var repeats = 3
    var targets = 10
    var samples = 100
    /// Time the org chart instead, and write its DOT text here for the `dot` program.
    var chart: String? = nil
}

func parse() -> Options? {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    while let a = args.popFirst() {
        switch a {
        case "--as-of": guard let v = args.popFirst(), let d = Day(iso: v) else { return nil }; o.asOf = d
        case "--repeat": guard let v = args.popFirst(), let n = Int(v), n > 0 else { return nil }; o.repeats = n
        case "--targets": guard let v = args.popFirst(), let n = Int(v), n > 0 else { return nil }; o.targets = n
        case "--samples": guard let v = args.popFirst(), let n = Int(v), n > 0 else { return nil }; o.samples = n
        case "--chart": guard let v = args.popFirst() else { return nil }; o.chart = v
        default: if a.hasPrefix("-") || !o.file.isEmpty { return nil }; o.file = a
        }
    }
    return o.file.isEmpty ? nil : o
}

// The allocator set as the command line sets it: the stages are timed as `stakemap` runs them.
MemoryTuning.request()

guard let options = parse() else {
    FileHandle.standardError.write(Data("usage: stakemap-bench FILE [--as-of YYYY-MM-DD] [--repeat N] [--targets N] [--samples N]\n".utf8))
    exit(64)
}

/// Best wall time of `repeats` runs of `body`, in milliseconds, and its last result.
func time<T>(_ body: () throws -> T) rethrows -> (ms: Double, value: T) {
    var best = Double.infinity
    var value: T? = nil
    for _ in 0..<options.repeats {
        let start = ContinuousClock.now
        let v = try body()
        let d = ContinuousClock.now - start
        best = min(best, Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        value = v
    }
    guard let value else { preconditionFailure("repeats must be positive") }
    return (best, value)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("stakemap-bench: \(message)\n".utf8))
    exit(1)
}

if let dotPath = options.chart {
    // The org chart: diagram, then SVG, PDF and the A4 chart book in process; the DOT goes to `dot` for comparison.
    guard let a = try? OpenAccount.analysis(of: .file(options.file), AnalysisRequest(asOf: options.asOf)) else { fail("\(options.file) does not load") }
    let diagram = time { try? ChartBuilder.diagram(a, ChartOptions(view: .org)) }
    guard let d = diagram.value else { fail("no chart") }
    do { try d.dot().write(toFile: dotPath, atomically: true, encoding: .utf8) } catch { fail("cannot write \(dotPath)") }
    let svg = time { try? GraphvizRenderer.shared.render(d, format: .svg) }
    let pdf = time { try? GraphvizRenderer.shared.render(d, format: .pdf) }
    // The chart book: planned (every page measured by a layout) and printed.
    var layout = BookLayout(page: PageSetup(paper: .a4, landscape: true))
    layout.maximumPages = 10_000
    let book = time { () -> RenderedChart? in
        guard let plan = try? ChartBook.plan(a, ChartOptions(view: .org), layout: layout, measure: GraphvizRenderer.shared.measure) else { return nil }
        return try? GraphvizRenderer.shared.renderBook(plan, layout: layout)
    }
    let result: ResultValue = .object([
        "people": .int(a.graph.nodeCount - a.graph.team.count),
        "pages": .int(book.value?.pages ?? 0),
        "ms": .object(["diagram": .number(diagram.ms), "svg": .number(svg.ms), "pdf": .number(pdf.ms), "pdf_a4_book": .number(book.ms)]),
    ])
    print(result.json(), terminator: "")
    exit(0)
}

let load = time { try? OpenAccount(path: options.file) }
guard let opened = load.value else { fail("\(options.file) does not load; run stakemap validate") }
let file = opened.file
let account = file.account
let parameters = account.settings.resolved
let build = time { InfluenceGraph(account: account, asOf: options.asOf, parameters: parameters, index: file.index) }
let graph = build.value
let coverage = time { graph.strongestPaths(from: graph.team) }
let analysis: AccountAnalysis
do { analysis = try opened.analysis(AnalysisRequest(asOf: options.asOf)) } catch { fail(error.description) }
// Targets: the first role holders in id order that our team reaches.
let targets = analysis.holders.map(\.node).filter { coverage.value.isReached($0) }.prefix(options.targets)
let paths = time { targets.map { graph.bestPaths(from: graph.team, to: $0, count: 3) } }
let path1 = time { targets.map { graph.bestPaths(from: graph.team, to: $0, count: 1) } }
let path5 = time { targets.map { graph.bestPaths(from: graph.team, to: $0, count: 5) } }
let pagerank = time { graph.pageRank() }
let people = graph.nodeCount - graph.team.count
let exact = people <= 2000
let betweenness = time { graph.betweenness(exactUpTo: 2000, samples: options.samples, seed: 1) }
let betweennessOne = time { graph.betweenness(exactUpTo: 2000, samples: options.samples, seed: 1, threads: 1) }
let gaps = time { analysis.gaps() }
let visits = time { analysis.planVisits(count: 5, colleagues: (try? analysis.visitingColleagues([])) ?? graph.team) }
let endToEnd = time { () -> Int in
    guard let a = try? OpenAccount.analysis(of: .file(options.file), AnalysisRequest(asOf: options.asOf)) else { return -1 }
    return a.gaps().count
}

let result: ResultValue = .object([
    "file": .string(options.file),
    "as_of": .string(options.asOf.description),
    "people": .int(people),
    "team": .int(graph.team.count),
    "edges": .int(graph.edgeCount),
    "targets": .strings(targets.map { graph.ids[$0] }),
    "betweenness_sources": exact ? .null : .int(options.samples),
    "betweenness_source_ids": .strings(betweenness.value.sources.map { graph.ids[$0] }),
    "threads": .int(ProcessInfo.processInfo.activeProcessorCount),
    "pagerank_iterations": .int(pagerank.value.iterations),
    "gaps": .int(gaps.value.count),
    "ms": .object([
        "load": .number(load.ms), "build": .number(build.ms), "coverage": .number(coverage.ms),
        "paths": .number(paths.ms), "path1": .number(path1.ms), "path5": .number(path5.ms), "pagerank": .number(pagerank.ms),
        "betweenness": .number(betweenness.ms), "betweenness_one_thread": .number(betweennessOne.ms),
        "gaps": .number(gaps.ms), "visits": .number(visits.ms), "end_to_end_gaps": .number(endToEnd.ms),
    ]),
    "peak_rss_mb": .number(Trace.peakMegabytes()),
])
print(result.json(), terminator: "")
