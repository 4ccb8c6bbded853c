import Foundation
import Testing
@testable import StakemapCharts
import StakemapCore
import StakemapFormats

/// Edge crossings of a laid-out chart, from Graphviz's JSON output: every visible edge's
/// spline (`pos`, cubic Bézier control points) is sampled into a polyline and every
/// proper intersection of two edges' polylines counts once. Where two edges share an end
/// node, intersections within 6 pt of their ends are where they leave the same box, not
/// crossings. With `colour`, only the edges drawn in it. O(E² · S²) for E edges of S
/// segments: fine for charts of a few hundred edges.
func edgeCrossings(_ json: [UInt8], colour: String? = nil) throws -> Int {
    guard let root = try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else { return 0 }
    struct Line { var tail: Int; var head: Int; var points: [(Double, Double)] }
    var lines: [Line] = []
    for e in root["edges"] as? [[String: Any]] ?? [] {
        if (e["style"] as? String)?.contains("invis") == true { continue }
        if let colour, e["color"] as? String != colour { continue }
        guard let pos = e["pos"] as? String, let tail = e["tail"] as? Int, let head = e["head"] as? Int else { continue }
        let control = pos.split(separator: " ").filter { !$0.hasPrefix("e,") && !$0.hasPrefix("s,") }.compactMap { token -> (Double, Double)? in
            let xy = token.split(separator: ",").compactMap { Double($0) }
            return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
        guard let first = control.first else { continue }
        var points = [first]
        var i = 1
        while i + 2 < control.count {
            let (p0, p1, p2, p3) = (control[i - 1], control[i], control[i + 1], control[i + 2])
            for k in 1...8 {
                let t = Double(k) / 8, u = 1 - t
                let a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t
                points.append((a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0, a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1))
            }
            i += 3
        }
        lines.append(Line(tail: tail, head: head, points: points))
    }
    func cross(_ p: (Double, Double), _ q: (Double, Double), _ r: (Double, Double), _ s: (Double, Double)) -> (Double, Double)? {
        func orient(_ a: (Double, Double), _ b: (Double, Double), _ c: (Double, Double)) -> Double {
            (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
        }
        let d1 = orient(r, s, p), d2 = orient(r, s, q), d3 = orient(p, q, r), d4 = orient(p, q, s)
        // Half-open: a crossing through a sampled point counts once, not zero or twice.
        guard (d1 > 0) != (d2 > 0), (d3 > 0) != (d4 > 0), d1 != d2 else { return nil }
        let t = d1 / (d1 - d2)
        return (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
    }
    func near(_ x: (Double, Double), _ y: (Double, Double)) -> Bool { abs(x.0 - y.0) < 6 && abs(x.1 - y.1) < 6 }
    var count = 0
    for i in lines.indices {
        for j in lines.indices where j > i {
            let a = lines[i], b = lines[j]
            let shared = Set([a.tail, a.head]).intersection([b.tail, b.head]).isEmpty == false
            let ends = [a.points.first, a.points.last, b.points.first, b.points.last].compactMap { $0 }
            for s in 1..<a.points.count {
                for t in 1..<b.points.count {
                    guard let x = cross(a.points[s - 1], a.points[s], b.points[t - 1], b.points[t]) else { continue }
                    if shared && ends.contains(where: { near($0, x) }) { continue }
                    count += 1
                }
            }
        }
    }
    return count
}

/// The people a coverage diagram draws (their lines' ports, or their own boxes), by id.
func coveragePeople(_ a: AccountAnalysis, _ d: Diagram) -> [String] {
    var out: [String] = []
    for n in d.nodes where n.id.hasPrefix("n") {
        if let v = Int(n.id.dropFirst()) { out.append(a.graph.ids[v]) }
    }
    for n in d.nodes where n.id.hasPrefix("u") {
        for (k, v) in n.attributes where k == "htmllabel" {
            for part in v.components(separatedBy: "PORT=\"p").dropFirst() {
                if let v = Int(part.prefix { $0.isNumber }) { out.append(a.graph.ids[v]) }
            }
        }
    }
    return out
}

/// The person a coverage edge's end stands for: its port's node, or the node itself.
func coverageEnd(_ a: AccountAnalysis, node: String, port: String?) -> String? {
    if let port, port.hasPrefix("p"), let v = Int(port.dropFirst().prefix { $0.isNumber }) { return a.graph.ids[v] }
    if node.hasPrefix("t") || node.hasPrefix("n"), let v = Int(node.dropFirst()) { return a.graph.ids[v] }
    return nil
}

/// Every edge of a coverage diagram as "from>to" ids.
func coverageLinks(_ a: AccountAnalysis, _ d: Diagram) -> [String] {
    d.edges.compactMap { e in
        guard !e.attributes.contains(where: { $0 == ("style", "invis") }),
            let from = coverageEnd(a, node: e.from, port: e.attributes.first { $0.0 == "tailport" }?.1),
            let to = coverageEnd(a, node: e.to, port: e.attributes.first { $0.0 == "headport" }?.1)
        else { return nil }
        return "\(from)>\(to)"
    }
}

@Suite struct CoverageChartTests {
    /// Drawn: whom one of ours knows, the role holders (reached or not) and the inner
    /// circle; every relationship to them is an edge labelled with its strength.
    @Test func theBankMapDrawsWhomWeKnowTheRoleHoldersAndTheInnerCircle() throws {
        let a = try analysis("banque-exemple")
        let d = try ChartBuilder.diagram(a, ChartOptions(view: .coverage))
        let drawn = coveragePeople(a, d)
        let active = a.account.people.filter { $0.isActive(asOf: asOf) }
        let known = Set(a.account.relationships.map(\.theirs))
        let expected = active.filter { known.contains($0.id) || !$0.roles.isEmpty || $0.power == .innerCircle }.map(\.id)
        #expect(drawn.sorted() == expected.sorted())
        #expect(Set(drawn).count == drawn.count)
        #expect(drawn.contains("valerie.cremieux"))  // inner circle, nobody of ours knows her
        #expect(drawn.contains("placeholder.controller"))  // a role with no known holder: a gap
        #expect(!drawn.contains("thomas.ndiaye"))  // no role, not known, not inner circle
        // Every relationship, once, with its strength.
        let links = coverageLinks(a, d)
        var expectedLinks: [String] = []
        for t in a.graph.team {
            for e in a.graph.forward.range(t) where a.graph.forward.kinds[e] == .relationship {
                expectedLinks.append("\(a.graph.ids[t])>\(a.graph.ids[Int(a.graph.forward.targets[e])])")
            }
        }
        #expect(expectedLinks.count == a.account.relationships.count)
        #expect(links.sorted() == expectedLinks.sorted())
        let marion = try #require(
            d.edges.first {
                $0.attributes.contains { $0 == ("headport", "p\(a.graph.node("manon.legall") ?? -1):w") } && $0.from == "t\(a.graph.node("our.delivery") ?? -1)"
            })
        #expect(marion.attributes.contains { $0.0 == "label" && $0.1.hasPrefix("0.") })
        // People of one unit are in one box, titled with the unit.
        for n in d.nodes where n.id.hasPrefix("u") {
            let label = n.attributes.first { $0.0 == "htmllabel" }?.1 ?? ""
            let ids = coveragePeople(a, Diagram(nodes: [n]))
            let units = Set(ids.compactMap { id in active.first { $0.id == id }?.unit })
            #expect(units.count == 1)
            if let unit = units.first { #expect(label.contains("<B>\(htmlEscape(unit))</B>")) }
        }
    }

    /// The bank's map fits an A4 landscape page at 70 % or more inside 36 pt margins.
    @Test func theBankMapFitsOneLandscapePage() throws {
        let a = try analysis("banque-exemple")
        let pdf = try printBook(a, ChartOptions(view: .coverage), page: PageSetup(paper: .a4, landscape: true)).chart
        #expect(pdf.messages.isEmpty)
        #expect(pdf.pages == 1)
        #expect(pdf.zoom >= 0.7, "\(pdf.width) × \(pdf.height) pt at \(pdf.zoom)")
        #expect(pdf.width <= 1100 && pdf.height <= 745, "\(pdf.width) × \(pdf.height) pt")
        #expect(String(decoding: pdf.data, as: UTF8.self).contains("/MediaBox [ 0 0 842 595 ]"))
    }

    /// Far fewer edge crossings than the hierarchy with our team on top, on the bank and
    /// on a generated 300-person bank.
    /// Drawn over the hierarchy with our team on top (the design before this layout), the
    /// bank's coverage map had 264 edge crossings (120 between relationships) and the
    /// generated 300-person bank's 331 (178); laid out for the relationships, 11 and 7.
    @Test(arguments: [("banque-exemple", 15), ("generated-300", 12)])
    func relationshipsCrossLittle(sample: String, most: Int) throws {
        let a = sample == "generated-300" ? try generatedBank(people: 300, seed: 3) : try analysis(sample)
        let chart = try GraphvizRenderer.shared.render(try ChartBuilder.diagram(a, ChartOptions(view: .coverage)), format: .json)
        let crossings = try edgeCrossings(chart.data)
        #expect(chart.messages.isEmpty)
        #expect(crossings <= most, "\(sample): \(crossings) edge crossings")
        #expect(try edgeCrossings(chart.data, colour: "#2166ac") <= crossings)
    }

    /// The counter itself, on Graphviz-shaped JSON whose crossings are known.
    @Test func theCrossingCounterCountsKnownCrossings() throws {
        // A straight cubic from p to q, as Graphviz writes an edge's `pos`.
        func edge(_ tail: Int, _ head: Int, _ p: (Double, Double), _ q: (Double, Double), style: String? = nil) -> String {
            let c1 = (p.0 + (q.0 - p.0) / 3, p.1 + (q.1 - p.1) / 3), c2 = (p.0 + 2 * (q.0 - p.0) / 3, p.1 + 2 * (q.1 - p.1) / 3)
            let pos = "e,\(q.0),\(q.1) \(p.0),\(p.1) \(c1.0),\(c1.1) \(c2.0),\(c2.1) \(q.0),\(q.1)"
            return "{\"tail\": \(tail), \"head\": \(head), \"pos\": \"\(pos)\"\(style.map { ", \"style\": \"\($0)\"" } ?? "")}"
        }
        func count(_ edges: [String]) throws -> Int { try edgeCrossings(Array("{\"edges\": [\(edges.joined(separator: ","))]}".utf8)) }
        // An X: two edges between four nodes cross once.
        #expect(try count([edge(0, 3, (0, 0), (100, 100)), edge(1, 2, (0, 100), (100, 0))]) == 1)
        // Parallel edges never cross.
        #expect(try count([edge(0, 2, (0, 0), (100, 0)), edge(1, 3, (0, 50), (100, 50))]) == 0)
        // A fan from one node: touching where they leave it is not a crossing.
        #expect(try count([edge(0, 1, (0, 0), (100, 50)), edge(0, 2, (0, 0), (100, -50)), edge(0, 3, (0, 0), (100, 0))]) == 0)
        // Three edges over one: three crossings; an invisible edge does not count.
        let over = [
            edge(0, 1, (0, 50), (300, 50)), edge(2, 3, (50, 0), (50, 100)), edge(4, 5, (150, 0), (150, 100)),
            edge(6, 7, (250, 100), (250, 0)), edge(8, 9, (200, 0), (200, 100), style: "invis"),
        ]
        #expect(try count(over) == 3)
    }

    @Test func aSubsetDrawsOnlyThosePeopleAndTheColleaguesWhoKnowThem() throws {
        let a = try analysis("banque-exemple")
        var o = ChartOptions(view: .coverage)
        o.subset = a.account.people.filter { $0.unit == "Risques" && $0.isActive(asOf: asOf) }.map(\.id)
        let d = try ChartBuilder.diagram(a, o)
        let drawn = coveragePeople(a, d)
        #expect(drawn.sorted() == ["manon.legall", "marion.rousseau", "olivier.dubois"])
        #expect(d.nodes.filter { $0.id.hasPrefix("u") }.count == 1)
        let team = d.nodes.filter { $0.id.hasPrefix("t") }.compactMap { Int($0.id.dropFirst()) }.map { a.graph.ids[$0] }
        #expect(team.sorted() == ["our.am", "our.c1", "our.delivery"])
        #expect(try GraphvizRenderer.shared.render(d, format: .svg).messages.isEmpty)
    }

    /// A generated 300-person bank follows the same rule and stays small.
    @Test func aLargeBankDrawsTheSameRule() throws {
        let a = try generatedBank(people: 300, seed: 3)
        let d = try ChartBuilder.diagram(a, ChartOptions(view: .coverage))
        let drawn = Set(coveragePeople(a, d))
        let known = Set(a.account.relationships.map(\.theirs))
        let expected = Set(
            a.account.people.filter { $0.isActive(asOf: asOf) && (known.contains($0.id) || !$0.roles.isEmpty || $0.power == .innerCircle) }.map(\.id))
        #expect(drawn == expected)
        #expect(drawn.count < 60)
        #expect(coverageLinks(a, d).count == a.account.relationships.filter { drawn.contains($0.theirs) }.count)
    }

    @Test func theCoverageMapOfTheBankMatchesItsGoldenDOT() throws {
        let a = try analysis("banque-exemple")
        try expectGolden(try ChartBuilder.diagram(a, ChartOptions(view: .coverage)).dot(), "banque-exemple-coverage")
    }
}
