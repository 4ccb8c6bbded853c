import CGraphviz
import StakemapCharts
import StakemapCore
import StakemapFormats
import FuzzSupport

/// The chart path: a small account read as YAML (at most 60 people), through the diagram
/// builder of every view to DOT, and that DOT parsed back by Graphviz's own reader
/// (cgraph, no layout: Graphviz 2.42 crashes after many layouts in one process, see
/// docs/CHARTS.md). The DOT must parse, every node must come back with the label it was
/// given, and in the org chart drawn in full every active person's name must be there.
@_cdecl("fuzz_chart_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzChart)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChart(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let file = Fuzz.smallAccount(data, size),
        let a = try? AccountAnalysis(account: file.account, asOf: Fuzz.asOf, parameters: file.account.settings.resolved)
    else { return 0 }
    for view in [ChartView.org, .influence, .coverage, .grid] {
        var options = ChartOptions(view: view)
        options.collapse = false
        options.stackLeaves = false
        guard let diagram = try? ChartBuilder.diagram(a, options) else { continue }
        let dot = diagram.dot()
        sameLabels(diagram, dot, view.rawValue)
        if view == .org {
            for p in file.account.activePeople(asOf: Fuzz.asOf) {
                Fuzz.require(dot.contains(htmlEscape(p.name)), "org chart: \(p.id)'s name '\(p.name)' is missing from the DOT:\n\(dot)")
            }
        }
    }
    if let target = a.holders.first {
        var options = ChartOptions(view: .path)
        options.target = a.account.people[target.person].id
        if let diagram = try? ChartBuilder.diagram(a, options) { sameLabels(diagram, diagram.dot(), "path") }
    }
    return 0
}

/// `dot` parses, and each node of `diagram` comes back with the label it was given.
private func sameLabels(_ diagram: Diagram, _ dot: String, _ view: String) {
    guard let graph = agmemread(dot) else { Fuzz.violated("\(view): the DOT does not parse:\n\(dot)") }
    defer { agclose(graph) }
    for node in diagram.nodes {
        guard let given = node.attributes.last(where: { $0.0 == "label" || $0.0 == "htmllabel" })?.1 else { continue }
        guard let n = node.id.withCString({ agnode(graph, UnsafeMutablePointer(mutating: $0), 0) }) else {
            Fuzz.violated("\(view): node \(node.id) is missing from the parsed DOT:\n\(dot)")
        }
        let label = "label".withCString { agget(UnsafeMutableRawPointer(n), UnsafeMutablePointer(mutating: $0)).map { String(cString: $0) } }
        Fuzz.require(label == given, "\(view): node \(node.id) has the label \(label ?? "none") back, not \(given)")
    }
}
