import Foundation
import Testing
@testable import StakemapCharts
import StakemapCore
import StakemapFormats

let previousDay = Day(iso: "2026-10-01") ?? Day(daysSinceEpoch: 0)

/// The bank sample as it was "on 2026-10-01", made by editing a copy of it: Hervé
/// Chevalier was not there yet (he joined), Pierre Garnier, treasurer under Maëlle Roche,
/// was (he left), Hugo Thomas was in Finance under Maëlle Roche (he moved to Risques
/// under Olivier Dubois), Noémie Dubois was neutral (now non-supporter) and Mélanie
/// Lemaire had no role (now sponsor).
func previousBank() throws -> AccountAnalysis {
    let r = AccountLoader.load(path: "\(chartsRoot)/samples/banque-exemple.yaml")
    guard let f = r.file, !r.hasErrors else { throw ChartError("the bank sample does not load") }
    var account = f.account
    account.people.removeAll { $0.id == "herve.chevalier" }
    for k in account.people.indices {
        switch account.people[k].id {
        case "hugo.thomas":
            account.people[k].unit = "Finance"
            account.people[k].reportsTo = "maelle.roche"
        case "noemie.dubois": account.people[k].stance = .neutral
        case "melanie.lemaire": account.people[k].roles = []
        default: break
        }
    }
    account.people.append(
        Person(
            id: "pierre.garnier", name: "Pierre Garnier", title: "Trésorier", unit: "Finance", level: .director,
            reportsTo: "maelle.roche"))
    return try AccountAnalysis(account: account, asOf: previousDay, parameters: account.settings.resolved)
}

/// Options for `view` drawn against the previous bank.
func changesOptions(_ view: ChartView = .org, current: AccountAnalysis) throws -> ChartOptions {
    var o = ChartOptions(view: view)
    o.changes = ChartChanges(previous: try previousBank(), current: current, label: "banque-exemple.yaml, as of 2026-10-01")
    return o
}

extension Diagram {
    func node(_ id: String) -> Node? { nodes.first { $0.id == id } }
    /// The node whose label holds `text`.
    func node(containing text: String) -> Node? { nodes.first { $0.label.contains(text) } }
}

extension Diagram.Node {
    var label: String { attributes.first { $0.0 == "htmllabel" || $0.0 == "label" }?.1 ?? "" }
    func attribute(_ key: String) -> String? { attributes.first { $0.0 == key }?.1 }
}

@Suite struct ChangesChartTests {
    @Test func theOrgChartMarksWhoJoinedMovedChangedAndLeft() throws {
        let a = try analysis("banque-exemple")
        let o = try changesOptions(current: a)
        let d = try ChartBuilder.diagram(a, o)
        func id(_ person: String) throws -> String { "n\(try #require(a.graph.node(person)))" }

        // Moved: an orange border, where from and whom under.
        let hugo = try #require(d.node(try id("hugo.thomas")))
        #expect(hugo.attribute("color") == ChangeMark.moved.colour)
        #expect(hugo.label.contains("moved from Finance") && hugo.label.contains("was under Maëlle Roche"))
        #expect(try #require(hugo.label.range(of: "moved from")).lowerBound < (try #require(hugo.label.range(of: "was under"))).lowerBound)
        // Changed: stance and roles.
        let noemie = try #require(d.node(try id("noemie.dubois")))
        #expect(noemie.attribute("color") == ChangeMark.changed.colour)
        #expect(noemie.label.contains("stance = → −"))
        let melanie = try #require(d.node(try id("melanie.lemaire")))
        #expect(melanie.attribute("color") == ChangeMark.changed.colour)
        #expect(melanie.label.contains("roles +SP"))
        // Joined: Hervé Chevalier is a leaf, drawn in his manager's stack, his row marked.
        let stack = try #require(d.node(containing: "Hervé Chevalier"))
        #expect(stack.id.hasPrefix("s"))
        #expect(stack.label.contains("<B>NEW</B> · joined"))
        #expect(stack.label.contains("BORDER=\"2\" COLOR=\"\(ChangeMark.joined.colour)\"><B>Hervé Chevalier</B>"))
        // Nobody else is marked.
        let marked = d.nodes.filter { [ChangeMark.joined.colour, ChangeMark.moved.colour, ChangeMark.changed.colour].contains($0.attribute("color") ?? "") }
        #expect(Set(marked.map(\.id)) == Set([try id("hugo.thomas"), try id("noemie.dubois"), try id("melanie.lemaire")]))

        // Left: a dashed grey ghost under his old manager, still drawn.
        let previous = try previousBank()
        let ghostId = "g\(try #require(previous.graph.node("pierre.garnier")))"
        let ghost = try #require(d.node(ghostId))
        #expect(ghost.attribute("style") == "rounded,dashed")
        #expect(ghost.attribute("color") == ChangeMark.ghostColour)
        #expect(ghost.label.contains("Pierre Garnier") && ghost.label.contains("Trésorier") && ghost.label.contains("left · no longer listed"))
        let edge = try #require(d.edges.first { $0.to == ghostId })
        #expect(edge.from == (try id("maelle.roche")))
        #expect(edge.attributes.contains { $0 == ("style", "dashed") })
        #expect(d.nodes.filter { $0.id.hasPrefix("g") }.count == 1)

        // The legend and the title name the snapshot.
        let legend = try #require(d.node("legend"))
        #expect(legend.label.contains("Changes since") && legend.label.contains("banque-exemple.yaml, as of 2026-10-01"))
        #expect(d.graphAttributes.contains { $0.0 == "label" && $0.1.contains("changes since banque-exemple.yaml, as of 2026-10-01") })
        #expect(o.changes?.summary == "1 joined, 1 moved, 2 changed, 1 left")

        // It renders without a Graphviz message, the marks readable in the SVG.
        let svg = try GraphvizRenderer.shared.render(d, format: .svg)
        #expect(svg.messages.isEmpty, "\(svg.messages)")
        let texts = try svgTexts(svg.data)
        for text in ["Pierre Garnier", "NEW", "moved from Finance", "was under Maëlle Roche", "stance = → −", "roles +SP", "Changes since"] {
            #expect(texts.contains { $0.contains(text) }, "\(text) is not in the SVG")
        }
    }

    @Test func theInfluenceViewIsMarkedTooAndOtherViewsAreNot() throws {
        let a = try analysis("banque-exemple")
        let influence = try ChartBuilder.diagram(a, try changesOptions(.influence, current: a))
        #expect(influence.node(containing: "Pierre Garnier")?.attribute("style") == "rounded,dashed")
        #expect(influence.node(containing: "moved from Finance") != nil)
        #expect(try GraphvizRenderer.shared.render(influence, format: .svg).messages.isEmpty)
        for view in [ChartView.coverage, .grid] {
            let d = try ChartBuilder.diagram(a, try changesOptions(view, current: a))
            #expect(d.node(containing: "Pierre Garnier") == nil && d.node(containing: "moved from") == nil, "\(view)")
        }
    }

    @Test func anAnonymisedChartMarksChangesWithoutNames() throws {
        let a = try analysis("banque-exemple")
        var o = try changesOptions(current: a)
        o.anonymize = true
        let dot = try ChartBuilder.diagram(a, o).dot()
        for name in ["Pierre Garnier", "Maëlle Roche", "Hervé Chevalier"] { #expect(!dot.contains(name), "\(name)") }
        #expect(dot.contains("Trésorier (left)"))
        #expect(dot.contains("was under Directrice financière #"))
    }

    /// A whole team that left hangs under its manager's ghost; a ghost whose manager is in
    /// no snapshot goes to the top; a chart focused on a subtree draws no ghost outside it.
    @Test func ghostsHangUnderTheirManagersGhostOrAtTheTop() throws {
        let now = [
            Person(id: "ceo", name: "Cécile", roles: [.economicBuyer]),
            Person(id: "cto", name: "Théo", reportsTo: "ceo"),
            Person(id: "dev", name: "Dana", reportsTo: "cto"),
        ]
        let before =
            now + [
                Person(id: "lead", name: "Léa Lead", reportsTo: "ceo"),
                Person(id: "eng", name: "Enzo Eng", reportsTo: "lead"),
                Person(id: "chair", name: "Charles Chair"),
            ]
        let current = try AccountAnalysis(account: Account(info: AccountInfo(name: "Small"), people: now), asOf: asOf, parameters: AnalysisParameters())
        let previous = try AccountAnalysis(
            account: Account(info: AccountInfo(name: "Small"), people: before), asOf: previousDay,
            parameters: AnalysisParameters())
        var o = ChartOptions(view: .org)
        o.changes = ChartChanges(previous: previous, current: current, label: "small.yaml")
        let d = try ChartBuilder.diagram(current, o)
        func ghost(_ id: String) throws -> String { "g\(try #require(previous.graph.node(id)))" }
        let ceo = "n\(try #require(current.graph.node("ceo")))"
        #expect(d.edges.contains { $0.from == ceo && $0.to == (try? ghost("lead")) })
        #expect(d.edges.contains { $0.from == (try? ghost("lead")) && $0.to == (try? ghost("eng")) })
        #expect(d.node(try ghost("chair")) != nil)
        #expect(!d.edges.contains { $0.to == (try? ghost("chair")) })
        #expect(try GraphvizRenderer.shared.render(d, format: .svg).messages.isEmpty)

        o.root = "cto"
        let focused = try ChartBuilder.diagram(current, o)
        #expect(!focused.nodes.contains { $0.id.hasPrefix("g") })
    }

    @Test func theMarkedOrgChartOfTheBankMatchesItsGoldenDOT() throws {
        let a = try analysis("banque-exemple")
        let dot = try ChartBuilder.diagram(a, try changesOptions(current: a)).dot()
        try dot.write(toFile: NSTemporaryDirectory() + "banque-exemple-org-changes.actual.dot", atomically: true, encoding: .utf8)
        guard let url = Bundle.module.url(forResource: "Golden/banque-exemple-org-changes", withExtension: "dot") else {
            Issue.record("golden file missing")
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(dot == golden, "the DOT differs; the new text is in \(NSTemporaryDirectory())banque-exemple-org-changes.actual.dot")
    }

    /// Every page of the book carries the marks of its people; the ghost is on the page
    /// where its old manager's reports are drawn; the legend and every strip name the snapshot.
    @Test func theChartBookDrawsTheChangesOnTheirPages() throws {
        let a = try analysis("banque-exemple")
        let (book, chart, layout) = try printBook(a, try changesOptions(current: a), page: PageSetup(paper: .a4, landscape: true))
        #expect(chart.messages.isEmpty, "\(chart.messages)")
        #expect(chart.zoom >= layout.minimumZoom)
        #expect(book.strip.contains("changes since banque-exemple.yaml, as of 2026-10-01"))
        let maelle = "n\(try #require(a.graph.node("maelle.roche")))"
        let withGhost = book.pages.indices.filter { k in book.pages[k].diagram.nodes.contains { $0.id.hasPrefix("g") } }
        #expect(withGhost.count == 1)
        let k = try #require(withGhost.first)
        #expect(book.pages[k].diagram.edges.contains { $0.from == maelle && $0.to.hasPrefix("g") })
        let pages = try pdfPages(chart.data)
        #expect(pages[k].text.contains("Pierre Garnier"))
        #expect(pages[0].text.contains("Changes since"))
        for (n, p) in pages.prefix(book.pages.count).enumerated() {
            #expect(p.text.contains("changes since"), "p. \(n + 1) has no strip naming the snapshot")
        }
        let text = pages.map(\.text).joined(separator: "\n")
        for mark in ["NEW", "Finance", "stance", "+SP"] { #expect(text.contains(mark), "\(mark)") }
    }

    /// On a generated bank printed as a book, ghosts under managers all over the
    /// organisation land on their manager's page and the pages still fit at the minimum zoom.
    @Test func ghostsAreCountedInThePagesOfALargeBook() throws {
        let a = try generatedBank(people: 300, seed: 3)
        var account = a.account
        let managers = a.account.people.filter { p in a.account.people.contains { $0.reportsTo == p.id } }.map(\.id)
        let step = max(1, managers.count / 12)
        var gone: [String] = []
        for (k, m) in stride(from: 0, to: managers.count, by: step).map({ managers[$0] }).enumerated() {
            for j in 0..<2 {
                let id = "gone.\(k).\(j)"
                gone.append(id)
                account.people.append(Person(id: id, name: "Parti \(k)-\(j) Ancien Collaborateur", title: "Responsable d'études", reportsTo: m))
            }
        }
        let previous = try AccountAnalysis(account: account, asOf: previousDay, parameters: AnalysisParameters())
        var o = ChartOptions(view: .org)
        o.changes = ChartChanges(previous: previous, current: a, label: "before.yaml")
        let layout = BookLayout(page: PageSetup(paper: .a4, landscape: true))
        let book = try ChartBook.plan(a, o, layout: layout, measure: GraphvizRenderer.shared.measure)
        let chart = try GraphvizRenderer.shared.renderBook(book, layout: layout)
        #expect(chart.messages.isEmpty, "\(chart.messages)")
        #expect(chart.zoom >= layout.minimumZoom, "printed at \(chart.zoom)")
        var ghostsDrawn: [String] = []
        for page in book.pages {
            for n in page.diagram.nodes where n.id.hasPrefix("g") {
                ghostsDrawn.append(n.id)
                // Drawn under its old manager, on this page.
                let edge = page.diagram.edges.first { $0.to == n.id }
                let from = try #require(edge?.from)
                #expect(page.diagram.nodes.contains { $0.id == from }, "\(n.id) hangs from \(from), not on its page")
            }
        }
        // Everyone who left: ours, and whoever the generated bank has leave between the two days.
        let left = (o.changes?.changes.changes ?? []).filter { $0.kind == .left }.map(\.subject)
        #expect(Set(gone).isSubset(of: Set(left)))
        let expected = try left.map { "g\(try #require(previous.graph.node($0)))" }.sorted()
        #expect(ghostsDrawn.sorted() == expected, "drawn \(ghostsDrawn.sorted()), expected \(expected)")
        let margin = layout.page.margin
        for (k, p) in try pdfPages(chart.data).enumerated() {
            let outside = p.words.filter {
                $0.minX < margin - 0.5 || $0.minY < margin - 0.5 || $0.maxX > p.width - margin + 0.5 || $0.maxY > p.height - margin + 0.5
            }
            #expect(outside.isEmpty, "p. \(k + 1): \(outside.prefix(5).map(\.text)) in the margins")
        }
    }
}
