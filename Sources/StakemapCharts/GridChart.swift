import Foundation
import StakemapCore

/// The political grid (docs/CHARTS.md, "Views", `grid`): power in rows, stance in
/// columns, each person of theirs in their cell with name, title, role badges and
/// coverage. The cells that lose deals — powerful (inner circle, political structure)
/// and against us (enemy, non-supporter) — are tinted, and the people there whom we
/// cover below the account's threshold are drawn with a red border, as is their cell.
///
/// The whole grid is one HTML-like table in one node, so it is a real grid whatever the
/// layout engine does; the legend is a second node under it. Up to
/// `individualLimit` people everyone is drawn; above, only the role holders and the
/// inner circle, and each cell counts the others ("+37 others").
struct GridView: ViewBuilder {
    func diagram(_ b: inout Builder) throws(ChartError) -> Diagram { try GridChart(b).diagram() }
    var book: BookShape { .onePage }
    var bookTitle: String { "political grid" }
}

/// The layout of the political grid (`GridView`).
struct GridChart {
    static let stances: [Stance] = [.enemy, .nonSupporter, .neutral, .supporter, .mentor, .unknown]
    static let powers: [Power] = [.innerCircle, .politicalStructure, .outside, .unknown]
    /// Above this many people in the chart, only role holders and the inner circle are
    /// drawn by name.
    static let individualLimit = 100
    /// The drawing the chip columns are chosen for: A4 landscape inside 36 pt margins at
    /// a zoom of 0.7, in points.
    static let target = (width: 1100.0, height: 745.0)

    static let riskColour = "#b2182b"
    static let zoneFill = "#fbe0dc"

    /// One cell of the grid.
    struct Cell: Equatable {
        var power: Power
        var stance: Stance
        /// People drawn by name, in drawing order (node indices).
        var people: [Int] = []
        /// People in the cell who are not drawn by name.
        var others = 0
        /// People in the cell (drawn or not) who are powerful, against us and weakly covered.
        var atRisk = 0
        /// How many people a row of the cell holds.
        var perRow = 1
        /// Rows of people in the tallest cell of this power, and whether a cell of this
        /// power counts others: every cell of a row has as many lines.
        var rowLines = 0
        var rowHasOthers = false
        /// Powerful and against us: where deals are lost.
        var isZone: Bool { GridChart.isZone(power, stance) }
        var count: Int { people.count + others }
        /// Lines the cell needs with `perRow` people a line.
        func lines(perRow k: Int) -> Int { (people.count + k - 1) / k + (others > 0 ? 1 : 0) }
    }

    let b: Builder
    init(_ b: Builder) { self.b = b }

    static func isZone(_ power: Power, _ stance: Stance) -> Bool {
        (power == .innerCircle || power == .politicalStructure) && (stance == .enemy || stance == .nonSupporter)
    }

    /// Powerful, against us and covered below the account's threshold.
    func isAtRisk(_ v: Int) -> Bool {
        guard let p = b.a.person(v) else { return false }
        return Self.isZone(p.power, p.stance) && b.a.coverage(v) < b.a.parameters.coverageThreshold
    }

    /// The cells, row by row (power), column by column (stance).
    /// - Throws: `ChartError` for an unknown id in `subset`.
    func cells() throws(ChartError) -> [Cell] {
        let shown = try b.shownPeople()
        let people = (0..<b.g.nodeCount).filter { shown[$0] }
        let holders = Set(b.a.holders.map(\.node))
        let weight = Dictionary(uniqueKeysWithValues: b.a.holders.map { ($0.node, $0.weight) })
        let limited = people.count > Self.individualLimit
        var cells: [Cell] = []
        for power in Self.powers { for stance in Self.stances { cells.append(Cell(power: power, stance: stance)) } }
        for v in people {
            guard let p = b.a.person(v), let r = Self.powers.firstIndex(of: p.power), let c = Self.stances.firstIndex(of: p.stance) else { continue }
            let i = r * Self.stances.count + c
            if isAtRisk(v) { cells[i].atRisk += 1 }
            if !limited || p.power == .innerCircle || !p.roles.isEmpty || holders.contains(v) {
                cells[i].people.append(v)
            } else {
                cells[i].others += 1
            }
        }
        // Within a cell: those at risk, then by role weight, then by name, then by id.
        for i in cells.indices {
            cells[i].people.sort { u, v in
                let ru = isAtRisk(u), rv = isAtRisk(v)
                if ru != rv { return ru }
                let wu = weight[u] ?? 0, wv = weight[v] ?? 0
                if wu != wv { return wu > wv }
                let nu = b.name(u), nv = b.name(v)
                if nu != nv { return nu < nv }
                return b.g.ids[u] < b.g.ids[v]
            }
        }
        choosePerRow(&cells)
        return cells
    }

    /// Picks how many people a row holds in each stance column so that the grid is as
    /// close as possible to the shape of `target`: greedily widens the column that helps
    /// most until nothing helps. Sizes are estimates from the text lengths.
    func choosePerRow(_ cells: inout [Cell]) {
        let columns = Self.stances.count, rows = Self.powers.count
        let widths = cells.map { $0.people.map { chipWidth($0) } }
        // A column of `k` people a line is as wide as its widest box in each position
        // (at least its header).
        func columnWidth(_ c: Int, _ k: Int) -> Double {
            var slots = [Double](repeating: 0, count: k)
            for r in 0..<rows { for (i, w) in widths[r * columns + c].enumerated() { slots[i % k] = max(slots[i % k], w + 3) } }
            return max(slots.reduce(0, +), 80) + 10
        }
        var perRow = [Int](repeating: 1, count: columns)
        func shape(_ k: [Int]) -> Double {
            var width = 75.0, height = 150.0  // row headers; title, column headers and legend
            for c in 0..<columns { width += columnWidth(c, k[c]) }
            for r in 0..<rows {
                let lines = (0..<columns).map { cells[r * columns + $0].lines(perRow: k[$0]) }.max() ?? 0
                height += max(Double(lines) * (Self.chipHeight + 3), 24) + 10
            }
            return max(width / Self.target.width, height / Self.target.height)
        }
        var best = shape(perRow)
        while true {
            var choice: (column: Int, shape: Double)? = nil
            for c in 0..<columns {
                let most = (0..<rows).map { cells[$0 * columns + c].people.count }.max() ?? 0
                guard perRow[c] < most else { continue }
                var k = perRow
                k[c] += 1
                let s = shape(k)
                if s < (choice?.shape ?? best) - 1e-9 { choice = (c, s) }
            }
            guard let choice else { break }
            perRow[choice.column] += 1
            best = choice.shape
        }
        for i in cells.indices { cells[i].perRow = perRow[i % columns] }
        // Every cell of a row as tall as the tallest, so that no box is stretched.
        for r in 0..<rows {
            let row = r * columns..<(r + 1) * columns
            let lines = row.map { cells[$0].people.count == 0 ? 0 : (cells[$0].people.count + cells[$0].perRow - 1) / cells[$0].perRow }.max() ?? 0
            let others = row.contains { cells[$0].others > 0 }
            for i in row { cells[i].rowLines = lines; cells[i].rowHasOthers = others }
        }
    }

    /// The height of one person's box, in points (two lines of 9 and 8 points).
    static let chipHeight = 25.0

    /// Roughly the width of one person's box, in points (DejaVu Sans: about 0.62 em a
    /// character in bold, 0.55 em in roman).
    func chipWidth(_ v: Int) -> Double {
        let t = chipText(v)
        let longest = t.name.split(separator: "\n").map(\.count).max() ?? 0
        let first = Double(longest) * 9 * 0.62 + (t.badges.isEmpty ? 0 : Double(t.badges.count + 2) * 8 * 0.55)
        return max(first, Double(t.title.count) * 8 * 0.55) + 30
    }

    /// The text of one person's box: name (with ⚠ when at risk), badges, title, coverage.
    func chipText(_ v: Int) -> (name: String, badges: String, title: String, coverage: String) {
        guard let p = b.a.person(v) else { return ("", "", "", "") }
        let name = Self.wrap((isAtRisk(v) ? "⚠ " : "") + b.name(v) + (p.placeholder ? " (?)" : ""))
        let badges = p.roles.map(ChartBuilder.badge).joined(separator: "·")
        var title = b.o.anonymize ? "" : (p.title ?? "")
        if title.count > Self.titleLength { title = String(title.prefix(Self.titleLength - 1)) + "…" }
        let c = b.a.coverage(v)
        return (name, badges, title, c > 0 ? formatStrength(c) : "—")
    }

    /// A name longer than `nameLength` characters on two lines, broken at the last space
    /// that keeps the first line within it (names are never cut).
    static func wrap(_ name: String) -> String {
        guard name.count > nameLength, !name.contains("\n") else { return name }
        let chars = Array(name)
        guard let space = chars[1..<nameLength].lastIndex(of: " ") else { return name }
        return String(chars[..<space]) + "\n" + String(chars[(space + 1)...])
    }

    static let nameLength = 22

    /// Longer titles are cut, with an ellipsis (the org view has them in full).
    static let titleLength = 18

    func chip(_ v: Int) -> String {
        guard let p = b.a.person(v) else { return "" }
        let t = chipText(v)
        let risk = isAtRisk(v)
        let fill = ChartBuilder.coverageFill(b.a.coverage(v), threshold: b.a.parameters.coverageThreshold)
        let border = risk ? "BORDER=\"2\" COLOR=\"\(Self.riskColour)\"" : "BORDER=\"1\" COLOR=\"#888888\""
        let style = p.placeholder ? " STYLE=\"dashed\"" : ""
        var first = "<B>\(htmlEscape(t.name))</B>"
        if !t.badges.isEmpty { first += "  <FONT POINT-SIZE=\"8\">\(htmlEscape(t.badges))</FONT>" }
        let colour = risk ? " COLOR=\"\(Self.riskColour)\"" : ""
        return "<TABLE \(border)\(style)\(b.linkAttributes(v)) CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\" BGCOLOR=\"\(fill)\">"
            + "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">\(first)</TD>"
            + "<TD ROWSPAN=\"2\" ALIGN=\"RIGHT\" VALIGN=\"MIDDLE\"><FONT POINT-SIZE=\"7\"\(colour)>cov</FONT><BR/><FONT POINT-SIZE=\"8\"\(colour)>\(t.coverage)</FONT></TD></TR>"
            + "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">\(t.title.isEmpty ? " " : htmlEscape(t.title))</FONT></TD></TR></TABLE>"
    }

    /// An empty slot as tall as a person's box, so that a short cell is not stretched.
    static let slot =
        "<TABLE BORDER=\"1\" COLOR=\"#ffffff00\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD><B> </B></TD></TR><TR><TD><FONT POINT-SIZE=\"8\"> </FONT></TD></TR></TABLE>"

    static func title(_ p: Power) -> String {
        switch p {
        case .innerCircle: "Inner circle"
        case .politicalStructure: "Political\nstructure"
        case .outside: "Outside"
        case .unknown: "Power\nunknown"
        }
    }

    static func title(_ s: Stance) -> String {
        switch s {
        case .mentor: "Mentor"
        case .supporter: "Supporter"
        case .neutral: "Neutral"
        case .nonSupporter: "Non-supporter"
        case .enemy: "Enemy"
        case .unknown: "Unknown"
        }
    }

    static func people(_ n: Int) -> String { n == 1 ? "1 person" : "\(n) people" }

    func cellHTML(_ cell: Cell) -> String {
        var attrs = "VALIGN=\"TOP\" ALIGN=\"LEFT\""
        if cell.isZone { attrs += " BGCOLOR=\"\(Self.zoneFill)\"" }
        if cell.atRisk > 0 { attrs += " BORDER=\"3\" COLOR=\"\(Self.riskColour)\"" }
        var rows: [String] = []
        for line in 0..<cell.rowLines {
            var tds = ""
            for slot in 0..<cell.perRow {
                let i = line * cell.perRow + slot
                let content = i < cell.people.count ? chip(cell.people[i]) : Self.slot
                tds += "<TD ALIGN=\"LEFT\" VALIGN=\"TOP\">\(content)</TD>"
            }
            rows.append("<TR>\(tds)</TR>")
        }
        if cell.rowHasOthers {
            var text = " "
            var colour = "#555555"
            if cell.others > 0 {
                text = "+\(cell.others) other\(cell.others == 1 ? "" : "s")"
                let riskOthers = cell.atRisk - cell.people.filter(isAtRisk).count
                if riskOthers > 0 { text += ", \(riskOthers) at risk"; colour = Self.riskColour }
            }
            rows.append("<TR><TD ALIGN=\"LEFT\" COLSPAN=\"\(cell.perRow)\"><FONT POINT-SIZE=\"9\" COLOR=\"\(colour)\">\(htmlEscape(text))</FONT></TD></TR>")
        }
        if rows.isEmpty { return "<TD \(attrs)> </TD>" }
        return "<TD \(attrs)><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"0\">\(rows.joined())</TABLE></TD>"
    }

    func diagram() throws(ChartError) -> Diagram {
        let cells = try cells()
        let columns = Self.stances.count
        let total = cells.reduce(0) { $0 + $1.count }
        let drawn = cells.reduce(0) { $0 + $1.people.count }
        var d = Diagram(name: "stakemap")
        d.people = drawn
        var title = "\(b.o.anonymize ? "Account" : b.a.account.info.name) — political grid, as of \(b.a.asOf)"
        if drawn < total { title += "\n\(drawn) of \(total) people by name: the role holders and the inner circle" }
        d.graphAttributes = [
            ("fontname", ChartBuilder.font), ("rankdir", "TB"), ("nodesep", "0.25"), ("ranksep", "0.2"),
            ("label", labelEscape(title)), ("labelloc", "t"), ("fontsize", "16"),
        ]
        d.nodeDefaults = [("shape", "plain"), ("fontname", ChartBuilder.font), ("fontsize", "9")]
        d.edgeDefaults = [("style", "invis")]

        var html = "<TABLE BORDER=\"1\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\" COLOR=\"#999999\">"
        html += "<TR><TD BORDER=\"0\"><FONT POINT-SIZE=\"9\">power ↓  stance →</FONT></TD>"
        for (c, s) in Self.stances.enumerated() {
            let n = (0..<Self.powers.count).reduce(0) { $0 + cells[$1 * columns + c].count }
            html +=
                "<TD BGCOLOR=\"\(ChartBuilder.fill(s))\"><B>\(htmlEscape(Self.title(s)))</B> \(htmlEscape(ChartBuilder.mark(s)))<BR/><FONT POINT-SIZE=\"8\">\(Self.people(n))</FONT></TD>"
        }
        html += "</TR>"
        for (r, p) in Self.powers.enumerated() {
            let row = cells[r * columns..<(r + 1) * columns]
            let n = row.reduce(0) { $0 + $1.count }
            let star = p == .innerCircle ? " ★" : ""
            html +=
                "<TR><TD BGCOLOR=\"#eeeeee\" ALIGN=\"LEFT\"><B>\(htmlEscape(Self.title(p)))\(star)</B><BR ALIGN=\"LEFT\"/><FONT POINT-SIZE=\"8\">\(Self.people(n))</FONT></TD>"
            for cell in row { html += cellHTML(cell) }
            html += "</TR>"
        }
        html += "</TABLE>"
        d.nodes.append(Diagram.Node(id: "grid", attributes: [("htmllabel", html)]))
        d.nodes.append(legend())
        d.edges.append(Diagram.Edge(from: "grid", to: "legend"))
        return d
    }

    /// A flat legend, to sit under a wide grid.
    func legend() -> Diagram.Node {
        let t = formatStrength(b.a.parameters.coverageThreshold)
        func swatch(_ fill: String, _ text: String, border: String = "BORDER=\"1\"") -> String {
            "<TD BGCOLOR=\"\(fill)\" WIDTH=\"16\" \(border)> </TD><TD ALIGN=\"LEFT\">\(htmlEscape(text))</TD>"
        }
        var first = "<TR>"
        first += swatch("#a6d96a", "coverage ≥ 0.60")
        first += swatch("#fee08b", "coverage \(t)–0.60")
        first += swatch("#f4a582", "coverage below \(t)")
        first += swatch("#ffffff", "not reached")
        first += "</TR>"
        var second = "<TR>"
        second += swatch(Self.zoneFill, "powerful and against us: where deals are lost")
        second += swatch("#f4a582", "⚠ at risk: there, and covered below \(t)", border: "BORDER=\"2\" COLOR=\"\(Self.riskColour)\"")
        second += "<TD COLSPAN=\"4\" ALIGN=\"LEFT\">dashed box: holder unknown (?)</TD></TR>"
        let badges = BuyingRole.allCases.map { "\(ChartBuilder.badge($0)) \($0.rawValue)" }.joined(separator: " · ")
        let inner = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"1\">\(first)\(second)</TABLE>"
        return Diagram.Node(
            id: "legend",
            attributes: [
                (
                    "htmllabel",
                    "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"#999999\"><TR><TD ALIGN=\"LEFT\"><B>Legend</B></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">\(inner)</FONT></TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">\(htmlEscape(badges))<BR ALIGN=\"LEFT\"/>cov: coverage (best path strength from our team)<BR ALIGN=\"LEFT\"/></FONT></TD></TR></TABLE>"
                )
            ])
    }
}

extension Builder {
    /// The people the view draws: `shown`, narrowed to `o.subset` when it is given.
    /// - Throws: `ChartError` for an id in `subset` that is not one of their people.
    func shownPeople() throws(ChartError) -> [Bool] {
        guard let subset = o.subset else { return shown }
        var keep = [Bool](repeating: false, count: g.nodeCount)
        for id in subset { keep[try resolve(id, .subset)] = true }
        return zip(shown, keep).map { $0 && $1 }
    }

    /// The focus options, then `o.subset`: who a view drawn over the hierarchy shows (the
    /// coverage map and the grid narrow to the subset as they lay themselves out).
    mutating func selectFocusAndSubset() throws(ChartError) {
        try selectFocus()
        shown = try shownPeople()
    }
}
