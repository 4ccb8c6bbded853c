import Foundation
import StakemapCore

/// What a chart shows (docs/CHARTS.md, "Views").
public enum ChartView: String, Sendable, CaseIterable {
    /// The hierarchy; dotted lines dashed.
    case org
    /// Influence and conflict links over the hierarchy.
    case influence
    /// Our team and its relationships; each person coloured by coverage.
    case coverage
    /// The best paths from our team to one person.
    case path
    /// Power (rows) against stance (columns), each person in their cell.
    case grid
}

/// How to draw a chart: the view, the part of the organisation, and how compact.
public struct ChartOptions: Sendable {
    public var view: ChartView = .org
    /// Only this person's subtree…
    public var root: String? = nil
    /// …down to this many levels below them.
    public var depth: Int? = nil
    /// Only the people within `radius` links of this person (either direction).
    public var around: String? = nil
    public var radius: Int = 2
    /// Only role holders and the inner circle, with their managers up to the top.
    public var keyPlayersOnly = false
    /// Only the role holders in scope and the people on our best path to each of them:
    /// what the score is made of, however large the organisation.
    public var decidersOnly = false
    /// The person the path view leads to, and how many paths.
    public var target: String? = nil
    public var paths: Int = 3
    /// Names replaced by pseudonyms (their title and a number).
    public var anonymize = false
    /// Each manager's reports without reports of their own drawn as one stacked node.
    public var stackLeaves = true
    /// Levels as columns, left to right, instead of rows: a wide organisation becomes
    /// about as tall as it is wide, which suits a printed page.
    public var leftToRight = false
    /// Subtrees with no role holder, no inner-circle person and no relationship of ours
    /// drawn as one "+N people" node. Nil: when more than 150 people would be drawn.
    public var collapse: Bool? = nil
    /// Only these people of theirs, by id.
    public var subset: [String]? = nil
    /// A previous snapshot to draw the changes against (the org and influence views): who
    /// joined, moved or changed is marked, who left is drawn as a dashed ghost under their
    /// old manager, and the legend names the snapshot. See `ChartChanges`.
    public var changes: ChartChanges? = nil
    /// People whose reports are drawn as one "+N people" box, whoever is among them (a
    /// browser's "collapse"). Ids the account does not have are passed over.
    public var folded: Set<String> = []
    /// People whose reports are drawn even where a large chart would fold them (a
    /// browser's "expand"). Ids the account does not have are passed over.
    public var opened: Set<String> = []
    /// Links, for a chart shown in a browser: each person's box, and each row of a stacked
    /// box, goes to `personLink` followed by the person's id (percent-encoded), and each
    /// "+N people" box to `openLink` followed by the id of the manager whose reports it holds.
    public var personLink: String? = nil
    public var openLink: String? = nil

    public init(view: ChartView = .org) { self.view = view }
}

/// An option of `ChartOptions` that names a person: a message about its value says which.
public enum ChartOption: String, Sendable, Hashable, CaseIterable {
    /// `target`, the person the path view leads to.
    case target
    /// `root`, the top of the subtree drawn.
    case root
    /// `around`, the person at the centre of the people drawn.
    case around
    /// `subset`, the people a chart is narrowed to.
    case subset
}

/// A way to make a chart refused for its size fit, as a message offers it.
public enum ChartAdvice: Sendable, Hashable {
    /// Only the key players (`keyPlayersOnly`): this many people.
    case keyPlayers(people: Int)
    /// Only the deciders (`decidersOnly`): this many people.
    case deciders(people: Int)
    /// This many levels below the top (`depth`): this many people.
    case depth(Int, people: Int)
    /// One person's subtree (`root`).
    case root
    /// A chart book on pages of paper (`PageSetup`).
    case paper
    /// One page, however small the text.
    case fit
    /// A limit of this many people on one chart (`checkSize`'s `maximumPeople`).
    case maximumPeople(Int)
    /// A limit of this many pages (`BookLayout.maximumPages`); nil: more than now.
    case maximumPages(Int?)

    /// The advice in words, as it reads after "with".
    public var words: String {
        switch self {
        case .keyPlayers(let n): "only the key players (\(GridChart.people(n)))"
        case .deciders(let n): "only the deciders (\(GridChart.people(n)))"
        case .depth(let d, let n): "\(d) level\(d == 1 ? "" : "s") below the top (\(GridChart.people(n)))"
        case .root: "one person's subtree"
        case .paper: "a paper size"
        case .fit: "one page, however small the text"
        case .maximumPeople(let n): "a limit of \(GridChart.people(n))"
        case .maximumPages(let n): n.map { "a limit of \($0) pages" } ?? "a larger page limit"
        }
    }
}

/// A chart request that cannot be drawn, in the user's words. The options and advice a
/// message names are typed too, so that a front end can name them its own way
/// (`message(option:advice:)`; the command line names its flags).
public struct ChartError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One piece of a message: text, or something a front end may name its own way.
    enum Piece: Sendable, Hashable {
        case text(String)
        case option(ChartOption)
        /// Advice, several joined as "a, b or c".
        case advice([ChartAdvice])
    }

    let pieces: [Piece]

    /// A message in words only.
    public init(_ message: String) { pieces = [.text(message)] }

    init(_ pieces: [Piece]) { self.pieces = pieces }

    /// A message about the value of `option`: "root: unknown person 'x'".
    init(_ option: ChartOption, _ message: String) { pieces = [.option(option), .text(": " + message)] }

    /// The option the message is about, if any.
    public var option: ChartOption? {
        for case .option(let o) in pieces { return o }
        return nil
    }

    /// The ways to make the chart fit that the message offers, in its order.
    public var advice: [ChartAdvice] { pieces.flatMap { piece -> [ChartAdvice] in if case .advice(let a) = piece { a } else { [] } } }

    /// The message with options and advice named by the front end.
    public func message(option name: (ChartOption) -> String = \.rawValue, advice: (ChartAdvice) -> String = \.words) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let t): t
            case .option(let o): name(o)
            case .advice(let list):
                list.count < 2
                    ? list.map(advice).joined()
                    : list.dropLast().map(advice).joined(separator: ", ") + " or " + advice(list[list.count - 1])
            }
        }.joined()
    }

    /// The message in words, options by their names in `ChartOptions`.
    public var message: String { message() }
    public var description: String { message }
}

/// Turns an analysed account into a `Diagram`: pure, ordered, deterministic.
public enum ChartBuilder {
    static let font = "DejaVu Sans"

    /// Fill colours by stance: light enough for black text, distinct in greyscale too
    /// (the stance is also written in the node as ++ + = - -- ?).
    static func fill(_ s: Stance) -> String {
        switch s {
        case .mentor: "#7fbf7b"
        case .supporter: "#d9f0d3"
        case .neutral: "#f0f0f0"
        case .nonSupporter: "#fddbc7"
        case .enemy: "#ef8a62"
        case .unknown: "#ffffff"
        }
    }

    static func mark(_ s: Stance) -> String {
        switch s {
        case .mentor: "++"
        case .supporter: "+"
        case .neutral: "="
        case .nonSupporter: "−"
        case .enemy: "−−"
        case .unknown: "?"
        }
    }

    /// Coverage fill: strong, thin, below threshold, none.
    static func coverageFill(_ c: Double, threshold: Double) -> String {
        if c <= 0 { return "#ffffff" }
        if c < threshold { return "#f4a582" }
        if c < 0.6 { return "#fee08b" }
        return "#a6d96a"
    }

    static func badge(_ r: BuyingRole) -> String {
        switch r {
        case .economicBuyer: "EB"
        case .sponsor: "SP"
        case .decisionMaker: "DM"
        case .procurement: "PR"
        case .technicalEvaluator: "TE"
        case .user: "US"
        case .champion: "CH"
        case .coach: "CO"
        case .influencer: "IN"
        case .gatekeeper: "GK"
        case .legal: "LE"
        }
    }

    /// The number of levels below the top of the organisation to draw so that at most
    /// `budget` people are drawn (at least one level; nil when everyone fits).
    public static func depth(fitting budget: Int, in a: AccountAnalysis) -> Int? {
        let b = Builder(a, ChartOptions())
        var level = (0..<a.graph.nodeCount).filter { !a.graph.isTeam($0) && b.manager[$0] < 0 }
        var drawn = level.count
        var depth = 0
        while true {
            level = level.flatMap { b.children[$0] }
            if level.isEmpty { return nil }
            if drawn + level.count > budget { return max(depth, 1) }
            drawn += level.count
            depth += 1
        }
    }

    /// The focus options that would make the chart of `options` smaller, each with the
    /// number of people it would keep.
    static func focusAdvice(_ a: AccountAnalysis, _ options: ChartOptions) -> [ChartAdvice] {
        var advice: [ChartAdvice] = []
        func count(_ change: (inout ChartOptions) -> Void) -> Int? {
            var focused = options
            change(&focused)
            var b = Builder(a, focused)
            guard (try? b.select()) != nil else { return nil }
            return b.shown.filter { $0 }.count
        }
        if let k = count({ $0.keyPlayersOnly = true }) { advice.append(.keyPlayers(people: k)) }
        if let k = count({ $0.decidersOnly = true }) { advice.append(.deciders(people: k)) }
        if let d = depth(fitting: 120, in: a), let k = count({ $0.depth = d }) { advice.append(.depth(d, people: k)) }
        advice.append(.root)
        return advice
    }

    /// The most people a single chart draws by default (`checkSize`).
    public static let largestChart = 2_000

    /// Refuses, before any layout, a single chart naming more than `maximumPeople`
    /// people: laid out, it would be metres wide and take long to draw. The message says
    /// which focus options fit (`ChartError.advice`).
    public static func checkSize(_ d: Diagram, _ a: AccountAnalysis, _ options: ChartOptions, maximumPeople: Int) throws(ChartError) {
        guard d.people > maximumPeople else { return }
        throw ChartError([
            .text("this chart would draw \(d.people) people on one sheet, metres wide; focus it with "),
            .advice(focusAdvice(a, options)), .text("; print it as a chart book with "), .advice([.paper]),
            .text("; or draw it all with "), .advice([.maximumPeople(d.people)]),
        ])
    }

    /// Builds the diagram of `options.view` for `analysis`.
    /// - Throws: `ChartError` for an unknown or departed person in the options.
    public static func diagram(_ a: AccountAnalysis, _ options: ChartOptions) throws(ChartError) -> Diagram {
        var b = Builder(a, options)
        try b.select()
        let view = b.view
        return try view.diagram(&b)
    }
}

/// What one page of a chart book draws: its people, where the rest continues, and
/// the stubs that lead there (see `ChartBook`).
struct PageContext {
    /// This page's number (1-based).
    var number: Int
    /// The people on this page (node indices).
    var people: [Bool]
    /// People on this page whose reports continue on another page: the page, and how
    /// many people the continuation holds.
    var continued: [Int: (page: Int, people: Int)] = [:]
    /// The page each person is drawn on in full (0: not in the book), for the stubs of
    /// lines that cross pages.
    var home: [Int]
    /// Draw the legend (the first page).
    var legend: Bool
    /// At most this many rows per stacked box; longer stacks become several boxes.
    var maxStackRows: Int = .max
    /// Tops whose "+N people" box is drawn on another page (the first part of their reports).
    var foldsElsewhere: Set<Int> = []
    /// The page number written in stubs while pages are still being planned ("p. 000", as
    /// wide as the page numbers of a book of up to 999 pages).
    var placeholderPages = false
    /// People whose reports are shared out over several pages, on a page other than the
    /// first of them: the ghosts under them are drawn on the first.
    var ghostsElsewhere: [Int] = []
}

/// The state of one chart being built.
struct Builder {
    let a: AccountAnalysis
    let o: ChartOptions
    let g: InfluenceGraph
    /// What `o.view` decides.
    let view: any ViewBuilder
    /// Set when the chart is one page of a book.
    var page: PageContext? = nil
    /// Filled by `build` for a book page: the links to other pages, and who is drawn.
    var links: [ChartBook.Link] = []
    var drawnPeople: [Int] = []
    /// On a book page: the lines from each person to people on other pages.
    var crossing: [Int: [(kind: String, other: Int)]] = [:]
    /// Manager node of each node (-1: none shown).
    var manager: [Int]
    var children: [[Int]]
    /// People drawn (node indices), in node order.
    var shown: [Bool]
    /// How many people below each person a depth limit leaves out (written "+N below").
    var hiddenBelow: [Int]
    var pathNodes: [Int: Int] = [:]
    var paths: [InfluencePath] = []
    /// Ids of the people with an influence or conflict link (the influence view draws them).
    var linkPartners: [[Int]]
    /// People someone has as a dotted-line manager (their line ends at their own box).
    var dottedManager: [Bool]
    /// The people drawn at all (shown and not folded into "+N people"), once known: a
    /// link to anyone else is not drawn, so it keeps nobody out of a stack.
    var drawable: [Bool]? = nil
    /// The marks against a previous snapshot (the org and influence views, with `changes`).
    var marks: ChangeMarks? = nil

    init(_ a: AccountAnalysis, _ o: ChartOptions) {
        self.a = a
        self.o = o
        self.g = a.graph
        let view = o.view.builder
        self.view = view
        let n = a.graph.nodeCount
        manager = [Int](repeating: -1, count: n)
        children = [[Int]](repeating: [], count: n)
        shown = [Bool](repeating: false, count: n)
        hiddenBelow = [Int](repeating: 0, count: n)
        dottedManager = [Bool](repeating: false, count: n)
        for p in a.account.people {
            for m in p.dotted { if let mv = a.graph.node(m), mv < n { dottedManager[mv] = true } }
        }
        linkPartners = [[Int]](repeating: [], count: n)
        if view.drawsLinks {
            for l in a.account.links {
                guard let u = a.graph.node(l.from), let v = a.graph.node(l.to), u < n, v < n else { continue }
                linkPartners[u].append(v)
                linkPartners[v].append(u)
            }
        }
        for v in 0..<n {
            guard let p = a.person(v), let m = p.reportsTo, let mv = a.graph.node(m), !a.graph.isTeam(mv) else { continue }
            manager[v] = mv
            children[mv].append(v)
        }
        if let c = o.changes, view.marksChanges { marks = ChangeMarks(self, c) }
    }

    func resolve(_ id: String, _ option: ChartOption) throws(ChartError) -> Int {
        if let v = g.node(id), !g.isTeam(v) { return v }
        if let p = a.account.people.first(where: { $0.id == id }), let left = p.left {
            throw ChartError(option, "\(p.name) ('\(id)') left on \(left)")
        }
        if g.node(id) != nil { throw ChartError(option, "'\(id)' is one of our team; name one of their people") }
        let hint = Suggester(a.account.people.map(\.id)).hint(for: id)
        throw ChartError(option, "unknown person '\(id)'\(hint)")
    }

    func isPerson(_ v: Int) -> Bool { !g.isTeam(v) }

    /// Chooses who is drawn, as the view does it.
    mutating func select() throws(ChartError) {
        let view = self.view
        try view.select(&self)
    }

    /// Everyone of theirs, narrowed by the focus options: a subtree, levels, the
    /// neighbourhood of someone, the deciders, the key players.
    mutating func selectFocus() throws(ChartError) {
        let n = g.nodeCount
        for v in 0..<n where !g.isTeam(v) { shown[v] = true }
        if let r = o.root {
            let root = try resolve(r, .root)
            keepLevels(from: [root], depth: o.depth)
        } else if let d = o.depth {
            // Depth from the top of the organisation.
            keepLevels(from: (0..<n).filter { isPerson($0) && manager[$0] < 0 }, depth: d)
        }
        if let c = o.around {
            let center = try resolve(c, .around)
            var dist = [Int](repeating: -1, count: n)
            dist[center] = 0
            var queue = [center]
            var head = 0
            while head < queue.count {
                let u = queue[head]; head += 1
                if dist[u] >= o.radius { continue }
                for adj in [g.forward, g.backward] {
                    for e in adj.range(u) {
                        let v = Int(adj.targets[e])
                        if !g.isTeam(v) && dist[v] < 0 { dist[v] = dist[u] + 1; queue.append(v) }
                    }
                }
            }
            for v in 0..<n { shown[v] = shown[v] && dist[v] >= 0 }
        }
        if o.decidersOnly {
            var keep = [Bool](repeating: false, count: n)
            for h in a.holders {
                keep[h.node] = true
                for v in a.paths.path(to: h.node) ?? [] { keep[v] = true }
            }
            for v in 0..<n { shown[v] = shown[v] && keep[v] }
        }
        if o.keyPlayersOnly {
            var keep = [Bool](repeating: false, count: n)
            for v in 0..<n where shown[v] && isKey(v) {
                var u = v
                while u >= 0 && !keep[u] { keep[u] = true; u = manager[u] }
            }
            for v in 0..<n { shown[v] = shown[v] && keep[v] }
        }
    }

    /// Keeps `top` and their reports down to `depth` levels (all levels when nil); the
    /// people below the last level are counted in `hiddenBelow` of their manager there.
    mutating func keepLevels(from top: [Int], depth: Int?) {
        let n = g.nodeCount
        var keep = [Bool](repeating: false, count: n)
        var level = top
        for v in level { keep[v] = true }
        var d = 0
        while !level.isEmpty && (depth.map { d < $0 } ?? true) {
            level = level.flatMap { children[$0] }
            for v in level { keep[v] = true }
            d += 1
        }
        for v in level {
            var size = 0
            var stack = children[v]
            while let x = stack.popLast() { size += 1; stack.append(contentsOf: children[x]) }
            hiddenBelow[v] = size
        }
        for v in 0..<n { shown[v] = shown[v] && keep[v] }
    }

    /// A role holder, an inner-circle person, or someone one of ours knows directly.
    func isKey(_ v: Int) -> Bool {
        guard let p = a.person(v) else { return false }
        return !p.roles.isEmpty || p.power == .innerCircle || isKnown(v)
    }

    /// Known directly by one of ours.
    func isKnown(_ v: Int) -> Bool { g.backward.range(v).contains { g.backward.kinds[$0] == .relationship } }

    func name(_ v: Int) -> String {
        if o.anonymize, let p = a.person(v) {
            return p.title.map { "\($0) #\(v + 1)" } ?? "Person #\(v + 1)"
        }
        return a.name(v)
    }

    func nodeId(_ v: Int) -> String { "n\(v)" }

    /// The page number a stub names ("p. 12"), or a stand-in as wide while pages are planned.
    func pageText(_ number: Int) -> String { page?.placeholderPages == true ? "p. 000" : "p. \(number)" }

    /// The markers line of one person: roles, stance, inner circle, coverage, and what
    /// lies below them elsewhere.
    func markers(_ v: Int) -> String {
        guard let p = a.person(v) else { return "" }
        var markers: [String] = []
        let roles = a.rolesInScope(of: v)
        if !roles.isEmpty { markers.append(roles.map(ChartBuilder.badge).joined(separator: "·")) }
        markers.append(ChartBuilder.mark(p.stance))
        if p.power == .innerCircle { markers.append("★") }
        let c = a.coverage(v)
        markers.append(c > 0 ? "cov \(formatStrength(c))" : "cov —")
        if hiddenBelow[v] > 0 { markers.append("+\(hiddenBelow[v]) below") }
        if let next = page?.continued[v] { markers.append("→ \(pageText(next.page)) · \(next.people) \(next.people == 1 ? "person" : "people")") }
        return markers.joined(separator: "  ")
    }

    /// The title drawn under a person's name (none when anonymised).
    func title(_ v: Int) -> String { o.anonymize ? "" : (a.person(v)?.title ?? "") }

    /// The HTML label of one person, as table rows.
    func rows(_ v: Int, compact: Bool) -> String {
        guard let p = a.person(v) else { return "" }
        let marks = markers(v)
        let title = title(v)
        let fill = view.fill(self, v)
        let nameText = htmlEscape(name(v)) + (p.placeholder ? " (?)" : "")
        if compact {
            // A changed row of a stack has a thick border of its mark's colour.
            let border = self.marks?.mark[v].map { " BORDER=\"2\" COLOR=\"\($0.colour)\"" } ?? ""
            let link = linkAttributes(v)
            return
                "<TR><TD ALIGN=\"LEFT\" BGCOLOR=\"\(fill)\"\(border)\(link)><B>\(nameText)</B>\(title.isEmpty ? "" : " <FONT POINT-SIZE=\"8\">\(htmlEscape(title))</FONT>")<BR ALIGN=\"LEFT\"/><FONT POINT-SIZE=\"8\">\(htmlEscape(marks))</FONT>\(changeRows(v, compact: true))</TD></TR>"
        }
        var out = "<TR><TD><B>\(nameText)</B></TD></TR>"
        if !title.isEmpty { out += "<TR><TD><FONT POINT-SIZE=\"9\">\(htmlEscape(title))</FONT></TD></TR>" }
        out += "<TR><TD><FONT POINT-SIZE=\"9\">\(htmlEscape(marks))</FONT></TD></TR>"
        out += changeRows(v, compact: false)
        return out
    }

    /// The HREF and TITLE of a person's cell in an HTML label, with `ChartOptions.personLink`.
    func linkAttributes(_ v: Int) -> String {
        guard let link = o.personLink, let p = a.person(v) else { return "" }
        return " HREF=\"\(htmlEscape(link + percentEncoded(p.id)))\" TITLE=\"\(htmlEscape(name(v)))\""
    }

    func personNode(_ v: Int) -> Diagram.Node {
        guard let p = a.person(v) else { return Diagram.Node(id: nodeId(v)) }
        let fill = view.fill(self, v)
        var style = "rounded,filled"
        if p.placeholder { style += ",dashed" }
        var pen = p.power == .innerCircle ? "3" : p.power == .politicalStructure ? "2" : "1"
        let changed = marks?.mark[v]
        // A changed person's border takes their mark's colour, at least 2 pt wide to be seen.
        if changed != nil && pen == "1" { pen = "2" }
        var attrs: [(String, String)] = [
            ("htmllabel", "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">\(rows(v, compact: false))</TABLE>"),
            ("fillcolor", fill), ("penwidth", pen), ("style", style),
        ]
        if let changed { attrs.append(("color", changed.colour)) }
        if let link = o.personLink { attrs += [("URL", link + percentEncoded(p.id)), ("tooltip", labelEscape(name(v)))] }
        attrs += view.personAttributes(self, v)
        return Diagram.Node(id: nodeId(v), attributes: attrs)
    }

    /// The forest of shown people and what collapsing makes of it: each person's shown
    /// reports, the tops, and which subtrees hold someone worth drawing.
    struct Forest {
        var roots: [Int]
        var children: [[Int]]
        var collapse: Bool
        var interesting: [Bool]
        /// The people whose reports are all folded (`ChartOptions.folded`), and those whose
        /// reports are never folded (`ChartOptions.opened`).
        var foldsAll: [Bool]
        var keepsOpen: [Bool]
        /// Whether `c`, a shown report of `v`, is folded into the "+N people" box under `v`.
        func folded(_ c: Int, under v: Int) -> Bool {
            if foldsAll[v] { return true }
            if keepsOpen[v] { return false }
            return collapse && !interesting[c] && !children[c].isEmpty
        }
        /// Who is drawn at all: the shown people outside folded subtrees.
        func drawable(count n: Int) -> [Bool] {
            var out = [Bool](repeating: false, count: n)
            var stack = roots
            while let v = stack.popLast() {
                out[v] = true
                for c in children[v] where !folded(c, under: v) { stack.append(c) }
            }
            return out
        }
    }

    func forest() -> Forest {
        let n = g.nodeCount
        var shownChildren = [[Int]](repeating: [], count: n)
        var roots: [Int] = []
        for v in 0..<n where shown[v] {
            if manager[v] >= 0 && shown[manager[v]] { shownChildren[manager[v]].append(v) } else { roots.append(v) }
        }
        let count = shown.filter { $0 }.count
        let collapse = view.compacts && (o.collapse ?? (count > 150))
        var interesting = [Bool](repeating: false, count: n)
        if collapse {
            // Post-order over the shown forest: a subtree is interesting when anyone in it is.
            var order: [Int] = []
            var stack = roots
            while let v = stack.popLast() { order.append(v); stack.append(contentsOf: shownChildren[v]) }
            // A change against the previous snapshot is never folded away either.
            for v in order.reversed() {
                interesting[v] = isKey(v) || (marks?.isMarked(v) ?? false) || shownChildren[v].contains { interesting[$0] }
            }
        }
        var foldsAll = [Bool](repeating: false, count: n)
        var keepsOpen = [Bool](repeating: false, count: n)
        for id in o.folded { if let v = g.node(id) { foldsAll[v] = true } }
        for id in o.opened { if let v = g.node(id) { keepsOpen[v] = true } }
        return Forest(
            roots: roots, children: shownChildren, collapse: collapse, interesting: interesting, foldsAll: foldsAll, keepsOpen: keepsOpen)
    }

    mutating func build() -> Diagram {
        let n = g.nodeCount
        var d = Diagram(name: "stakemap")
        d.graphAttributes = [
            ("fontname", ChartBuilder.font), ("rankdir", view.leftToRight || o.leftToRight ? "LR" : "TB"), ("nodesep", "0.25"),
            ("ranksep", "0.45"), ("newrank", "true"),
        ]
        if page == nil {
            d.graphAttributes += [
                (
                    "label",
                    labelEscape(
                        "\(o.anonymize ? "Account" : a.account.info.name) — \(o.view.rawValue) view, as of \(a.asOf)"
                            + (marks.map { "\nchanges since \($0.label)" } ?? ""))
                ),
                ("labelloc", "t"), ("fontsize", "16"),
            ]
        }
        d.nodeDefaults = [("shape", "box"), ("fontname", ChartBuilder.font), ("fontsize", "10"), ("margin", "0.06,0.03"), ("color", "#444444")]
        d.edgeDefaults = [("fontname", ChartBuilder.font), ("fontsize", "8"), ("arrowsize", "0.6")]

        // Collapsing and stacking decide which node stands for each shown person.
        var standsFor = [Int](repeating: -1, count: n)  // node index the person is drawn in (self, a stack or a collapse)
        let f = forest()
        let shownChildren = f.children
        if drawable == nil { drawable = f.drawable(count: n) }
        func onPage(_ v: Int) -> Bool { page?.people[v] ?? true }
        func continues(_ v: Int) -> Bool { page?.continued[v] != nil }
        // A book page starts from its own tops: the people whose manager is not on it.
        let roots =
            page == nil
            ? f.roots
            : (0..<n).filter { v in
                onPage(v) && !(manager[v] >= 0 && shown[manager[v]] && onPage(manager[v]) && !continues(manager[v]))
            }
        var collapsed: [(node: String, manager: Int, size: Int, unit: String?)] = []
        var stacks: [(node: String, manager: Int, members: [Int])] = []
        var drawn: [Int] = []
        var queue = roots
        while let v = queue.popLast() {
            drawn.append(v)
            standsFor[v] = v
            // Someone whose reports continue on another page ends here, with a stub.
            if continues(v) { continue }
            var leaves: [Int] = []
            var collapsedHere: [(size: Int, unit: String?)] = []
            for c in shownChildren[v] {
                if f.folded(c, under: v) {
                    var size = 0
                    var stack = [c]
                    while let x = stack.popLast() { size += 1; standsFor[x] = -2; stack.append(contentsOf: shownChildren[x]) }
                    if size >= 2 || f.foldsAll[v] {
                        // A top whose reports are shared over pages has its "+N people" on the first.
                        if page?.foldsElsewhere.contains(v) != true { collapsedHere.append((size, a.person(c)?.unit)) }
                        continue
                    }
                }
                guard onPage(c) else { continue }
                // A ghost of someone who left is a report too: their old manager is no leaf.
                let leaf = shownChildren[c].isEmpty && ghosts(under: c).isEmpty || continues(c)
                if o.stackLeaves && view.compacts && leaf && !hasOwnEdges(c) {
                    leaves.append(c)
                } else {
                    queue.append(c)
                }
            }
            // All the collapsed subtrees under one manager become one node.
            if !collapsedHere.isEmpty {
                let units = Array(Set(collapsedHere.compactMap(\.unit))).sorted()
                collapsed.append(
                    (
                        "c\(v)", v, collapsedHere.reduce(0) { $0 + $1.size },
                        units.isEmpty ? nil : units.count <= 2 ? units.joined(separator: ", ") : "\(units.count) units"
                    ))
            }
            if leaves.count >= 2 {
                let members = leaves.sorted()
                let chunk = max(2, page?.maxStackRows ?? .max)
                for (k, start) in stride(from: 0, to: members.count, by: chunk).enumerated() {
                    stacks.append((k == 0 ? "s\(v)" : "s\(v)_\(k)", v, Array(members[start..<min(start + chunk, members.count)])))
                }
                for l in leaves { standsFor[l] = -3 }
            } else {
                queue.append(contentsOf: leaves)
            }
        }
        drawn.sort()
        for v in drawn {
            d.nodes.append(personNode(v))
            if let next = page?.continued[v] { links.append(ChartBook.Link(node: nodeId(v), row: 0, rows: 1, page: next.page)) }
        }
        drawnPeople = drawn
        for s in stacks.sorted(by: { ($0.manager, $0.node.count, $0.node) < ($1.manager, $1.node.count, $1.node) }) {
            let body = s.members.map { rows($0, compact: true) }.joined()
            d.nodes.append(
                Diagram.Node(
                    id: s.node,
                    attributes: [
                        ("htmllabel", "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"#999999\">\(body)</TABLE>"),
                        ("shape", "plain"),
                    ]))
            d.edges.append(Diagram.Edge(from: nodeId(s.manager), to: s.node, attributes: [("color", "#555555")]))
            for (row, m) in s.members.enumerated() {
                if let next = page?.continued[m] { links.append(ChartBook.Link(node: s.node, row: row, rows: s.members.count, page: next.page)) }
            }
            drawnPeople += s.members
        }
        drawnPeople.sort()
        for c in collapsed.sorted(by: { $0.node < $1.node }) {
            let unit = c.unit.map { "\\n(\(labelEscape($0)))" } ?? ""
            var attributes = [
                ("label", "+\(c.size) people\(unit)"), ("style", "rounded,dashed"), ("fontcolor", "#555555"), ("color", "#999999"),
            ]
            if let openLink = o.openLink, let id = a.person(c.manager)?.id {
                attributes += [("URL", openLink + percentEncoded(id)), ("tooltip", "show these \(c.size) people")]
            }
            d.nodes.append(Diagram.Node(id: c.node, attributes: attributes))
            d.edges.append(Diagram.Edge(from: nodeId(c.manager), to: c.node, attributes: [("color", "#999999"), ("style", "dashed")]))
        }

        // The people who left, under their old manager when this chart draws them in a box
        // of their own (the first page of a book takes those whose manager is nowhere).
        if let marks {
            var tops: [(parent: String?, ghost: Int)] = []
            for v in drawn where !continues(v) { for k in ghosts(under: v) { tops.append((nodeId(v), k)) } }
            if page?.legend ?? true { for k in marks.topGhosts { tops.append((nil, k)) } }
            for top in tops {
                for x in marks.ghostTree(top.ghost) {
                    d.nodes.append(ghostNode(marks.ghosts[x]))
                    let from = x == top.ghost ? top.parent : marks.ghosts[marks.ghosts[x].managerGhost].id
                    if let from {
                        d.edges.append(
                            Diagram.Edge(
                                from: from, to: marks.ghosts[x].id,
                                attributes: [
                                    ("color", "#aaaaaa"), ("style", "dashed"),
                                ]))
                    }
                }
            }
        }

        // Hierarchy edges between drawn people.
        let faint = view.hierarchyColour
        for v in drawn where manager[v] >= 0 && standsFor[manager[v]] == manager[v] && !continues(manager[v]) {
            d.edges.append(Diagram.Edge(from: nodeId(manager[v]), to: nodeId(v), attributes: [("color", faint)]))
        }
        // On a book page, each top whose manager is drawn on another page points back there.
        if let page {
            var stubbed = Set<Int>()
            for v in roots where manager[v] >= 0 && page.home[manager[v]] > 0 && page.home[manager[v]] != page.number {
                let m = manager[v]
                let id = "u\(m)"
                if stubbed.insert(m).inserted {
                    d.nodes.append(stubNode(id, "↑ \(name(m)) · \(pageText(page.home[m]))"))
                    links.append(ChartBook.Link(node: id, row: 0, rows: 1, page: page.home[m]))
                }
                d.edges.append(Diagram.Edge(from: id, to: nodeId(v), attributes: [("color", faint), ("style", "dashed")]))
            }
        }
        // Dotted lines: dashed, not constraining the layout.
        let dotted: [(String, String)] = [("style", "dashed"), ("constraint", "false"), ("color", "#888888"), ("arrowhead", "open")]
        for v in drawn {
            guard let p = a.person(v) else { continue }
            for m in p.dotted {
                guard let mv = g.node(m) else { continue }
                if standsFor[mv] == mv {
                    d.edges.append(Diagram.Edge(from: nodeId(mv), to: nodeId(v), attributes: dotted))
                } else {
                    crossStub(to: mv, from: v, "dotted-line manager")
                }
            }
        }
        if page != nil {
            // Dotted reports drawn on other pages.
            for v in 0..<n where shown[v] && standsFor[v] != v {
                guard let p = a.person(v), !p.dotted.isEmpty else { continue }
                for m in p.dotted {
                    guard let mv = g.node(m), standsFor[mv] == mv else { continue }
                    crossStub(to: v, from: mv, "dotted-line report")
                }
            }
        }
        let view = self.view
        view.addLines(&self, &d, standsFor: standsFor)
        addCrossStubs(&d)
        d.people = drawnPeople.count
        if page?.legend ?? true { d.nodes.append(legend()) }
        // On a book page the legend goes to the bottom, where it takes no rank of its own.
        if page?.legend == true { d.ranks.append(Diagram.Rank(kind: "max", nodes: ["legend"])) }
        return d
    }

    /// The ghosts drawn under `v`: none where a depth limit hides `v`'s reports.
    func ghosts(under v: Int) -> [Int] {
        guard let marks, hiddenBelow[v] == 0, !(page?.ghostsElsewhere.contains(v) ?? false) else { return [] }
        return marks.ghostsUnder[v]
    }

    /// Someone who left, at their old place: dashed, grey, "left".
    func ghostNode(_ ghost: ChangeMarks.Ghost) -> Diagram.Node {
        let grey = ChangeMark.ghostText
        var rows = "<TR><TD><FONT COLOR=\"\(grey)\"><B>\(htmlEscape(ghost.name))</B></FONT></TD></TR>"
        if !ghost.title.isEmpty { rows += "<TR><TD><FONT POINT-SIZE=\"9\" COLOR=\"\(grey)\">\(htmlEscape(ghost.title))</FONT></TD></TR>" }
        rows += "<TR><TD><FONT POINT-SIZE=\"8\" COLOR=\"\(grey)\">\(htmlEscape(ghost.note))</FONT></TD></TR>"
        return Diagram.Node(
            id: ghost.id,
            attributes: [
                ("htmllabel", "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">\(rows)</TABLE>"),
                ("style", "rounded,dashed"), ("color", ChangeMark.ghostColour),
            ])
    }

    /// The lines that say what changed for `v`, in its mark's colour ("NEW" in bold).
    func changeRows(_ v: Int, compact: Bool) -> String {
        guard let marks, let m = marks.mark[v] else { return "" }
        let texts = marks.lines[v].map { line in
            line.hasPrefix("NEW") ? "<B>NEW</B>" + htmlEscape(String(line.dropFirst(3))) : htmlEscape(line)
        }
        if compact {
            // On the markers line: every row of a stack keeps two lines, so that links to
            // its rows can be placed by dividing the box evenly.
            return "<FONT POINT-SIZE=\"8\" COLOR=\"\(m.colour)\">  · \(texts.joined(separator: " · "))</FONT>"
        }
        return texts.map { "<TR><TD><FONT POINT-SIZE=\"8\" COLOR=\"\(m.colour)\">\($0)</FONT></TD></TR>" }.joined()
    }

    /// A small box standing for someone drawn on another page.
    func stubNode(_ id: String, _ text: String) -> Diagram.Node {
        Diagram.Node(
            id: id,
            attributes: [
                ("label", labelEscape(text)), ("style", "rounded,dashed"), ("fontsize", "8"), ("color", "#999999"),
                ("fontcolor", "#333333"), ("margin", "0.05,0.02"), ("height", "0.3"),
            ])
    }

    /// On a book page, notes that a line of the view joins `near`, on this page, to
    /// `other`, drawn on another page (nothing when `other` is in no page of the book).
    mutating func crossStub(to other: Int, from near: Int, _ kind: String) {
        guard let page, page.home[other] > 0, page.home[other] != page.number else { return }
        crossing[near, default: []].append((kind, other))
    }

    /// Beside each person with lines to other pages, one box with a row per line: what
    /// it is, who is at the other end, and their page (each row a link there).
    mutating func addCrossStubs(_ d: inout Diagram) {
        guard let page else { return }
        for near in crossing.keys.sorted() {
            guard let lines = crossing[near] else { continue }
            let id = "x\(near)"
            let rows = lines.map { line in
                "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\" COLOR=\"#333333\">\(htmlEscape("\(line.kind): \(name(line.other)) · \(pageText(page.home[line.other]))"))</FONT></TD></TR>"
            }
            d.nodes.append(
                Diagram.Node(
                    id: id,
                    attributes: [
                        ("htmllabel", "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">\(rows.joined())</TABLE>"),
                        ("style", "rounded,dashed"), ("color", "#999999"), ("margin", "0.04,0.02"),
                    ]))
            d.edges.append(
                Diagram.Edge(
                    from: nodeId(near), to: id,
                    attributes: [
                        ("style", "dashed"), ("color", "#999999"), ("arrowhead", "none"), ("constraint", "false"),
                    ]))
            d.ranks.append(Diagram.Rank(kind: "same", nodes: [nodeId(near), id]))
            for (row, line) in lines.enumerated() {
                links.append(ChartBook.Link(node: id, row: row, rows: lines.count, page: page.home[line.other]))
            }
        }
    }

    /// Whether a person has edges of this view that a stack would hide: a dotted line,
    /// or a link to someone drawn (links are known only in views that draw them).
    func hasOwnEdges(_ v: Int) -> Bool {
        guard let p = a.person(v) else { return false }
        if !p.dotted.isEmpty || dottedManager[v] { return true }
        return linkPartners[v].contains { drawable?[$0] ?? true }
    }

    func teamNode(_ t: Int) -> Diagram.Node {
        let m = g.teamIndex(t).map { a.account.team[$0] }
        var label = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD><B>\(htmlEscape(a.name(t)))</B></TD></TR>"
        if let title = m?.title { label += "<TR><TD><FONT POINT-SIZE=\"9\">\(htmlEscape(title))</FONT></TD></TR>" }
        label += "<TR><TD><FONT POINT-SIZE=\"9\">ours</FONT></TD></TR></TABLE>"
        return Diagram.Node(id: "t\(t)", attributes: [("htmllabel", label), ("style", "filled"), ("fillcolor", "#c6dbef"), ("shape", "box")])
    }

    func legend() -> Diagram.Node {
        // Swatches in their own inner table, so the long notes below do not widen them.
        var swatches: [String] = []
        func row(_ fill: String, _ text: String) {
            swatches.append("<TR><TD BGCOLOR=\"\(fill)\" WIDTH=\"16\" BORDER=\"1\"> </TD><TD ALIGN=\"LEFT\">\(htmlEscape(text))</TD></TR>")
        }
        for s in Stance.allCases { row(ChartBuilder.fill(s), "\(ChartBuilder.mark(s)) \(s.rawValue)") }
        let badges = BuyingRole.allCases.map { "\(ChartBuilder.badge($0)) \($0.rawValue)" }
        var notes = stride(from: 0, to: badges.count, by: 3).map { badges[$0..<min($0 + 3, badges.count)].joined(separator: " · ") }
        notes += [
            "★ thick border: inner circle", "medium border: political structure", "dashed box: holder unknown",
            "dashed arrow: dotted-line manager", "cov: coverage (best path strength)",
        ]
        notes += view.legendNotes
        let text = notes.map(htmlEscape).joined(separator: "<BR ALIGN=\"LEFT\"/>") + "<BR ALIGN=\"LEFT\"/>"
        let inner = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"1\">\(swatches.joined())</TABLE>"
        var changes = ""
        if let marks {
            // Each kind of change as a swatch of its border colour, under the snapshot's name.
            let kinds: [(String, String)] = [
                (ChangeMark.joined.colour, "NEW: joined"), (ChangeMark.moved.colour, "moved: new manager or unit (was …)"),
                (ChangeMark.changed.colour, "changed: roles, stance, power or title"),
                (ChangeMark.ghostColour, "left: dashed grey, at their old place"),
            ]
            let rows = kinds.map { colour, text in
                "<TR><TD WIDTH=\"16\" BORDER=\"2\" COLOR=\"\(colour)\"> </TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"\(colour == ChangeMark.ghostColour ? ChangeMark.ghostText : colour)\">\(htmlEscape(text))</FONT></TD></TR>"
            }
            changes =
                "<TR><TD ALIGN=\"LEFT\"><B>Changes since</B><BR ALIGN=\"LEFT\"/><FONT POINT-SIZE=\"8\">\(htmlEscape(marks.label))</FONT><BR ALIGN=\"LEFT\"/></TD></TR>"
                + "<TR><TD ALIGN=\"LEFT\"><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"1\">\(rows.joined())</TABLE></TD></TR>"
        }
        return Diagram.Node(
            id: "legend",
            attributes: [
                (
                    "htmllabel",
                    "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"#999999\"><TR><TD ALIGN=\"LEFT\"><B>Legend</B></TD></TR><TR><TD ALIGN=\"LEFT\">\(inner)</TD></TR><TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"8\">\(text)</FONT></TD></TR>\(changes)</TABLE>"
                ),
                ("shape", "plain"),
            ])
    }
}
