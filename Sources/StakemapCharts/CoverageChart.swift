import StakemapCore

/// The coverage map (docs/CHARTS.md, "Views", `coverage`), laid out for its
/// relationships: our colleagues in a column on the left, their people on the right in
/// one box per unit, one line per person filled by coverage, and each relationship a
/// short edge from one of ours to that line (width and label = strength). Units and
/// people are ordered by the colleague who knows them best, and our colleagues by the
/// people they know, so edges run roughly parallel. The hierarchy is not drawn (the org
/// view has it).
///
/// Drawn: the people one of ours knows, the role holders (reached or not: those are the
/// gaps) and the inner circle — within the focus options and `subset`. With
/// `decidersOnly`, the role holders and everyone on our best path to them, each in a box
/// of their own, with the steps of those paths between them (one column a step).
struct CoverageView: ViewBuilder {
    func diagram(_ b: inout Builder) throws(ChartError) -> Diagram { try CoverageChart(b).diagram() }
    /// A person's box, where the view draws one (with the deciders), filled by coverage.
    func fill(_ b: Builder, _ v: Int) -> String { ChartBuilder.coverageFill(b.a.coverage(v), threshold: b.a.parameters.coverageThreshold) }
    var book: BookShape { .units }
    var bookTitle: String { "coverage map" }
}

/// The layout of the coverage map (`CoverageView`).
struct CoverageChart {
    let b: Builder
    init(_ b: Builder) { self.b = b }

    /// One box: a unit and its people in drawing order.
    struct Unit: Equatable {
        var name: String
        var people: [Int]
    }

    /// The layout before Graphviz: our colleagues top to bottom, and the units.
    struct Plan: Equatable {
        var team: [Int]
        var units: [Unit]
        var people: [Int] { units.flatMap(\.people) }
    }

    var g: InfluenceGraph { b.g }

    /// The people drawn, the colleagues drawn, in order.
    /// - Throws: `ChartError` for an unknown id in `subset`.
    func plan() throws(ChartError) -> Plan {
        let shown = try b.shownPeople()
        let holders = Set(b.a.holders.map(\.node))
        var drawn = [Bool](repeating: false, count: g.nodeCount)
        for v in 0..<g.nodeCount where shown[v] && !g.isTeam(v) {
            guard let p = b.a.person(v) else { continue }
            drawn[v] = b.o.decidersOnly || b.isKnown(v) || holders.contains(v) || !p.roles.isEmpty || p.power == .innerCircle
        }
        let people = (0..<g.nodeCount).filter { drawn[$0] }
        // Each person's direct contacts among our team (strongest first).
        let contacts = people.map { b.a.directContacts(of: $0) }
        var team = g.team.filter { t in
            g.forward.range(t).contains { g.forward.kinds[$0] == .relationship && drawn[Int(g.forward.targets[$0])] }
        }
        // Units by name; people in a unit and units ordered by barycentre, alternating
        // with our colleagues' order (a few rounds of the two-layer heuristic).
        var unitOf: [String: [Int]] = [:]
        for (i, v) in people.enumerated() { unitOf[b.a.person(v)?.unit ?? "(no unit)", default: []].append(i) }
        let unitNames = unitOf.keys.sorted()
        var order: [(name: String, people: [Int])] = []
        for _ in 0..<4 {
            var teamPos = [Int: Double]()
            for (i, t) in team.enumerated() { teamPos[t] = Double(i) }
            // A person's key: the position of the colleague who knows them best, then the
            // mean over all who know them; unknown people go last.
            func key(_ i: Int) -> (Double, Double) {
                let c = contacts[i].filter { teamPos[$0.colleague] != nil }
                guard let best = c.first, let bp = teamPos[best.colleague] else { return (.infinity, .infinity) }
                let mean = c.reduce(0) { $0 + (teamPos[$1.colleague] ?? 0) * $1.strength } / c.reduce(0) { $0 + $1.strength }
                return (bp, mean)
            }
            let keys = people.indices.map(key)
            order = unitNames.map { name in
                let members = (unitOf[name] ?? []).sorted { x, y in
                    keys[x] != keys[y] ? keys[x] < keys[y] : b.name(people[x]) != b.name(people[y]) ? b.name(people[x]) < b.name(people[y]) : x < y
                }
                return (name, members)
            }
            func unitKey(_ u: [Int]) -> Double {
                let known = u.map { keys[$0].1 }.filter(\.isFinite)
                return known.isEmpty ? .infinity : known.reduce(0, +) / Double(known.count)
            }
            order.sort { x, y in
                let kx = unitKey(x.people), ky = unitKey(y.people)
                return kx != ky ? kx < ky : x.name < y.name
            }
            // Our colleagues by the mean line of the people they know.
            var line = [Int](repeating: 0, count: people.count)
            for (k, i) in order.flatMap(\.people).enumerated() { line[i] = k }
            var mean: [Int: Double] = [:]
            for t in team {
                var sum = 0.0, n = 0.0
                for (i, c) in contacts.enumerated() where c.contains(where: { $0.colleague == t }) { sum += Double(line[i]); n += 1 }
                mean[t] = n > 0 ? sum / n : .infinity
            }
            let next = team.sorted { x, y in (mean[x] ?? 0) != (mean[y] ?? 0) ? (mean[x] ?? 0) < (mean[y] ?? 0) : x < y }
            if next == team { break }
            team = next
        }
        return Plan(team: team, units: order.map { Unit(name: $0.name, people: $0.people.map { people[$0] }) })
    }

    func unitId(_ k: Int) -> String { "u\(k)" }
    func port(_ v: Int) -> String { "p\(v)" }

    /// One person's line in a unit's box.
    func row(_ v: Int) -> String {
        guard let p = b.a.person(v) else { return "" }
        let c = b.a.coverage(v)
        let fill = ChartBuilder.coverageFill(c, threshold: b.a.parameters.coverageThreshold)
        let title = b.title(v)
        var attrs = "PORT=\"\(port(v))\" ALIGN=\"LEFT\" BGCOLOR=\"\(fill)\"\(b.linkAttributes(v))"
        if p.power == .innerCircle { attrs += " BORDER=\"2\"" }
        if p.placeholder { attrs += " STYLE=\"dashed\"" }
        let name = htmlEscape(b.name(v)) + (p.placeholder ? " (?)" : "")
        return "<TR><TD \(attrs)><B>\(name)</B>\(title.isEmpty ? "" : "  <FONT POINT-SIZE=\"8\">\(htmlEscape(title))</FONT>")"
            + "  <FONT POINT-SIZE=\"8\">\(htmlEscape(b.markers(v)))</FONT></TD></TR>"
    }

    func strengthAttributes(_ s: Double) -> [(String, String)] {
        [
            ("color", "#2166ac"), ("penwidth", String(format: "%.1f", 0.8 + 2.5 * s)), ("label", formatStrength(s)),
            ("fontcolor", "#2166ac"), ("style", s < 0.3 ? "dashed" : "solid"),
        ]
    }

    func diagram() throws(ChartError) -> Diagram {
        let plan = try plan()
        var d = Diagram(name: "stakemap")
        d.graphAttributes = [
            ("fontname", ChartBuilder.font), ("rankdir", "LR"), ("nodesep", "0.1"), ("ranksep", "0.9"),
            ("label", labelEscape("\(b.o.anonymize ? "Account" : b.a.account.info.name) — coverage view, as of \(b.a.asOf)")),
            ("labelloc", "t"), ("fontsize", "16"),
        ]
        d.nodeDefaults = [("shape", "box"), ("fontname", ChartBuilder.font), ("fontsize", "9"), ("margin", "0.06,0.03"), ("color", "#444444")]
        d.edgeDefaults = [("fontname", ChartBuilder.font), ("fontsize", "8"), ("arrowsize", "0.5")]
        var unitOf: [Int: Int] = [:]
        for (k, u) in plan.units.enumerated() { for v in u.people { unitOf[v] = k } }

        for t in plan.team { d.nodes.append(b.teamNode(t)) }
        // With the deciders, the paths are the picture: each person a box of their own,
        // one column a step, so paths read left to right.
        let single = b.o.decidersOnly
        if single {
            for v in plan.people { d.nodes.append(b.personNode(v)) }
        } else {
            for (k, u) in plan.units.enumerated() {
                let header =
                    "<TR><TD BGCOLOR=\"#eeeeee\" ALIGN=\"LEFT\"><B>\(htmlEscape(u.name))</B>  <FONT POINT-SIZE=\"8\">\(GridChart.people(u.people.count))</FONT></TD></TR>"
                d.nodes.append(
                    Diagram.Node(
                        id: unitId(k),
                        attributes: [
                            (
                                "htmllabel",
                                "<TABLE BORDER=\"1\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"1\" COLOR=\"#999999\">\(header)\(u.people.map(row).joined())</TABLE>"
                            ),
                            ("shape", "plain"),
                        ]))
            }
        }
        /// Where an edge to or from person `v` ends: their line in the unit's box, or their box.
        func end(_ v: Int, _ side: String) -> (node: String, port: String?) {
            single ? (b.nodeId(v), nil) : (unitOf[v].map(unitId) ?? b.nodeId(v), "\(port(v)):\(side)")
        }
        // Our relationships, colleague by colleague, in the order of the lines they reach.
        var line: [Int: Int] = [:]
        for (k, v) in plan.people.enumerated() { line[v] = k }
        for t in plan.team {
            var out: [(v: Int, s: Double)] = []
            for e in g.forward.range(t) where g.forward.kinds[e] == .relationship {
                let v = Int(g.forward.targets[e])
                if line[v] != nil { out.append((v, g.forward.strengths[e])) }
            }
            for (v, s) in out.sorted(by: { (line[$0.v] ?? 0) < (line[$1.v] ?? 0) }) {
                let head = end(v, "w")
                d.edges.append(Diagram.Edge(from: "t\(t)", to: head.node, attributes: (head.port.map { [("headport", $0)] } ?? []) + strengthAttributes(s)))
            }
        }
        if single { addPathSteps(&d, drawn: Set(plan.people)) }
        // A unit (or person) nobody reaches stays in the column of their people, not in ours.
        let reached = Set(d.edges.map(\.to))
        if let first = plan.team.first {
            let boxes = single ? plan.people.map(b.nodeId) : plan.units.indices.map(unitId)
            for box in boxes where !reached.contains(box) {
                d.edges.append(Diagram.Edge(from: "t\(first)", to: box, attributes: [("style", "invis")]))
            }
        }
        d.people = plan.people.count
        d.nodes.append(legend())
        // The legend in a column of its own on the right, tied unseen to the last unit.
        if let last = single ? plan.people.last.map(b.nodeId) : plan.units.indices.last.map(unitId) {
            d.edges.append(Diagram.Edge(from: last, to: "legend", attributes: [("style", "invis")]))
        }
        d.ranks.append(Diagram.Rank(kind: "max", nodes: ["legend"]))
        if !plan.team.isEmpty { d.ranks.append(Diagram.Rank(kind: "min", nodes: plan.team.map { "t\($0)" })) }
        return d
    }

    /// The steps of our best path to each role holder between two of their people.
    func addPathSteps(_ d: inout Diagram, drawn: Set<Int>) {
        var seen = Set<Int>()
        for h in b.a.holders {
            guard let nodes = b.a.paths.path(to: h.node) else { continue }
            for (u, v) in zip(nodes, nodes.dropFirst()) where !g.isTeam(u) {
                // Only steps between two people drawn here (a page may hold part of the map).
                guard drawn.contains(u), drawn.contains(v), let e = g.forward.edge(u, v), seen.insert(e).inserted else { continue }
                let s = g.forward.strengths[e]
                d.edges.append(
                    Diagram.Edge(
                        from: b.nodeId(u), to: b.nodeId(v),
                        attributes: strengthAttributes(s).map {
                            $0.0 == "label" ? ("label", "\(g.forward.kinds[e].name) \(formatStrength(s))") : $0
                        }))
            }
        }
    }

    func legend() -> Diagram.Node {
        let t = formatStrength(b.a.parameters.coverageThreshold)
        var swatches: [String] = []
        func row(_ fill: String, _ text: String) {
            swatches.append("<TR><TD BGCOLOR=\"\(fill)\" WIDTH=\"16\" BORDER=\"1\"> </TD><TD ALIGN=\"LEFT\">\(htmlEscape(text))</TD></TR>")
        }
        row("#a6d96a", "coverage ≥ 0.60")
        row("#fee08b", "coverage \(t)–0.60")
        row("#f4a582", "coverage below \(t)")
        row("#ffffff", "not reached")
        row("#c6dbef", "our team")
        let badges = BuyingRole.allCases.map { "\(ChartBuilder.badge($0)) \($0.rawValue)" }
        var notes = stride(from: 0, to: badges.count, by: 3).map { badges[$0..<min($0 + 3, badges.count)].joined(separator: " · ") }
        notes += [
            "stance: ++ mentor, + supporter, = neutral,", "− non-supporter, −− enemy, ? unknown",
            "★ thick border: inner circle", "dashed: holder unknown", "cov: coverage (best path strength)",
            "blue: our relationships (width, label = strength;", "dashed below 0.30)",
        ]
        notes += b.o.decidersOnly ? ["blue between their people: our best path"] : ["boxes: units, ordered by who of ours knows them"]
        let text = notes.map(htmlEscape).joined(separator: "<BR ALIGN=\"LEFT\"/>") + "<BR ALIGN=\"LEFT\"/>"
        let inner = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"1\">\(swatches.joined())</TABLE>"
        return Diagram.Node(
            id: "legend",
            attributes: [
                (
                    "htmllabel",
                    "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"#999999\"><TR><TD ALIGN=\"LEFT\"><B>Legend</B></TD></TR><TR><TD ALIGN=\"LEFT\">\(inner)</TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">\(text)</FONT></TD></TR></TABLE>"
                ),
                ("shape", "plain"),
            ])
    }
}
