import Foundation
import Testing
@testable import StakemapCharts
import StakemapCore
import StakemapFormats
#if canImport(FoundationXML)
    import FoundationXML
#endif

let chartsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let asOf = Day(iso: "2026-11-27") ?? Day(daysSinceEpoch: 0)

func analysis(_ sample: String) throws -> AccountAnalysis {
    let r = AccountLoader.load(path: "\(chartsRoot)/samples/\(sample).yaml")
    guard let f = r.file, !r.hasErrors else { throw ChartError("sample \(sample) does not load") }
    return try AccountAnalysis(account: f.account, asOf: asOf, parameters: f.account.settings.resolved, index: f.index)
}

/// The analysis of a generated bank of `people` people.
func generatedBank(people: Int, seed: UInt64) throws -> AccountAnalysis {
    let out = OrganisationGenerator(people: people, seed: seed, sector: .banking, asOf: asOf, name: "Banque Démo").generate()
    return try AccountAnalysis(account: out.account, asOf: asOf, parameters: AnalysisParameters())
}

func options(_ view: ChartView, target: String? = nil) -> ChartOptions {
    var o = ChartOptions(view: view)
    o.target = target
    return o
}

/// Compares `dot` with the golden file `Golden/NAME.dot`; on a difference the new text is
/// written beside the temporary files, to inspect and copy over when the change is meant.
func expectGolden(_ dot: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    guard let url = Bundle.module.url(forResource: "Golden/\(name)", withExtension: "dot") else {
        Issue.record("golden file \(name).dot missing", sourceLocation: sourceLocation)
        return
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    let actual = NSTemporaryDirectory() + "\(name).actual.dot"
    if dot != golden { try dot.write(toFile: actual, atomically: true, encoding: .utf8) }
    #expect(dot == golden, "the DOT differs from \(name).dot; the new text is in \(actual)", sourceLocation: sourceLocation)
}

/// Every text run of an SVG document, in order.
func svgTexts(_ data: [UInt8]) throws -> [String] {
    let doc = try XMLDocument(data: Data(data))
    return try doc.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
}

@Suite struct ChartTests {
    static let samples = ["banque-exemple", "mutuelle-horizon", "maison-lumiere"]
    static let targets = ["banque-exemple": "julie.dufour", "mutuelle-horizon": "geraldine.gauthier", "maison-lumiere": "agnes.renaud"]

    @Test(arguments: samples)
    func everyViewRendersEverySampleWithoutAGraphvizMessage(sample: String) throws {
        let a = try analysis(sample)
        let target = a.holders.first.map { a.graph.ids[$0.node] }
        for view in ChartView.allCases {
            let d = try ChartBuilder.diagram(a, options(view, target: target))
            for format in [ChartFormat.svg, .png, .pdf] {
                let chart = try GraphvizRenderer.shared.render(d, format: format)
                #expect(chart.messages.isEmpty, "\(sample) \(view) \(format): \(chart.messages)")
                #expect(chart.data.count > 1000)
            }
        }
    }

    @Test func theOrgChartOfTheBankMatchesItsGoldenDOT() throws {
        let a = try analysis("banque-exemple")
        try expectGolden(try ChartBuilder.diagram(a, options(.org)).dot(), "banque-exemple-org")
    }

    @Test func oddNamesAppearExactlyAsWrittenInTheSVG() throws {
        let names = ["Zoé \"la Boss\" <Dupont>", "A & B \\ C", "Œdipe Lefèvre 🦊", "Two\nLines", "<script>alert(1)</script>", "-- & ; {}"]
        let people = names.enumerated().map { i, n in
            // All in the inner circle, so that the coverage map draws them too.
            Person(
                id: "p\(i)", name: n, title: "Titre <\(i)> & \"co\"", reportsTo: i == 0 ? nil : "p0", roles: i == 1 ? [.economicBuyer] : [],
                power: .innerCircle)
        }
        let account = Account(
            info: AccountInfo(name: "Acme \"<&>\""), team: [TeamMember(id: "t", name: "Théo <Ours>")], people: people,
            relationships: [Relationship(ours: "t", theirs: "p1", strength: 0.9)])
        let a = try AccountAnalysis(account: account, asOf: asOf, parameters: AnalysisParameters())
        for view in [ChartView.org, .coverage, .influence] {
            var o = options(view)
            o.stackLeaves = view != .org
            let chart = try GraphvizRenderer.shared.render(try ChartBuilder.diagram(a, o), format: .svg)
            #expect(chart.messages.isEmpty, "\(view): \(chart.messages)")
            let texts = try svgTexts(chart.data)
            for name in names {
                for line in name.split(separator: "\n") {
                    #expect(texts.contains { $0.contains(line) }, "\(view): '\(line)' missing from \(texts)")
                }
            }
            #expect(texts.contains { $0.contains("Acme \"<&>\"") })
            #expect(texts.contains { $0.contains("Titre <2> & \"co\"") })
        }
        // The DOT text of the same chart reads back in the dot program's grammar: quotes stay inside strings.
        let dot = try ChartBuilder.diagram(a, options(.org)).dot()
        #expect(dot.contains("label=\"Acme \\\"<&amp;>\\\""))
    }

    @Test func compactLayoutStacksLeavesAndCollapsesQuietSubtrees() throws {
        let a = try generatedBank(people: 300, seed: 3)
        var naive = ChartOptions(view: .org)
        naive.stackLeaves = false
        naive.collapse = false
        let wide = try GraphvizRenderer.shared.render(try ChartBuilder.diagram(a, naive), format: .svg)
        let compact = try GraphvizRenderer.shared.render(try ChartBuilder.diagram(a, ChartOptions(view: .org)), format: .svg)
        #expect(compact.width * 3 < wide.width, "compact \(compact.width) pt vs naive \(wide.width) pt")
        let d = try ChartBuilder.diagram(a, ChartOptions(view: .org))
        #expect(d.nodes.contains { $0.id.hasPrefix("c") })  // "+N people"
        #expect(d.nodes.contains { $0.id.hasPrefix("s") })  // stacks
    }

    /// A browser's fold and unfold: `folded` puts a manager's reports in one box whoever they
    /// are, `opened` draws the reports a large chart would fold; `personLink` and `openLink`
    /// make every box, row and "+N people" box a link.
    @Test func foldedAndOpenedSubtreesAndLinks() throws {
        let bank = try analysis("banque-exemple")
        var o = ChartOptions(view: .org)
        o.stackLeaves = false
        let all = try ChartBuilder.diagram(bank, o)
        o.folded = ["noemie.dubois"]
        let folded = try ChartBuilder.diagram(bank, o)
        // Her reports and everyone below them are one "+N people" box under her.
        let below = bank.account.people.filter { p in
            var m = p.reportsTo
            while let up = m {
                if up == "noemie.dubois" { return true }
                m = bank.account.people.first { $0.id == up }?.reportsTo
            }
            return false
        }.count
        #expect(below > 3)
        #expect(folded.people == all.people - below, "\(folded.people) drawn of \(all.people), \(below) below her")
        #expect(folded.dot().contains("label=\"+\(below) people"))
        o.folded = ["nobody.at.all"]
        #expect(try ChartBuilder.diagram(bank, o).people == all.people, "an id the account lacks is passed over")

        // A large chart folds quiet subtrees; opening a manager draws their reports.
        let big = try generatedBank(people: 400, seed: 3)
        var b = ChartOptions(view: .org)
        let quiet = try ChartBuilder.diagram(big, b)
        let fold = try #require(quiet.nodes.first { $0.id.hasPrefix("c") })
        let manager = try #require(Int(fold.id.dropFirst()).flatMap { big.person($0)?.id })
        b.opened = [manager]
        let opened = try ChartBuilder.diagram(big, b)
        #expect(opened.people > quiet.people)
        #expect(!opened.nodes.contains { $0.id == fold.id })

        // Links: every person drawn, in a box or a stack's row, and every "+N people" box.
        b.opened = []
        b.personLink = "?person="
        b.openLink = "?open="
        let linked = try ChartBuilder.diagram(big, b).dot()
        #expect(linked.contains("URL=\"?open=\(manager)\""))
        let svg = String(decoding: try GraphvizRenderer.shared.render(try ChartBuilder.diagram(big, b), format: .svg).data, as: UTF8.self)
        let links = Set(svg.components(separatedBy: "xlink:href=\"?person=").dropFirst().map { $0.prefix { $0 != "\"" } })
        #expect(links.count == quiet.people, "\(links.count) people linked, \(quiet.people) drawn")
        #expect(!(try ChartBuilder.diagram(big, ChartOptions(view: .org)).dot().contains("URL=")), "no links unless asked")
    }

    @Test func focusOptionsSelectTheRightPeopleAndRejectUnknownIds() throws {
        let a = try analysis("banque-exemple")
        var o = ChartOptions(view: .org)
        o.root = "noemie.dubois"
        o.depth = 1
        o.stackLeaves = false
        let d = try ChartBuilder.diagram(a, o)
        let drawn = Set(
            d.nodes.compactMap { n -> String? in
                guard n.id.hasPrefix("n"), let v = Int(n.id.dropFirst()) else { return nil }
                return a.graph.ids[v]
            })
        let reports = Set(a.account.people.filter { $0.reportsTo == "noemie.dubois" && $0.isActive(asOf: asOf) }.map(\.id))
        #expect(drawn == reports.union(["noemie.dubois"]))
        o.root = "noemie.dubios"
        #expect(throws: ChartError(.root, "unknown person 'noemie.dubios' — did you mean 'noemie.dubois'?")) { try ChartBuilder.diagram(a, o) }
        do { _ = try ChartBuilder.diagram(a, o) } catch {
            #expect(error.option == .root)
            #expect(error.message == "root: unknown person 'noemie.dubios' — did you mean 'noemie.dubois'?")
            #expect(error.message(option: { "--\($0)" }) == "--root: unknown person 'noemie.dubios' — did you mean 'noemie.dubois'?")
        }
    }

    /// A depth limit says how many people it leaves out under each person at the cut.
    @Test func aDepthLimitCountsThePeopleItLeavesOut() throws {
        let a = try analysis("banque-exemple")
        var o = ChartOptions(view: .org)
        o.root = "manon.dupont"
        o.depth = 1
        let dot = try ChartBuilder.diagram(a, o).dot()
        let active = a.account.people.filter { $0.isActive(asOf: asOf) }
        func below(_ id: String) -> Int {
            let reports = active.filter { $0.reportsTo == id }.map(\.id)
            return reports.count + reports.map(below).reduce(0, +)
        }
        let cut = active.filter { $0.reportsTo == "manon.dupont" }.map(\.id)
        #expect(cut.contains { below($0) > 0 })
        for id in cut where below(id) > 0 { #expect(dot.contains("+\(below(id)) below"), "\(id): +\(below(id)) below") }
        #expect(!dot.contains("+\(below("manon.dupont")) below"))  // the root is not at the cut
    }

    /// The deciders view draws exactly the role holders and the people on our best path to each.
    @Test func theDecidersViewDrawsTheHoldersAndOurPathsToThem() throws {
        let a = try generatedBank(people: 2000, seed: 5)
        var o = ChartOptions(view: .coverage)
        o.decidersOnly = true
        o.stackLeaves = false
        o.collapse = false
        let d = try ChartBuilder.diagram(a, o)
        let drawn = Set(coveragePeople(a, d).compactMap { a.graph.node($0) })
        var expected = Set<Int>()
        for h in a.holders {
            expected.insert(h.node)
            for v in a.paths.path(to: h.node) ?? [] where !a.graph.isTeam(v) { expected.insert(v) }
        }
        #expect(!a.holders.isEmpty)
        #expect(drawn == expected)
        // Every step of those paths is drawn as its own edge (the hierarchy is not drawn).
        let edges = Set(coverageLinks(a, d))
        for h in a.holders {
            guard let p = a.paths.path(to: h.node) else { continue }
            for (u, v) in zip(p, p.dropFirst()) {
                #expect(edges.contains("\(a.graph.ids[u])>\(a.graph.ids[v])"), "\(a.graph.ids[u]) → \(a.graph.ids[v])")
            }
        }
        #expect(try GraphvizRenderer.shared.render(d, format: .svg).messages.isEmpty)
    }

    @Test func pagesAreFittedAndHugeBitmapsRefused() throws {
        let a = try analysis("maison-lumiere")
        let d = try ChartBuilder.diagram(a, ChartOptions(view: .org))
        let pdf = try GraphvizRenderer.shared.render(d, format: .pdf, page: PageSetup(paper: .a4, landscape: true))
        let text = String(decoding: pdf.data, as: UTF8.self)
        #expect(text.contains("/MediaBox [ 0 0 842 595 ]"))
        #expect(throws: GraphvizError.self) { try GraphvizRenderer.shared.render(d, format: .png, dpi: 600) }
    }
}
