import Foundation
import StakemapCharts
import StakemapCore
import StakemapFormats

/// The visit pack: a cover with the plan, then one A4 page per meeting about the person
/// our colleague is going to see (why this meeting, who they are, our history with them,
/// the way in, a chart of their surroundings). Written as self-contained HTML that prints
/// to the same pages, or as a PDF drawn in process (text and Graphviz charts on cairo,
/// no browser). Every name and note is text: escaped in HTML, set as plain text in
/// the PDF.
public struct VisitPack: Sendable {
    public let analysis: AccountAnalysis
    /// The plan, when the pack is for one (nil: a single brief).
    public let plan: VisitPlan?
    public let briefs: [VisitBrief]
    /// Whether the names were replaced by pseudonyms.
    public let anonymized: Bool

    /// Notes longer than this many characters are cut, saying how much was left out.
    public static let noteLimit = 480

    /// The pack of `plan`'s meetings. With `anonymize`, the plan chosen on the real
    /// account is carried onto its anonymized copy: same meetings, same numbers, no name.
    public init(plan: VisitPlan, of analysis: AccountAnalysis, anonymize: Bool = false) throws(AnalysisError) {
        var (shownAnalysis, shownPlan) = (analysis, plan)
        if anonymize {
            let shown = try analysis.anonymized(plan)
            (shownAnalysis, shownPlan) = (shown.analysis, shown.plan)
        }
        self.analysis = shownAnalysis
        self.plan = shownPlan
        briefs = shownAnalysis.briefs(for: shownPlan)
        anonymized = anonymize
    }

    /// The one-page brief about person `v` (a node), met by `colleague` when given.
    public init(brief v: Int, colleague: Int?, of analysis: AccountAnalysis, anonymize: Bool = false) throws(AnalysisError) {
        var (shown, person, ours) = (analysis, v, colleague)
        if anonymize {
            shown = try analysis.anonymized()
            person = try analysis.carried(v, to: shown)
            if let colleague { ours = try analysis.carried(colleague, to: shown) }
        }
        self.analysis = shown
        plan = nil
        briefs = [shown.brief(for: person, colleague: ours, ranks: shown.graph.pageRank().values)]
        anonymized = anonymize
    }

    // MARK: The pages as text, shared by both forms

    struct Table: Sendable {
        var headers: [String]
        var rows: [[String]]
        /// Each column's share of the width.
        var widths: [Double]
    }

    /// What a section holds, in order.
    enum Item: Sendable {
        case paragraph(String)
        case bullet(String)
        case table(Table)
        /// A line in grey: what was left out, where to find more.
        case note(String)
    }

    struct Section: Sendable {
        var heading: String
        var items: [Item] = []

        init(heading: String, _ items: [Item] = []) {
            self.heading = heading
            self.items = items
        }

        mutating func add(_ item: Item) { items.append(item) }
    }

    struct Fact: Sendable {
        var label: String
        var value: String
    }

    struct Page: Sendable {
        var title: String
        var subtitle: String
        var facts: [Fact] = []
        var chart: Diagram? = nil
        var sections: [Section] = []
    }

    var a: AccountAnalysis { analysis }

    var documentTitle: String {
        plan == nil ? "Brief — \(a.name(briefs[0].person))" : "Visit pack — \(a.account.info.name)"
    }

    /// The line at the foot of every page.
    var strip: String {
        "\(a.account.info.name) · \(plan == nil ? "visit brief" : "visit pack") · as of \(a.asOf)"
    }

    var notice: String {
        anonymized
            ? "Names, ids, e-mails and notes replaced by pseudonyms: safe to share outside the account team."
            : "Confidential — holds the team's assessments of named people (stance, power, roles, notes). For the account team only."
    }

    /// Every page: the cover (for a plan), then one per brief.
    var pages: [Page] {
        var out: [Page] = []
        if let plan { out.append(cover(plan)) }
        out += briefs.map(page)
        return out
    }

    func cover(_ plan: VisitPlan) -> Page {
        let n = plan.visits.count
        var page = Page(
            title: "Executive visit plan — \(a.account.info.name)",
            subtitle:
                "As of \(a.asOf) · \(n) meeting\(n == 1 ? "" : "s") · score \(score(plan.scoreBefore)) → \(score(plan.scoreAfter)) if every meeting happens")
        if plan.visits.isEmpty {
            page.sections.append(
                Section(
                    heading: "No meeting",
                    [
                        .paragraph("No meeting would raise the score, or none of the colleagues who may visit can meet the people who would.")
                    ]))
            return page
        }
        for group in plan.bySite {
            var table = Table(
                headers: ["#", "Ours", "Theirs", "Title", "Gain", "Coverage"], rows: [],
                widths: [0.05, 0.2, 0.22, 0.31, 0.08, 0.14])
            for k in group.visits {
                let v = plan.visits[k]
                table.rows.append([
                    "\(k + 1)", a.name(v.colleague), a.name(v.person), a.person(v.person)?.title ?? "",
                    "+" + fixed(v.gain, 1), "\(fixed(v.coverageBefore)) → \(fixed(v.coverageAfter))",
                ])
            }
            page.sections.append(Section(heading: group.site.isEmpty ? "No site recorded" : group.site, [.table(table)]))
        }
        page.sections.append(
            Section(
                heading: "How the plan was chosen",
                [
                    .paragraph(
                        "Each meeting adds a relationship of strength \(fixed(a.parameters.visitStrength)) with the person met; the plan takes, one at a time, the meeting that raises the account score most, given the ones before. Gains therefore add up to the score after."
                    )
                ]))
        return page
    }

    func page(_ b: VisitBrief) -> Page {
        let them = a.name(b.person)
        let p = a.person(b.person)
        let ours = b.colleague.map(a.name) ?? "One of ours"
        var where_: [String] = []
        if let m = b.meeting, let plan { where_.append("Meeting \(m + 1) of \(plan.visits.count)") }
        if let t = p?.title { where_.append(t) }
        if let s = p?.site { where_.append(s) }
        var page = Page(title: "\(ours) meets \(them)", subtitle: where_.joined(separator: " · "))

        // The person.
        var facts: [Fact] = []
        func fact(_ label: String, _ value: String?) { if let value, !value.isEmpty { facts.append(Fact(label: label, value: value)) } }
        fact("Title", p?.title)
        fact("Unit", p?.unit)
        fact("Site", p?.site)
        fact("Manager", b.manager.map { m in a.name(m) + (a.person(m)?.title.map { ", \($0)" } ?? "") })
        fact("Level", p?.level?.rawValue)
        fact("Buying roles", p.map { $0.roles.isEmpty ? "none recorded" : $0.roles.map(\.rawValue).joined(separator: ", ") })
        fact("In opportunities", b.opportunityRoles.map { "\($0.name): \($0.roles.map(\.rawValue).joined(separator: ", "))" }.joined(separator: "; "))
        fact("Stance", p?.stance.rawValue)
        fact("Power", p?.power.rawValue)
        fact("Power rank", b.powerRank.map { "\(ordinal($0)) of \(b.rankedPeople)" })
        fact("Coverage", "\(fixed(b.coverageBefore)) today → \(fixed(b.coverageAfter)) after the meeting")
        page.facts = facts
        page.chart = surroundings(b)

        // Why this meeting.
        var why = Section(heading: "Why this meeting")
        var words = b.gain > 0.05 ? "+\(fixed(b.gain, 1)) points on the account score" : "Little change to the account score"
        words += b.visit == nil ? " if this meeting happens. " : ". "
        words += "Our coverage of \(them) goes from \(fixed(b.coverageBefore)) to \(fixed(b.coverageAfter))."
        why.add(.paragraph(words))
        if b.gapsClosed.isEmpty {
            why.add(.paragraph("It closes no open gap on its own."))
        } else {
            let shown = b.gapsClosed.prefix(4)
            why.add(.paragraph("It closes \(b.gapsClosed.count) gap\(b.gapsClosed.count == 1 ? "" : "s"):"))
            for g in shown { why.add(.bullet(g.reason)) }
            if b.gapsClosed.count > shown.count { why.add(.note("and \(b.gapsClosed.count - shown.count) more (the gaps list has them all)")) }
        }
        page.sections.append(why)

        page.sections.append(Section(heading: "What to talk about", b.talkingPoints.map { .bullet($0) }))
        if let notes = p?.notes, !notes.isEmpty {
            let (text, left) = Self.cut(notes, to: Self.noteLimit)
            var section = Section(heading: "The team's notes", [.paragraph(text)])
            if left > 0 { section.add(.note("cut: \(left) more characters in the account file")) }
            page.sections.append(section)
        }

        // The history.
        var history = Section(heading: "Our history with \(them)")
        if b.relationships.isEmpty { history.add(.paragraph("Nobody of ours knows \(them) yet.")) }
        for r in b.relationships {
            var line = "\(a.name(r.colleague)): \(r.level?.rawValue ?? "strength \(fixed(r.strength))"), \(fixed(r.strength)) today"
            if let since = r.since { line += ", since \(since)" }
            line += r.lastContact.map { ", last contact \($0)" } ?? ", no contact recorded"
            history.add(.bullet(line))
        }
        if b.interactionCount > 0 {
            history.add(
                .paragraph(
                    b.interactionCount > b.interactions.count
                        ? "The last \(b.interactions.count) of \(b.interactionCount) contacts in the log:" : "Contacts in the log:"))
            for i in b.interactions {
                var line = "\(i.date) · \(a.graph.node(i.ours).map(a.name) ?? i.ours)"
                if let k = i.kind { line += " · \(k.rawValue)" }
                if let note = i.note, !note.isEmpty { line += " — " + Self.cut(note, to: 160).text }
                history.add(.bullet(line))
            }
        }
        page.sections.append(history)

        // The way in.
        var way = Section(heading: "The way in")
        if let i = b.introducer {
            way.add(.paragraph("Introducer: \(a.name(i))\(a.person(i)?.title.map { ", \($0)" } ?? "")."))
        }
        way.add(.paragraph(b.ask))
        if !b.paths.isEmpty { way.add(.paragraph("Our strongest paths to \(them):")) }
        for path in b.paths {
            way.add(.bullet(path.nodes.map(a.name).joined(separator: " → ") + " (\(fixed(path.strength)))"))
        }
        page.sections.append(way)

        if !b.gapsLeft.isEmpty {
            let shown = b.gapsLeft.prefix(3)
            var open = Section(heading: "Still open about \(them)", shown.map { .bullet("\($0.reason) — \($0.action)") })
            if b.gapsLeft.count > shown.count { open.add(.note("and \(b.gapsLeft.count - shown.count) more")) }
            page.sections.append(open)
        }
        return page
    }

    /// The person's surroundings: their manager, peers and reports, and the people on our
    /// best path to them.
    func surroundings(_ b: VisitBrief) -> Diagram? {
        var o = ChartOptions(view: .org)
        var people = [b.person] + b.peers + b.reports + (b.manager.map { [$0] } ?? [])
        people += (b.paths.first?.nodes ?? []).filter { !a.graph.isTeam($0) }
        o.subset = Set(people).sorted().map { a.graph.ids[$0] }
        o.leftToRight = false
        o.stackLeaves = true
        o.collapse = false
        guard var d = try? ChartBuilder.diagram(a, o) else { return nil }
        // The page says what the chart is, and the facts beside it say what the colours
        // mean: the title and the legend would only shrink the people.
        d.nodes.removeAll { $0.id == "legend" }
        d.edges.removeAll { $0.from == "legend" || $0.to == "legend" }
        d.ranks = d.ranks.map { Diagram.Rank(kind: $0.kind, nodes: $0.nodes.filter { $0 != "legend" }) }.filter { !$0.nodes.isEmpty }
        d.graphAttributes.removeAll { $0.0 == "label" }
        return d
    }

    // MARK: Words

    func score(_ s: Double?) -> String { s.map { fixed($0, 1) } ?? "—" }

    func fixed(_ v: Double, _ places: Int = 2) -> String { String(format: "%.\(places)f", v) }

    func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    /// `text` cut after a word to at most `limit` characters, with "…", and how many
    /// characters were left out.
    static func cut(_ text: String, to limit: Int) -> (text: String, left: Int) {
        guard text.count > limit else { return (text, 0) }
        var end = text.index(text.startIndex, offsetBy: limit)
        if let space = text[..<end].lastIndex(where: { $0 == " " || $0 == "\n" }), text.distance(from: text.startIndex, to: space) > limit / 2 {
            end = space
        }
        return (String(text[..<end]) + " …", text.distance(from: end, to: text.endIndex))
    }
}
