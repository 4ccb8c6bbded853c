import Foundation
import Testing
@testable import StakemapCharts
import StakemapCore
import StakemapFormats

/// The cells of the political grid of `a`, by (power, stance).
func gridCells(_ a: AccountAnalysis, _ o: ChartOptions = ChartOptions(view: .grid)) throws -> [GridChart.Cell] {
    var b = Builder(a, o)
    try b.select()
    return try GridChart(b).cells()
}

@Suite struct GridChartTests {
    /// Who is in which cell, for people of the bank sample whose power and stance are known.
    @Test func theBankPutsEachPersonInTheCellOfTheirPowerAndStance() throws {
        let a = try analysis("banque-exemple")
        let cells = try gridCells(a)
        #expect(cells.count == 24)
        func cell(of id: String) -> String? {
            guard let v = a.graph.node(id), let c = cells.first(where: { $0.people.contains(v) }) else { return nil }
            return "\(c.power.rawValue)/\(c.stance.rawValue)"
        }
        #expect(cell(of: "maelle.roche") == "inner-circle/enemy")
        #expect(cell(of: "noemie.dubois") == "inner-circle/non-supporter")
        #expect(cell(of: "melanie.lemaire") == "inner-circle/neutral")
        #expect(cell(of: "manon.dupont") == "inner-circle/unknown")
        #expect(cell(of: "valerie.meunier") == "political-structure/non-supporter")
        #expect(cell(of: "clement.nguyen") == "political-structure/neutral")
        #expect(cell(of: "nicolas.meunier") == "unknown/mentor")
        #expect(cell(of: "aurelien.morin") == "unknown/supporter")
        #expect(cell(of: "cecile.brechet") == "unknown/non-supporter")
        #expect(cell(of: "julie.bonnet") == nil)  // left in August
        // Everyone active exactly once, nobody counted instead of drawn (60 people).
        let active = a.account.people.filter { $0.isActive(asOf: asOf) }
        let drawn = cells.flatMap(\.people)
        #expect(drawn.count == active.count && Set(drawn).count == active.count)
        #expect(cells.allSatisfy { $0.others == 0 })
        // The cells where deals are lost: the four powerful-and-against-us cells.
        #expect(
            cells.filter(\.isZone).map { "\($0.power.rawValue)/\($0.stance.rawValue)" }
                == ["inner-circle/enemy", "inner-circle/non-supporter", "political-structure/enemy", "political-structure/non-supporter"])
        // Names and coverage reach the chart, escaped.
        let dot = try ChartBuilder.diagram(a, ChartOptions(view: .grid)).dot()
        #expect(dot.contains("<B>Maëlle Roche</B>"))
        #expect(dot.contains("Directrice financ…"))  // titles cut at 18 characters
        #expect(dot.contains(">0.40</FONT>"))
    }

    /// Powerful, against us and covered below the threshold: the person and their cell
    /// are drawn red, and nobody else is.
    @Test func thePeopleWhoLoseDealsStandOut() throws {
        let base = try analysis("banque-exemple")
        var parameters = base.parameters
        parameters.coverageThreshold = 0.5
        let a = try AccountAnalysis(account: base.account, asOf: asOf, parameters: parameters)
        let chart = GridChart(Builder(a, ChartOptions(view: .grid)))
        let maelle = try #require(a.graph.node("maelle.roche"))
        let noemie = try #require(a.graph.node("noemie.dubois"))
        #expect(a.coverage(maelle) < 0.5 && a.coverage(noemie) >= 0.5)
        #expect(chart.isAtRisk(maelle))
        #expect(!chart.isAtRisk(noemie))  // covered above the threshold
        let atRisk = (0..<a.graph.nodeCount).filter { chart.isAtRisk($0) }.map { a.graph.ids[$0] }
        #expect(atRisk == ["maelle.roche"])
        let cells = try gridCells(a)
        #expect(cells.filter { $0.atRisk > 0 }.map { "\($0.power.rawValue)/\($0.stance.rawValue)" } == ["inner-circle/enemy"])
        let dot = try ChartBuilder.diagram(a, ChartOptions(view: .grid)).dot()
        #expect(dot.components(separatedBy: "BORDER=\"3\" COLOR=\"\(GridChart.riskColour)\"").count - 1 == 1)  // the cell
        #expect(dot.components(separatedBy: "BORDER=\"2\" COLOR=\"\(GridChart.riskColour)\"").count - 1 == 2)  // her box, the legend's
        #expect(dot.contains("<B>⚠ Maëlle Roche</B>"))
        // With the default threshold (0.30) nobody in the bank is at risk.
        #expect(!(try ChartBuilder.diagram(base, ChartOptions(view: .grid)).dot().contains("BORDER=\"3\"")))
    }

    /// Above 100 people only the role holders and the inner circle are drawn by name;
    /// every cell counts the others, and the counts add up.
    @Test func aLargeAccountDrawsTheKeyPeopleAndCountsTheOthers() throws {
        let a = try generatedBank(people: 300, seed: 3)
        let cells = try gridCells(a)
        let people = (0..<a.graph.nodeCount).filter { !a.graph.isTeam($0) }
        let key = people.filter { v in a.person(v).map { !$0.roles.isEmpty || $0.power == .innerCircle } ?? false }
        #expect(people.count > 100)
        #expect(cells.flatMap(\.people).sorted() == key)
        #expect(cells.reduce(0) { $0 + $1.count } == people.count)
        for c in cells {
            let inCell = people.filter { a.person($0)?.power == c.power && a.person($0)?.stance == c.stance }
            #expect(c.count == inCell.count, "\(c.power) \(c.stance)")
        }
        let dot = try ChartBuilder.diagram(a, ChartOptions(view: .grid)).dot()
        let counted = cells.filter { $0.others > 0 }
        #expect(!counted.isEmpty)
        for c in counted { #expect(dot.contains("+\(c.others) other\(c.others == 1 ? "" : "s")")) }
        #expect(dot.contains("\(key.count) of \(people.count) people by name"))
        let chart = try printBook(a, ChartOptions(view: .grid), page: PageSetup(paper: .a4, landscape: true)).chart
        #expect(chart.pages == 1 && chart.messages.isEmpty)
        // Up to 100 people everyone is drawn.
        let small = try gridCells(try generatedBank(people: 95, seed: 3))
        let count = small.reduce(0) { $0 + $1.count }
        #expect(small.allSatisfy { $0.others == 0 } && count >= 95 && count <= 100, "\(count)")
    }

    @Test func oddNamesAppearExactlyAsWrittenInTheGrid() throws {
        let names = ["Zoé \"la Boss\" <Dupont>", "A & B \\ C", "Œdipe Lefèvre 🦊", "<script>alert(1)</script>", "-- & ; {}"]
        let people = names.enumerated().map { i, n in
            Person(
                id: "p\(i)", name: n, title: "Titre <\(i)> & \"co\"", reportsTo: i == 0 ? nil : "p0", roles: i == 1 ? [.economicBuyer] : [],
                stance: Stance.allCases[i % Stance.allCases.count], power: Power.allCases[i % Power.allCases.count])
        }
        let account = Account(
            info: AccountInfo(name: "Acme \"<&>\""), team: [TeamMember(id: "t", name: "Théo <Ours>")], people: people,
            relationships: [Relationship(ours: "t", theirs: "p1", strength: 0.9)])
        let a = try AccountAnalysis(account: account, asOf: asOf, parameters: AnalysisParameters())
        let chart = try GraphvizRenderer.shared.render(try ChartBuilder.diagram(a, ChartOptions(view: .grid)), format: .svg)
        #expect(chart.messages.isEmpty, "\(chart.messages)")
        let texts = try svgTexts(chart.data)
        for name in names { #expect(texts.contains { $0.contains(name) }, "'\(name)' missing from \(texts)") }
        #expect(texts.contains { $0.contains("Acme \"<&>\"") })
        #expect(texts.contains { $0.contains("Titre <2> & \"co\"") })
    }

    @Test func anonymizedFocusedAndSubsetGrids() throws {
        let a = try analysis("banque-exemple")
        var o = ChartOptions(view: .grid)
        o.anonymize = true
        let dot = try ChartBuilder.diagram(a, o).dot()
        for p in a.account.people where p.isActive(asOf: asOf) { #expect(!dot.contains(p.name), "\(p.name)") }
        #expect(!dot.contains("Banque Exemple"))
        // Focus: only the DSI's subtree.
        o = ChartOptions(view: .grid)
        o.root = "noemie.dubois"
        let dsi = try gridCells(a, o).flatMap(\.people).map { a.graph.ids[$0] }
        #expect(dsi.contains("noemie.dubois") && dsi.contains("nicolas.meunier") && !dsi.contains("maelle.roche"))
        #expect(dsi.allSatisfy { id in a.account.people.first { $0.id == id }?.unit == "DSI" })
        // A subset, by id; an unknown id is refused with a suggestion.
        o = ChartOptions(view: .grid)
        o.subset = ["maelle.roche", "nicolas.meunier"]
        #expect(try gridCells(a, o).flatMap(\.people).map { a.graph.ids[$0] }.sorted() == ["maelle.roche", "nicolas.meunier"])
        o.subset = ["maelle.roch"]
        #expect(throws: ChartError(.subset, "unknown person 'maelle.roch' — did you mean 'maelle.roche'?")) { try ChartBuilder.diagram(a, o) }
    }

    /// The bank's grid, everyone by name, fits one A4 landscape page.
    @Test func theBankGridPrintsOnOnePage() throws {
        let a = try analysis("banque-exemple")
        let chart = try printBook(a, ChartOptions(view: .grid), page: PageSetup(paper: .a4, landscape: true)).chart
        #expect(chart.pages == 1 && chart.zoom >= 0.6, "\(chart.pages) pages at \(chart.zoom)")
        #expect(chart.messages.isEmpty)
    }

    @Test func theGridOfTheBankMatchesItsGoldenDOT() throws {
        let a = try analysis("banque-exemple")
        try expectGolden(try ChartBuilder.diagram(a, ChartOptions(view: .grid)).dot(), "banque-exemple-grid")
    }
}
