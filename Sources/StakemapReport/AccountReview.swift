import Foundation
import StakemapCharts
import StakemapCore
import StakemapFormats

/// The account review for meetings: one self-contained HTML file (charts inlined as SVG,
/// no external reference, print CSS for A4) or Markdown with the charts beside it.
/// Every name and note is escaped: it can only ever appear as text.
public struct AccountReview {
    public let analysis: AccountAnalysis
    /// What changed since a previous snapshot, when one was given.
    public let changes: AccountChanges?
    public let previousLabel: String?
    /// The previous snapshot's analysis: when given with `changes`, the org chart marks
    /// who joined, moved, changed and left (`ChartChanges`).
    public let previous: AccountAnalysis?
    /// The file of the visit plan's one-page briefs, relative to the review, when they
    /// were written beside it: the visit plan links to it.
    public var briefsFile: String? = nil

    public init(analysis: AccountAnalysis, changes: AccountChanges? = nil, previousLabel: String? = nil, previous: AccountAnalysis? = nil) {
        self.analysis = analysis
        self.changes = changes
        self.previousLabel = previousLabel
        self.previous = previous
    }

    /// A chart of the review, as SVG text without its XML prologue.
    public struct Chart {
        public let name: String
        public let title: String
        /// What the chart shows when it is not everyone.
        public let caption: String?
        public let svg: String
    }

    /// Above this many people, the review draws a part of the organisation that stays
    /// legible on a page: the top levels, and the deciders with our paths to them.
    public static let chartBudget = 120

    /// The org chart and the coverage map, rendered in process.
    public func charts() throws -> [Chart] {
        var out: [Chart] = []
        let people = analysis.graph.nodeCount - analysis.graph.team.count
        let large = people > Self.chartBudget
        for (view, title) in [(ChartView.org, "Organisation"), (.coverage, "Coverage map")] {
            var o = ChartOptions(view: view)
            // Levels as columns: a tall chart fits a portrait page far better than a wide one.
            o.leftToRight = true
            var caption: String? = nil
            if view == .org, let previous, let changes {
                o.changes = ChartChanges(previous: previous, changes: changes, label: previousLabel ?? "the previous snapshot")
            }
            if view == .org, large, let depth = ChartBuilder.depth(fitting: Self.chartBudget, in: analysis) {
                o.depth = depth
                caption =
                    "The top \(depth + 1) levels of \(people) people; “+N below” counts the people under someone. "
                    + "A chart of one person's subtree draws any part in full."
            }
            if view == .coverage {
                if large {
                    o.decidersOnly = true
                    caption = "The \(analysis.holders.count) people with a buying role and everyone on our best path to them."
                } else {
                    // Role holders, the inner circle and whom we know, with their managers.
                    o.keyPlayersOnly = true
                }
            }
            let diagram = try ChartBuilder.diagram(analysis, o)
            // A chart that large would be metres wide (and a very deep one can exhaust
            // Graphviz's stack): the review says so instead of drawing it.
            if diagram.people > ChartBuilder.largestChart {
                out.append(
                    Chart(
                        name: view.rawValue, title: title,
                        caption: "Not drawn: this chart would hold \(diagram.people) people. "
                            + "A chart of one person's subtree, or of the top few levels, draws a part of it.", svg: ""))
                continue
            }
            let rendered = try GraphvizRenderer.shared.render(diagram, format: .svg)
            var svg = String(decoding: rendered.data, as: UTF8.self)
            if let start = svg.range(of: "<svg") { svg = String(svg[start.lowerBound...]) }
            out.append(Chart(name: view.rawValue, title: title, caption: caption, svg: svg))
        }
        return out
    }

    // MARK: content shared by both formats

    struct Table {
        var headers: [String]
        var rows: [[String]]
    }

    struct Section {
        var title: String
        var paragraphs: [String] = []
        var tables: [Table] = []
        var chart: Chart? = nil
        /// A link to a file beside the review: its text and relative path.
        var link: (text: String, href: String)? = nil
    }

    var a: AccountAnalysis { analysis }

    /// The opportunity reviewed, when the analysis is scoped to one.
    public var opportunity: Opportunity? {
        guard case .opportunity(let id) = a.scope else { return nil }
        return a.account.opportunities.first { $0.id == id }
    }

    /// An amount with thousands grouped by thin spaces, as printed in the review.
    static func amount(_ v: Double) -> String {
        let digits = String(Int(v.rounded()))
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && c != "-" { out.append("\u{202F}") }
            out.append(c)
        }
        return String(out.reversed())
    }

    func fixed(_ d: Double, _ p: Int = 2) -> String { String(format: "%.\(p)f", d) }

    func sections(charts: [Chart]) -> [Section] {
        var out: [Section] = []
        let info = a.account.info
        // At a glance.
        var glance = Section(title: "The account at a glance")
        var facts: [[String]] = []
        facts.append(["Sector", info.sector ?? "—"])
        if let r = info.referencing {
            var s = r.status.rawValue
            if let p = r.partner { s += " (through \(p))" }
            if let d = r.renewal { s += ", renewal \(d) (in \(d.days(since: a.asOf)) days)" }
            facts.append(["Referencing", s])
        } else {
            facts.append(["Referencing", "not recorded"])
        }
        let owner = info.owner.flatMap { id in a.account.team.first { $0.id == id }?.name } ?? info.owner ?? "none"
        facts.append(["Account owner", owner])
        if let o = opportunity {
            var deal = o.name
            if let stage = o.stage { deal += ", stage \(stage)" }
            if let close = o.close { deal += ", closes \(close) (in \(close.days(since: a.asOf)) days)" }
            if let amount = o.amount { deal += ", amount \(Self.amount(amount))" }
            facts.append(["Opportunity", deal])
        }
        facts.append(["As of", a.asOf.description])
        facts.append(["Score", a.score.value.map { fixed($0, 0) + " / 100" } ?? "no score: nobody holds a buying role yet"])
        glance.tables.append(Table(headers: ["", ""], rows: facts))
        if let v = a.score.value {
            let weak = a.score.terms.filter { $0.coverage < a.parameters.coverageThreshold }.sorted { $0.holder.weight > $1.holder.weight }
            var words =
                "The score says how strongly our people reach the people who decide, from 0 (we know none of them) to 100 (each of them is a close contact of ours). It is \(fixed(v, 0)): "
            words +=
                "each of the \(a.score.terms.count) people with a buying role\(opportunity == nil ? "" : " in this opportunity") counts as much as their role matters (the economic buyer most, users least), times how strong our best chain of introductions to them is."
            if !weak.isEmpty {
                words +=
                    " The weakest links: "
                    + weak.prefix(3).map { "\(a.name($0.holder.node)) (\(roles($0.holder.roles)), \(fixed($0.coverage)))" }.joined(separator: ", ") + "."
            }
            glance.paragraphs.append(words)
            glance.tables.append(
                Table(
                    headers: ["Person", "Roles", "Weight", "Reach", "Counts for"],
                    rows: a.score.terms.map { t in
                        [
                            a.name(t.holder.node), roles(t.holder.roles), fixed(t.holder.weight, 1), fixed(t.coverage),
                            fixed(100 * t.weighted / max(a.score.weightSum, 1e-9), 1) + " pts",
                        ]
                    }))
        }
        out.append(glance)

        // What changed.
        if let c = changes {
            var s = Section(title: "What changed since \(previousLabel ?? "the previous snapshot")")
            s.paragraphs.append(
                "Score \(c.scoreBefore.map { fixed($0, 0) } ?? "—") → \(c.scoreAfter.map { fixed($0, 0) } ?? "—"); high-severity gaps \(c.gapsBefore.filter { $0.severity == .high }.count) → \(c.gapsAfter.filter { $0.severity == .high }.count)."
            )
            if c.changes.isEmpty { s.paragraphs.append("No change in people, roles or relationships.") }
            s.tables.append(
                Table(headers: ["Change", "Who", "Before", "After"], rows: c.changes.map { [$0.kind.rawValue, $0.name, $0.before ?? "", $0.after ?? ""] }))
            out.append(s)
        }

        // Gaps.
        var gaps = Section(title: "Gaps and what to do")
        let all = a.gaps()
        gaps.paragraphs.append(GapSeverity.allCases.map { s in "\(all.filter { $0.severity == s }.count) \(s.rawValue)" }.joined(separator: ", ") + ".")
        gaps.tables.append(
            Table(
                headers: ["Severity", "Gap", "Why", "What to do"],
                rows: all.filter { $0.severity != .low }.map { [$0.severity.rawValue, $0.kind.rawValue, $0.reason, $0.action] }))
        out.append(gaps)

        // Key players.
        var players = Section(title: "Key players")
        let pr = a.graph.pageRank()
        // The same estimate as `stakemap rank` gives (docs/ANALYSES.md §5).
        let bc = a.graph.betweenness()
        let ranked = a.keyPlayers(pageRank: pr, betweenness: bc)
        players.paragraphs.append(
            "Power rank: whom the organisation defers to (PageRank on the influence links). Broker: who sits on the strongest paths between others.")
        players.tables.append(
            Table(
                headers: ["#", "Person", "Title", "Power rank", "Broker", "Hidden influencer"],
                rows: ranked.prefix(10).map { k in
                    [
                        String(k.rank), a.name(k.node), a.person(k.node)?.title ?? "", fixed(k.pageRank, 3), fixed(k.betweenness, 3),
                        k.hiddenInfluencer ? "yes" : "",
                    ]
                }))
        let hidden = ranked.filter(\.hiddenInfluencer).prefix(5)
        if !hidden.isEmpty {
            players.paragraphs.append("Hidden influencers (high power rank, modest title): " + hidden.map { a.name($0.node) }.joined(separator: ", ") + ".")
        }
        out.append(players)

        // Paths to the deciders.
        var paths = Section(title: "How we reach the people who decide")
        let deciders = a.holders.filter { $0.roles.contains(.economicBuyer) || $0.roles.contains(.sponsor) || $0.roles.contains(.decisionMaker) }
        var rows: [[String]] = []
        for h in deciders where !a.account.people[h.person].placeholder {
            let found = a.graph.bestPaths(from: a.graph.team, to: h.node, count: 3, tree: a.paths)
            if found.isEmpty { rows.append([a.name(h.node), "—", "nobody of ours reaches them"]) }
            for (i, p) in found.enumerated() {
                rows.append([i == 0 ? a.name(h.node) : "", fixed(p.strength), p.nodes.map { a.name($0) }.joined(separator: " → ")])
            }
        }
        paths.tables.append(Table(headers: ["Decider", "Strength", "Path (our colleague first)"], rows: rows))
        if deciders.isEmpty { paths.paragraphs.append("No economic buyer, sponsor or decision maker is identified yet.") }
        out.append(paths)

        // Visits.
        var visits = Section(title: "Executive visit plan")
        let plan = visitPlan
        if let briefsFile { visits.link = ("One-page briefs for these meetings", briefsFile) }
        visits.paragraphs.append(
            "Score \(plan.scoreBefore.map { fixed($0, 0) } ?? "—") → \(plan.scoreAfter.map { fixed($0, 0) } ?? "—") if these meetings happen.")
        visits.tables.append(
            Table(
                headers: ["#", "Ours", "Theirs", "Site", "Gain", "Introduction", "Talking points"],
                rows: plan.visits.enumerated().map { i, v in
                    [
                        String(i + 1), a.name(v.colleague), a.name(v.person), a.person(v.person)?.site ?? "", "+" + fixed(v.gain, 1),
                        a.introduction(for: v), a.talkingPoints(for: v),
                    ]
                }))
        out.append(visits)

        for c in charts { out.append(Section(title: c.title, chart: c)) }
        return out
    }

    /// The review's visit plan: the five meetings that raise the score most, with our
    /// executives and directors.
    var visitPlan: VisitPlan {
        a.planVisits(count: 5, colleagues: (try? a.visitingColleagues([])) ?? a.graph.team)
    }

    /// "Account review", or "Opportunity review: NAME".
    var kind: String { opportunity.map { "Opportunity review: \($0.name)" } ?? "Account review" }

    func roles(_ r: [BuyingRole]) -> String { r.map(\.rawValue).joined(separator: ", ") }

    // MARK: HTML

    /// Escapes text for HTML content and attribute values.
    public static func html(_ s: String) -> String { MarkupText.escape(s) }

    static let style = """
        body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222; max-width: 60em; margin: 2em auto; line-height: 1.4; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { font-size: 1.25em; border-bottom: 2px solid #2166ac; padding-bottom: 0.2em; margin-top: 1.6em; }
        table { border-collapse: collapse; width: 100%; font-size: 0.85em; margin: 0.6em 0; }
        th, td { border: 1px solid #bbb; padding: 0.25em 0.45em; text-align: left; vertical-align: top; }
        th { background: #eef3f8; }
        .score { font-size: 2.6em; font-weight: bold; color: #2166ac; }
        figure { margin: 0; }
        figure svg { width: 100%; height: auto; max-height: 24cm; }
        .muted { color: #666; font-size: 0.85em; }
        @page { size: A4; margin: 14mm; }
        @media print {
          body { margin: 0; max-width: none; }
          section { page-break-before: always; break-before: page; }
          section:first-of-type { page-break-before: avoid; break-before: avoid; }
          tr, figure { page-break-inside: avoid; break-inside: avoid; }
          figure svg { max-height: 25cm; }
          section.chart figure svg { max-height: 22cm; }
        }
        """

    /// The review as one self-contained HTML document (also well-formed XML).
    public func html(charts: [Chart]) -> String {
        let h = Self.html
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<title>\(h(kind + " — " + a.account.info.name))</title>\n<style>\n\(Self.style)\n</style>\n</head>\n<body>\n"
        out += "<h1>\(h(a.account.info.name))</h1>\n<p class=\"muted\">\(h(kind)) as of \(a.asOf) · made with Stakemap</p>\n"
        if let v = a.score.value { out += "<p><span class=\"score\">\(fixed(v, 0))</span> / 100</p>\n" }
        for s in sections(charts: charts) {
            out += (s.chart == nil ? "<section>" : "<section class=\"chart\">") + "\n<h2>\(h(s.title))</h2>\n"
            for p in s.paragraphs { out += "<p>\(h(p))</p>\n" }
            if let link = s.link { out += "<p><a href=\"\(h(link.href))\">\(h(link.text))</a></p>\n" }
            for t in s.tables where !t.rows.isEmpty {
                out += "<table>\n"
                if t.headers.contains(where: { !$0.isEmpty }) {
                    out += "<thead><tr>" + t.headers.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead>\n"
                }
                out += "<tbody>\n"
                for r in t.rows { out += "<tr>" + r.map { "<td>\(h($0))</td>" }.joined() + "</tr>\n" }
                out += "</tbody>\n</table>\n"
            }
            if let c = s.chart {
                out += "<figure>\n" + (c.svg.isEmpty ? "" : "\(c.svg)\n")
                if let caption = c.caption { out += "<figcaption class=\"muted\">\(h(caption))</figcaption>\n" }
                out += "</figure>\n"
            }
            out += "</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    // MARK: Markdown

    /// Escapes text for a Markdown table cell or paragraph: HTML is neutralised and the
    /// characters Markdown interprets are backslash-escaped.
    public static func markdown(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|", "\\", "*", "_", "`", "[", "]", "#": out += "\\" + String(ch)
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    /// The review in Markdown; charts are referenced as `chartPrefix-NAME.svg`.
    public func markdown(charts: [Chart], chartPrefix: String) -> String {
        let m = Self.markdown
        var out = "# \(m(a.account.info.name))\n\n\(m(kind)) as of \(a.asOf). Score: **\(a.score.value.map { fixed($0, 0) } ?? "—") / 100**.\n"
        for s in sections(charts: charts) {
            out += "\n## \(m(s.title))\n\n"
            for p in s.paragraphs { out += m(p) + "\n\n" }
            if let link = s.link { out += "[\(m(link.text))](<\(link.href)>)\n\n" }
            for t in s.tables where !t.rows.isEmpty {
                let headers = t.headers.contains(where: { !$0.isEmpty }) ? t.headers : t.headers.map { _ in " " }
                out += "| " + headers.map(m).joined(separator: " | ") + " |\n"
                out += "|" + headers.map { _ in " --- |" }.joined() + "\n"
                for r in t.rows { out += "| " + r.map(m).joined(separator: " | ") + " |\n" }
                out += "\n"
            }
            if let c = s.chart {
                if !c.svg.isEmpty { out += "![\(m(c.title))](\(chartPrefix)-\(c.name).svg)\n" }
                if let caption = c.caption { out += "\n" + m(caption) + "\n" }
            }
        }
        return out
    }
}
