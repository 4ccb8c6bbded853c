import StakemapCore

/// The path view: the k strongest paths from our team to one person, left to right,
/// the best in black and the others in grey, each line with its kind and strength; the
/// hierarchy between the people on them is drawn faintly, as context.
struct PathView: ViewBuilder {
    /// The person to reach and the people on the paths, nobody else.
    func select(_ b: inout Builder) throws(ChartError) { try b.selectPaths() }

    /// The people on the best path drawn black, those on the others grey; the target
    /// with a double border.
    func personAttributes(_ b: Builder, _ v: Int) -> [(String, String)] {
        var attrs: [(String, String)] = []
        if let k = b.pathNodes[v] { attrs.append(("color", k == 0 ? "#000000" : "#555555")) }
        if b.o.target.flatMap({ b.g.node($0) }) == v { attrs.append(("peripheries", "2")) }
        return attrs
    }

    /// Every person on a path in a box of their own.
    var compacts: Bool { false }
    var leftToRight: Bool { true }
    func addLines(_ b: inout Builder, _ d: inout Diagram, standsFor: [Int]) { b.addPaths(&d) }
    var legendNotes: [String] { ["black: best path; grey: next best"] }
    var book: BookShape { .none }
    var bookTitle: String { "paths" }
}

extension Builder {
    /// Shows the target and the people on the `o.paths` best paths to them.
    mutating func selectPaths() throws(ChartError) {
        let n = g.nodeCount
        guard let t = o.target else { throw ChartError(.target, "the path view needs the person to reach") }
        let target = try resolve(t, .target)
        paths = g.bestPaths(from: g.team, to: target, count: max(1, o.paths), tree: a.paths)
        shown = [Bool](repeating: false, count: n)
        shown[target] = true
        for (k, p) in paths.enumerated() { for v in p.nodes where !g.isTeam(v) { shown[v] = true; if pathNodes[v] == nil { pathNodes[v] = k } } }
    }

    /// The lines of the paths, each drawn once, and our colleagues they start from; a
    /// note when nobody of ours reaches the target.
    func addPaths(_ d: inout Diagram) {
        var sources = Set<Int>()
        var seen = Set<String>()
        let colours = ["#000000", "#555555", "#999999"]
        for (k, p) in paths.enumerated() {
            sources.insert(p.nodes[0])
            for i in 1..<p.nodes.count {
                let u = p.nodes[i - 1], v = p.nodes[i]
                let key = "\(u)>\(v)"
                if seen.contains(key) { continue }
                seen.insert(key)
                guard let e = g.forward.edge(u, v) else { continue }
                let from = g.isTeam(u) ? "t\(u)" : nodeId(u)
                d.edges.append(
                    Diagram.Edge(
                        from: from, to: nodeId(v),
                        attributes: [
                            ("color", colours[min(k, colours.count - 1)]), ("penwidth", k == 0 ? "2.5" : "1.5"),
                            ("label", "\(g.forward.kinds[e].name) \(formatStrength(g.forward.strengths[e]))"),
                        ]))
            }
        }
        for t in sources.sorted() { d.nodes.append(teamNode(t)) }
        // The hierarchy between path nodes is context, not a path: drawn by `build` faintly.
        if paths.isEmpty, let t = o.target.flatMap({ g.node($0) }) {
            d.nodes.append(Diagram.Node(id: "nopath", attributes: [("label", "nobody of ours reaches \(labelEscape(name(t)))"), ("shape", "note")]))
        }
    }
}
