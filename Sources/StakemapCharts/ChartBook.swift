import Foundation
import StakemapCore

/// A chart printed as a book of pages, each page its own diagram laid out on its own:
/// an overview of the top of the hierarchy, then each continued subtree, then an index.
/// Pages are cut between people, never through them; every person whose reports
/// continue elsewhere carries a stub ("→ p. 4 · 37 people") that links to that page.
public struct ChartBook: Sendable {
    /// A clickable area of a page: a node, or one row of a stacked node, leading to `page`.
    public struct Link: Sendable, Hashable {
        public var node: String
        public var row: Int
        public var rows: Int
        /// The page it leads to, 1-based.
        public var page: Int
    }

    public struct Page: Sendable {
        public var diagram: Diagram
        /// The line under the page's title ("continued from p. 1 — under Hélène Dubois, DSI").
        public var heading: String
        /// The page's entry in the PDF outline, and the page whose entry it sits under (0: the top).
        public var outline: String
        public var parent: Int
        public var links: [Link]
    }

    /// A person of the index, with the pages they are drawn on.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var detail: String
        public var pages: [Int]
    }

    /// Printed at the top of every page ("Banque Exemple — org chart").
    public var title: String
    /// The first line of every page's strip: account, view and as-of date.
    public var strip: String
    /// The second line of the strip: what the pages hold and who may read them.
    public var notice: String
    public var pages: [Page]
    public var index: [Entry]
    /// How many of their people the book draws.
    public var people: Int = 0
    /// The as-of date, ISO 8601: the PDF's creation date, so the same account gives the same file.
    public var date: String
}

/// What `ChartBook.plan` needs to know about the paper.
public struct BookLayout: Sendable {
    public var page: PageSetup
    /// The smallest scale a page may be printed at: at 0.7, names (10 pt) print at 7 pt
    /// and the smallest text (8 pt) at 5.6 pt.
    public var minimumZoom: Double = 0.7
    /// Room above and below the drawing for the page's title and its strip, in points.
    public var headerHeight: Double = 26
    public var footerHeight: Double = 26
    /// A book that would take more pages than this is refused with advice on focusing it.
    public var maximumPages: Int = 40

    public init(page: PageSetup) { self.page = page }

    /// The area the drawing is fitted into, in points.
    public var area: ChartRect {
        ChartRect(x: page.margin, y: page.margin + headerHeight, width: page.inner.width, height: page.inner.height - headerHeight - footerHeight)
    }
}

extension ChartBook {
    /// Plans the book of `options` for `layout`: which people go on which page, and the
    /// diagram of each page. `measure` lays a diagram out and returns its size in points;
    /// every page is measured, and a page that would print below `minimumZoom` is split
    /// further.
    /// - Throws: `ChartError` for a bad focus option, or when the book would take more
    ///   than `layout.maximumPages` pages (the message says which focus options fit).
    public static func plan(
        _ a: AccountAnalysis, _ options: ChartOptions, layout: BookLayout,
        measure: (Diagram) throws -> ChartSize
    ) throws -> ChartBook {
        let shape = options.view.builder.book
        switch shape {
        case .none: throw ChartError([.text("the \(options.view.rawValue) view is drawn on one page; print it with "), .advice([.fit])])
        case .units, .onePage: return try planByUnits(a, options, shape: shape, layout: layout, measure: measure)
        case .tree: break
        }
        // A tall page holds more of a tree whose levels run left to right.
        var options = options
        if !layout.page.landscape { options.leftToRight = true }
        let planner = try Planner(a, options, layout)
        planner.planned.stopAt = layout.maximumPages
        var tree = planner.planTops()
        // Refused on the estimate before any layout, and again once every page is measured.
        if planner.planned.stopped || tree.count > layout.maximumPages {
            throw planner.tooLarge(pages: tree.count, atLeast: planner.planned.stopped)
        }
        planner.planned.stopAt = .max
        let verified = try planner.verify(tree, measure: measure)
        tree = verified[0]
        tree.parts += verified.dropFirst()
        if tree.count > layout.maximumPages { throw planner.tooLarge(pages: tree.count) }
        return planner.book(tree)
    }
}

extension ChartBook {
    /// The coverage map and the political grid are not trees: the grid is one page, and
    /// the coverage map, when it does not fit one page, is shared out by unit (in the
    /// map's own order, so a colleague's people stay together), each page with the
    /// colleagues who know someone on it; a unit too large for a page is split.
    static func planByUnits(
        _ a: AccountAnalysis, _ options: ChartOptions, shape: BookShape, layout: BookLayout,
        measure: (Diagram) throws -> ChartSize
    ) throws -> ChartBook {
        var b = Builder(a, options)
        try b.select()
        func diagram(_ people: [Int]?) throws -> Diagram {
            var o = options
            if let people { o.subset = people.map { a.graph.ids[$0] } }
            var d = try ChartBuilder.diagram(a, o)
            // The page's own title and strip say what the coverage map's title said (the
            // grid's title also says whom it names).
            if shape == .units { d.graphAttributes.removeAll { $0.0 == "label" || $0.0 == "labelloc" } }
            return d
        }
        let area = layout.area
        func zoom(_ d: Diagram) throws -> Double {
            let size = try measure(d)
            return min(area.width / max(size.width, 1), area.height / max(size.height, 1))
        }
        var pages: [(people: [Int], heading: String, outline: String, diagram: Diagram)] = []
        let whole = try diagram(nil)
        let units = shape == .units ? try CoverageChart(b).plan().units : []
        if try shape == .onePage || units.isEmpty || zoom(whole) >= layout.minimumZoom {
            pages = [(units.flatMap(\.people), "", "Chart", whole)]
        } else {
            var current: [Int] = []
            var names: [String] = []
            func flush() throws {
                guard !current.isEmpty else { return }
                let shown = names.count > 3 ? names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more" : names.joined(separator: ", ")
                pages.append((current, "units: \(shown)", shown, try diagram(current)))
                current = []
                names = []
            }
            for unit in units {
                if try zoom(diagram(current + unit.people)) >= layout.minimumZoom {
                    current += unit.people
                    names.append(unit.name)
                    continue
                }
                try flush()
                let alone = try zoom(diagram(unit.people))
                if alone >= layout.minimumZoom {
                    current = unit.people
                    names = [unit.name]
                    continue
                }
                // A unit too large for a page: as many equal parts as its size asks for.
                let count = unit.people.count
                var parts = min(count, max(2, Int((layout.minimumZoom / alone * 1.1).rounded(.up))))
                var chunks: [[Int]] = []
                while true {
                    let size = (count + parts - 1) / parts
                    chunks = stride(from: 0, to: count, by: size).map { Array(unit.people[$0..<min($0 + size, count)]) }
                    // One person a page is as far as splitting goes: such a page prints as it must.
                    if try parts >= count || chunks.allSatisfy({ try zoom(diagram($0)) >= layout.minimumZoom }) { break }
                    parts += 1
                }
                for (k, chunk) in chunks.enumerated() {
                    let part = "\(unit.name) (part \(k + 1) of \(chunks.count))"
                    pages.append((chunk, "unit: \(part)", part, try diagram(chunk)))
                }
                if pages.count > layout.maximumPages { break }
            }
            try flush()
        }
        let planner = try Planner(a, options, layout)
        if pages.count > layout.maximumPages { throw planner.tooLarge(pages: pages.count) }
        var index: [ChartBook.Entry] = []
        if pages.count > 1 {
            for (k, page) in pages.enumerated() {
                for v in page.people { index.append(ChartBook.Entry(name: b.name(v), detail: b.title(v), pages: [k + 1])) }
            }
        }
        let total = pages.count
        var book = planner.finish(
            pages: pages.enumerated().map { k, page in
                ChartBook.Page(diagram: page.diagram, heading: total == 1 ? "" : page.heading, outline: page.outline, parent: 0, links: [])
            }, index: index)
        book.people = pages.reduce(0) { $0 + $1.diagram.people }
        return book
    }
}

/// One planned page and the pages that continue it.
struct PlannedPage {
    var roots: [Int]
    /// When a single top has too many reports for one page, the part of them on this page.
    var rootKids: [Int]?
    /// People on this page whose reports are drawn here too.
    var expanded: Set<Int>
    /// Everyone on this page, in drawing order.
    var people: [Int]
    /// People on this page whose reports continue on another page.
    var cut: [Int]
    /// The part number and count when `rootKids` splits one top's reports.
    var part: (Int, Int)?
    var scale: Double
    var children: [PlannedPage]
    /// The other parts of a split top's reports, read after this part and its continuations.
    var parts: [PlannedPage] = []
    var count: Int { 1 + children.reduce(0) { $0 + $1.count } + parts.reduce(0) { $0 + $1.count } }
}

/// Decides where pages break, from an estimate of each page's size made with the same
/// rules as dot's layout of a tree (ranks as tall as their tallest box, siblings side by
/// side), then checks every page by laying it out.
struct Planner {
    let a: AccountAnalysis
    let o: ChartOptions
    let layout: BookLayout
    let builder: Builder
    let forest: Builder.Forest
    /// Each person's reports drawn as boxes of their own (not folded into "+N people").
    var kids: [[Int]]
    /// Whether a person has reports folded into a "+N people" box.
    var folds: [Bool]
    /// Everyone below each person, folded or not (the count a stub gives).
    var below: [Int]
    /// The people below each person drawn in boxes or rows of their own.
    var drawnBelow: [Int]
    /// More people than this never fit one page (every box at least 54 × 27 pt at the
    /// smallest zoom): a subtree that large is not tried whole.
    let peoplePerPage: Int
    /// Pages planned so far; planning stops past `layout.maximumPages`.
    final class Count {
        var pages = 0
        /// Planning stops adding pages past this many; set while the book is first planned.
        var stopAt = Int.max
        var stopped: Bool { pages > stopAt }
    }
    let planned = Count()
    /// The people the book draws: everyone shown but those folded into "+N people".
    var inBook: [Bool]
    /// The other ends of each person's lines of the view (dotted lines, influence links).
    var lines: [[Int]]
    let flip: Bool

    // Estimated box sizes, in points (dot's defaults with the chart's fonts).
    static let nodesep = 18.0, ranksep = 32.0

    init(_ a: AccountAnalysis, _ o: ChartOptions, _ layout: BookLayout) throws {
        self.a = a
        self.o = o
        self.layout = layout
        var b = Builder(a, o)
        try b.select()
        let f = b.forest()
        let drawable = f.drawable(count: a.graph.nodeCount)
        b.drawable = drawable
        builder = b
        forest = f
        flip = o.leftToRight
        let n = a.graph.nodeCount
        kids = [[Int]](repeating: [], count: n)
        folds = [Bool](repeating: false, count: n)
        below = [Int](repeating: 0, count: n)
        drawnBelow = [Int](repeating: 0, count: n)
        let area = layout.area
        peoplePerPage = Int(area.width * area.height / (layout.minimumZoom * layout.minimumZoom * 54 * 27)) + 1
        inBook = drawable
        lines = [[Int]](repeating: [], count: n)
        var stack = forest.roots
        while let v = stack.popLast() {
            for c in forest.children[v] {
                if forest.folded(c, under: v) { folds[v] = true } else { kids[v].append(c); stack.append(c) }
            }
        }
        // Everyone below, folded people included.
        var all: [Int] = []
        stack = forest.roots
        while let v = stack.popLast() { all.append(v); stack.append(contentsOf: forest.children[v]) }
        for v in all.reversed() { below[v] = forest.children[v].reduce(0) { $0 + 1 + below[$1] } }
        for v in all.reversed() { drawnBelow[v] = kids[v].reduce(0) { $0 + 1 + drawnBelow[$1] } }
        func line(_ x: String, _ y: String) {
            guard let u = a.graph.node(x), let v = a.graph.node(y), u < n, v < n, inBook[u], inBook[v] else { return }
            lines[u].append(v)
            lines[v].append(u)
        }
        for p in a.account.people { for m in p.dotted { line(m, p.id) } }
        if builder.view.drawsLinks { for l in a.account.links { line(l.from, l.to) } }
    }

    // MARK: Estimates

    /// The advance width of `text` in DejaVu Sans at `size` points, estimated per character.
    static func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        var em = 0.0
        for ch in text.unicodeScalars {
            switch ch {
            case "i", "l", "j", "I", ".", ",", ":", ";", "'", "|", "!", "(", ")": em += 0.28
            case "f", "t", "r", " ": em += 0.36
            case "m", "w", "M", "W", "★", "—": em += 0.88
            case "A"..."Z": em += 0.68
            case "0"..."9": em += 0.64
            default: em += 0.57
            }
        }
        return em * size * (bold ? 1.08 : 1)
    }

    func stubText(_ v: Int) -> String { "→ p. 000 · \(below[v]) people" }

    /// A person's own box: name, title, markers (and the stub when cut).
    func box(_ v: Int, cut: Bool) -> (w: Double, h: Double) {
        let marks = builder.markers(v) + (cut ? "  " + stubText(v) : "")
        let title = builder.title(v)
        let changes = builder.marks?.lines[v] ?? []
        let w =
            max(
                Self.textWidth(builder.name(v), size: 10, bold: true), Self.textWidth(title, size: 9), Self.textWidth(marks, size: 9),
                changes.map { Self.textWidth($0, size: 8) }.max() ?? 0) + 16
        let h = (title.isEmpty ? 2 : 3) * 12.5 + Double(changes.count) * 11 + 8
        return orient(max(w, 54), max(h, 36))
    }

    /// One row of a stacked box: two lines, whatever it says, so that links to the rows
    /// of a stack can divide it evenly.
    func row(_ v: Int, cut: Bool) -> (w: Double, h: Double) {
        let marks = builder.markers(v) + (cut ? "  " + stubText(v) : "")
        let title = builder.title(v)
        let first = Self.textWidth(builder.name(v), size: 10, bold: true) + (title.isEmpty ? 0 : Self.textWidth(" " + title, size: 8))
        // What changed goes on the markers line.
        let changes = builder.marks?.lines[v] ?? []
        let change = changes.isEmpty ? 0 : Self.textWidth("  · " + changes.joined(separator: " · "), size: 8)
        return (max(first, Self.textWidth(marks, size: 8) + change) + 10, 27)
    }

    func orient(_ w: Double, _ h: Double) -> (w: Double, h: Double) { flip ? (h, w) : (w, h) }

    var maxStackRows: Int {
        let capacity = (flip ? layout.area.width : layout.area.height) / (layout.minimumZoom * 1.03)
        return max(4, Int(capacity * 0.55 / 27))
    }

    /// The estimated size of a page with these tops, these people expanded, and only
    /// `rootKids` of a single top's reports.
    func estimate(_ roots: [Int], _ expanded: Set<Int>, rootKids: [Int]?, legend: Bool) -> (w: Double, h: Double) {
        var rankDepth: [Double] = []
        func note(_ depth: Int, _ size: Double) {
            while rankDepth.count <= depth { rankDepth.append(0) }
            rankDepth[depth] = max(rankDepth[depth], size)
        }
        func isCut(_ v: Int) -> Bool { !kids[v].isEmpty && !expanded.contains(v) }
        func children(_ v: Int) -> [Int] { roots.count == 1 && v == roots[0] ? (rootKids ?? kids[v]) : kids[v] }
        // Iterative post-order: breadth of each expanded person's subtree on this page.
        // Who is on the page: lines to anyone else end in a box of stubs beside the person.
        var onPage = Set<Int>()
        var pending = roots
        while let v = pending.popLast() {
            onPage.insert(v)
            if !isCut(v) { pending.append(contentsOf: children(v)) }
        }
        func ownBox(_ v: Int) -> (w: Double, h: Double) {
            var b = box(v, cut: isCut(v))
            let away = lines[v].isEmpty ? 0 : lines[v].filter { !onPage.contains($0) }.count
            if away > 0 {
                let stub = orient(190, Double(away) * 11 + 8)
                b.w += stub.w + Self.nodesep
                b.h = max(b.h, stub.h)
            }
            return b
        }
        var breadth: [Int: Double] = [:]
        var stack: [(Int, Int, Bool)] = roots.map { ($0, 0, false) }
        while let (v, depth, done) = stack.popLast() {
            let own = ownBox(v)
            if !done {
                note(depth, own.h)
                if isCut(v) || children(v).isEmpty && !folds[v] && builder.ghosts(under: v).isEmpty { breadth[v] = own.w; continue }
                stack.append((v, depth, true))
                for c in children(v) where !(stackable(c, isCut(c))) { stack.append((c, depth + 1, false)) }
                continue
            }
            var items: [Double] = []
            var leaves: [Int] = []
            for c in children(v) {
                if stackable(c, isCut(c)) { leaves.append(c) } else { items.append(breadth[c] ?? 0) }
            }
            if leaves.count >= 2 {
                let chunk = maxStackRows
                for start in stride(from: 0, to: leaves.count, by: chunk) {
                    let part = leaves[start..<min(start + chunk, leaves.count)].map { row($0, cut: isCut($0)) }
                    let size = orient((part.map(\.w).max() ?? 0) + 2, part.reduce(0) { $0 + $1.h } + 2)
                    items.append(size.w)
                    note(depth + 1, size.h)
                }
            } else {
                for l in leaves {
                    let b = ownBox(l)
                    items.append(b.w)
                    note(depth + 1, b.h)
                }
            }
            if folds[v] {
                let b = orient(110, 36)
                items.append(b.w)
                note(depth + 1, b.h)
            }
            // The ghosts of people who left are leaf reports of their old manager.
            for k in builder.ghosts(under: v) { items.append(ghostBreadth(k, depth: depth + 1, note)) }
            breadth[v] = max(own.w, items.reduce(0, +) + Self.nodesep * Double(max(0, items.count - 1)))
        }
        var tops = roots.map { breadth[$0] ?? 0 }
        // The ghosts whose old manager is in no chart go on the first page, at the top.
        if legend, let marks = builder.marks { tops += marks.topGhosts.map { ghostBreadth($0, depth: 0, note) } }
        var w = tops.reduce(0, +) + Self.nodesep * Double(max(0, tops.count - 1))
        var h = rankDepth.reduce(0, +) + Self.ranksep * Double(max(0, rankDepth.count - 1))
        // A back stub above the tops of a continued page.
        if roots.contains(where: { builder.manager[$0] >= 0 }) { h += orient(0, 24).h + Self.ranksep }
        if legend {
            // The legend sits on the last rank, beside the deepest boxes; the changes add a part.
            let changes = builder.marks.map { max(235, Self.textWidth($0.label, size: 8) + 16) }
            let l = orient(changes ?? 235, changes == nil ? 300 : 390)
            w += l.w + Self.nodesep
            h += max(0, l.h - (rankDepth.last ?? 0))
        }
        return flip ? (h, w) : (w, h)
    }

    /// The size of a ghost's box, and of the ghosts under it.
    func ghostBreadth(_ k: Int, depth: Int, _ note: (Int, Double) -> Void) -> Double {
        guard let marks = builder.marks else { return 0 }
        let ghost = marks.ghosts[k]
        let w = max(Self.textWidth(ghost.name, size: 10, bold: true), Self.textWidth(ghost.title, size: 9), Self.textWidth(ghost.note, size: 8)) + 16
        let own = orient(max(w, 54), (ghost.title.isEmpty ? 2 : 3) * 12.5 + 8)
        note(depth, own.h)
        let below = marks.ghostKids[k].map { ghostBreadth($0, depth: depth + 1, note) }
        return max(own.w, below.reduce(0, +) + Self.nodesep * Double(max(0, below.count - 1)))
    }

    /// Leaves of a page (no reports drawn on it) are stacked unless a line of the view
    /// starts or ends at them, or the ghost of someone who left hangs under them.
    func stackable(_ c: Int, _ cut: Bool) -> Bool {
        o.stackLeaves && (cut || kids[c].isEmpty && !folds[c] && builder.ghosts(under: c).isEmpty) && !builder.hasOwnEdges(c)
    }

    func fits(_ roots: [Int], _ expanded: Set<Int>, rootKids: [Int]?, legend: Bool, scale: Double) -> Bool {
        let size = estimate(roots, expanded, rootKids: rootKids, legend: legend)
        let area = layout.area
        let zoom = layout.minimumZoom * 1.03 / scale
        return size.w * zoom <= area.width && size.h * zoom <= area.height
    }

    /// Everyone in `v`'s subtree who has reports of their own.
    func managers(under roots: [Int]) -> Set<Int> {
        var out = Set<Int>()
        var stack = roots
        while let v = stack.popLast() {
            if !kids[v].isEmpty { out.insert(v); stack.append(contentsOf: kids[v]) }
        }
        return out
    }

    // MARK: Planning

    /// The page of `roots` (breadth first, each manager's whole subtree when it fits, else
    /// one more level), and the pages its cut people continue on.
    func planPage(roots: [Int], rootKids: [Int]?, scale: Double, part: (Int, Int)? = nil, first: Bool = true) -> PlannedPage {
        let legend = first
        var expanded = Set<Int>()
        var queue = roots
        var head = 0
        while head < queue.count {
            let v = queue[head]
            head += 1
            let ownKids = roots.count == 1 && v == roots[0] ? (rootKids ?? kids[v]) : kids[v]
            guard !ownKids.isEmpty else { continue }
            let small = ownKids.reduce(0) { $0 + 1 + drawnBelow[$1] } <= peoplePerPage
            if small, case let whole = managers(under: ownKids).union([v]),
                fits(roots, expanded.union(whole), rootKids: rootKids, legend: legend, scale: scale)
            {
                expanded.formUnion(whole)
                continue
            }
            let top = head <= roots.count
            if fits(roots, expanded.union([v]), rootKids: rootKids, legend: legend, scale: scale) || top && rootKids != nil {
                expanded.insert(v)
                queue.append(contentsOf: ownKids)
                continue
            }
            // A single top whose reports alone do not fit: its reports are shared out over pages.
            if top && roots.count == 1 && rootKids == nil && kids[v].count > 1 {
                return splitReports(of: v, scale: scale, first: first)
            }
            // A top is always drawn with its reports: a page makes progress however small it prints.
            if top {
                expanded.insert(v)
                queue.append(contentsOf: ownKids)
            }
        }
        // Who is on the page, in drawing order, and whose reports continue elsewhere.
        var people: [Int] = []
        var cut: [Int] = []
        var stack = Array(roots.reversed())
        while let v = stack.popLast() {
            people.append(v)
            let ownKids = roots.count == 1 && v == roots[0] ? (rootKids ?? kids[v]) : kids[v]
            if ownKids.isEmpty { continue }
            if expanded.contains(v) { stack.append(contentsOf: ownKids.reversed()) } else { cut.append(v) }
        }
        var page = PlannedPage(
            roots: roots, rootKids: rootKids, expanded: expanded, people: people, cut: cut, part: part,
            scale: scale, children: [])
        planned.pages += 1
        // A book already past the limit is refused: no need to plan (or recurse into) the rest.
        page.children = planned.stopped ? [] : continuations(of: cut)
        return page
    }

    /// The first page and those that follow. When the tops of the organisation (several
    /// of them, as with `--deciders`) do not fit one page with their reports, they are
    /// shared out over overview pages the way cut people are.
    func planTops() -> PlannedPage {
        let roots = forest.roots
        let tops = Set(roots.filter { !kids[$0].isEmpty })
        guard roots.count > 1, !fits(roots, tops, rootKids: nil, legend: true, scale: 1) else {
            return planPage(roots: roots, rootKids: nil, scale: 1)
        }
        let groups = groups(of: roots, legend: true)
        var pages = groups.enumerated().map { k, group in
            planPage(roots: group, rootKids: nil, scale: 1, part: (k + 1, groups.count), first: k == 0)
        }
        var head = pages.removeFirst()
        head.parts = pages
        return head
    }

    /// People cut from a page (or tops) in groups of a page each, in order: consecutive
    /// subtrees that fit together share a page; a subtree too large for one is alone.
    func groups(of cut: [Int], legend: Bool = false) -> [[Int]] {
        var groups: [[Int]] = []
        var group: [Int] = []
        for c in cut {
            if drawnBelow[c] + 1 > peoplePerPage {
                if !group.isEmpty { groups.append(group) }
                groups.append([c])
                group = []
                continue
            }
            let whole = managers(under: [c])
            let withLegend = legend && groups.isEmpty
            if fits(group + [c], managers(under: group).union(whole), rootKids: nil, legend: withLegend, scale: 1) {
                group.append(c)
                continue
            }
            if !group.isEmpty { groups.append(group) }
            group = [c]
        }
        if !group.isEmpty { groups.append(group) }
        return groups
    }

    /// The pages of the people cut from a page.
    func continuations(of cut: [Int]) -> [PlannedPage] {
        groups(of: cut).map { planPage(roots: $0, rootKids: nil, scale: 1, first: false) }
    }

    /// Shares the reports of `v` over as few pages as hold them, `v` at the top of each.
    func splitReports(of v: Int, scale: Double, first: Bool) -> PlannedPage {
        var groups: [[Int]] = []
        var group: [Int] = []
        for c in kids[v] {
            if group.isEmpty || fits([v], [v], rootKids: group + [c], legend: first && groups.isEmpty, scale: scale) {
                group.append(c)
            } else {
                groups.append(group)
                group = [c]
            }
        }
        if !group.isEmpty { groups.append(group) }
        var parts = groups.enumerated().map { k, kidsHere in
            planPage(roots: [v], rootKids: kidsHere, scale: scale, part: (k + 1, groups.count), first: first && k == 0)
        }
        var head = parts.removeFirst()
        head.parts = parts
        return head
    }

    // MARK: Checking by layout

    /// Lays out every page; a page that would print below the minimum zoom is planned
    /// again with less room, and so are the pages that continue it.
    func verify(_ page: PlannedPage, measure: (Diagram) throws -> ChartSize, first: Bool = true) throws -> [PlannedPage] {
        var page = page
        for _ in 0..<5 {
            let size = try measure(diagram(page, number: 0, home: nil, legend: first, placeholder: true).diagram)
            let area = layout.area
            let zoom = min(area.width / max(size.width, 1), area.height / max(size.height, 1))
            if zoom >= layout.minimumZoom { break }
            // Less room until the plan changes: the estimate may think the page fits for a while.
            var scale = page.scale * max(0.3, min(0.92, zoom / (layout.minimumZoom * 1.03)))
            var replanned = planPage(roots: page.roots, rootKids: page.rootKids, scale: scale, part: page.part, first: first)
            while replanned.people == page.people && replanned.rootKids == page.rootKids && scale > 0.2 {
                scale *= 0.85
                replanned = planPage(roots: page.roots, rootKids: page.rootKids, scale: scale, part: page.part, first: first)
            }
            if replanned.people == page.people && replanned.rootKids == page.rootKids {
                // One top's share of reports that still overfills its page: half of it a page
                // (the parts are numbered again when the book is put together).
                if let share = page.rootKids, share.count > 1 {
                    let half = share.count / 2
                    var split: [PlannedPage] = []
                    for (k, kidsHere) in [Array(share[..<half]), Array(share[half...])].enumerated() {
                        split += try verify(
                            planPage(roots: page.roots, rootKids: kidsHere, scale: page.scale, part: page.part, first: first && k == 0),
                            measure: measure, first: first && k == 0)
                    }
                    split[split.count - 1].parts += try page.parts.flatMap { try verify($0, measure: measure, first: false) }
                    return split
                }
                // Several tops sharing a page that their own boxes overfill: half of them a page.
                if page.roots.count > 1 && page.rootKids == nil {
                    let half = page.roots.count / 2
                    var split: [PlannedPage] = []
                    for (k, roots) in [Array(page.roots[..<half]), Array(page.roots[half...])].enumerated() {
                        split += try verify(
                            planPage(roots: roots, rootKids: nil, scale: 1, first: first && k == 0), measure: measure,
                            first: first && k == 0)
                    }
                    split[split.count - 1].parts += try page.parts.flatMap { try verify($0, measure: measure, first: false) }
                    return split
                }
                // Nothing left to cut: the page prints as small as it must.
                break
            }
            if replanned.part == nil || page.part != nil { replanned.parts += page.parts }
            page = replanned
        }
        page.children = try page.children.flatMap { try verify($0, measure: measure, first: false) }
        page.parts = try page.parts.flatMap { try verify($0, measure: measure, first: false) }
        return [page]
    }

    // MARK: The book

    /// The diagram of one page, with its stubs and links.
    func diagram(
        _ page: PlannedPage, number: Int, home: [Int]?, legend: Bool, placeholder: Bool,
        continued: [Int: (page: Int, people: Int)] = [:]
    ) -> (diagram: Diagram, links: [ChartBook.Link], people: [Int]) {
        let n = a.graph.nodeCount
        var on = [Bool](repeating: false, count: n)
        for v in page.people { on[v] = true }
        var context = PageContext(number: number, people: on, home: home ?? [Int](repeating: 0, count: n), legend: legend)
        if let part = page.part, part.0 > 1, page.rootKids != nil, let top = page.roots.first { context.foldsElsewhere = [top] }
        context.maxStackRows = maxStackRows
        if let part = page.part, part.0 > 1 { context.ghostsElsewhere = page.roots }
        context.placeholderPages = placeholder
        if placeholder {
            for v in page.cut { context.continued[v] = (0, below[v]) }
            // While planning, everyone of the book not on this page might be drawn elsewhere.
            if home == nil { context.home = inBook.map { $0 ? 1 : 0 }; context.number = 0 }
        } else {
            context.continued = continued
        }
        var b = builder
        b.page = context
        b.links = []
        b.drawnPeople = []
        let d = b.build()
        return (d, b.links, b.drawnPeople)
    }

    /// The pages in reading order (each page followed by the pages that continue it),
    /// numbered, with their stubs, headings, outline and the index.
    func book(_ tree: PlannedPage) -> ChartBook {
        var order: [(page: PlannedPage, parent: Int)] = []
        func visit(_ p: PlannedPage, parent: Int) {
            var p = p
            // A page and the parts that follow it: numbered 1 … n now that all are known.
            if !p.parts.isEmpty {
                let n = 1 + p.parts.count
                p.part = (1, n)
                for k in p.parts.indices { p.parts[k].part = (k + 2, n) }
            } else if p.part?.1 == 1 {
                p.part = nil
            }
            order.append((p, parent))
            let me = order.count
            for c in p.children { visit(c, parent: me) }
            for q in p.parts { visit(q, parent: parent) }
        }
        visit(tree, parent: 0)
        let n = a.graph.nodeCount
        // Where each person is drawn in full (not as someone cut), and where each cut
        // person's reports continue.
        var home = [Int](repeating: 0, count: n)
        var continuesOn = [Int: Int]()
        for (k, entry) in order.enumerated() {
            let cut = Set(entry.page.cut)
            for v in entry.page.people where home[v] == 0 && !cut.contains(v) { home[v] = k + 1 }
            for (j, later) in order.enumerated() where later.parent == k + 1 {
                for r in later.page.roots where cut.contains(r) && continuesOn[r] == nil { continuesOn[r] = j + 1 }
            }
        }
        // Someone cut on every page they are on is at home where they are cut.
        for (k, entry) in order.enumerated() { for v in entry.page.cut where home[v] == 0 { home[v] = k + 1 } }
        var pages: [ChartBook.Page] = []
        var drawnOn = [Int: [Int]]()
        for (k, entry) in order.enumerated() {
            var continued: [Int: (page: Int, people: Int)] = [:]
            for v in entry.page.cut { if let p = continuesOn[v] { continued[v] = (p, below[v]) } }
            let made = diagram(entry.page, number: k + 1, home: home, legend: k == 0, placeholder: false, continued: continued)
            for v in made.people { drawnOn[v, default: []].append(k + 1) }
            let (heading, outline) = describe(entry.page, parent: entry.parent, number: k + 1, total: order.count)
            pages.append(ChartBook.Page(diagram: made.diagram, heading: heading, outline: outline, parent: entry.parent, links: made.links))
        }
        var index: [ChartBook.Entry] = []
        if order.count > 1 {
            index = drawnOn.keys.sorted().map { v in
                ChartBook.Entry(name: builder.name(v), detail: builder.title(v), pages: Array(Set(drawnOn[v] ?? [])).sorted())
            }
        }
        var book = finish(pages: pages, index: index)
        book.people = drawnOn.count
        return book
    }

    /// The book of these pages: the index in alphabetical order, the title and the strip.
    func finish(pages: [ChartBook.Page], index: [ChartBook.Entry]) -> ChartBook {
        let index = index.sorted { x, y in
            let fx = x.name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            let fy = y.name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            return (fx, x.name, x.detail, x.pages.first ?? 0) < (fy, y.name, y.detail, y.pages.first ?? 0)
        }
        let account = o.anonymize ? "Account" : a.account.info.name
        let what = builder.view.bookTitle
        let notice =
            o.anonymize
            ? "Anonymised: their people's names are replaced by titles and numbers."
            : "Confidential — holds personal assessments of the client's people (stance, power, roles). For the account team only."
        let since = builder.marks.map { " · changes since \($0.label)" } ?? ""
        return ChartBook(
            title: "\(account) — \(what)", strip: "\(account) · \(o.view.rawValue) view · as of \(a.asOf)\(since)",
            notice: notice, pages: pages, index: index, date: a.asOf.description)
    }

    /// The heading and the outline entry of a page.
    func describe(_ page: PlannedPage, parent: Int, number: Int, total: Int) -> (String, String) {
        func who(_ v: Int) -> String {
            let t = builder.title(v)
            return t.isEmpty ? builder.name(v) : "\(builder.name(v)), \(t)"
        }
        let part = page.part.map { " (part \($0.0) of \($0.1))" } ?? ""
        if parent == 0 {
            let heading = total == 1 ? "" : "Overview: the top of the organisation\(part) — \(total) pages of chart, then the index"
            return (heading, "Overview\(part)")
        }
        let tops = page.roots.prefix(2).map(who).joined(separator: "; ")
        let more = page.roots.count > 2 ? " and \(page.roots.count - 2) more" : ""
        return (
            "continued from p. \(parent) — under \(tops)\(more)\(part)",
            "p. \(number) · \(page.roots.prefix(2).map { builder.name($0) }.joined(separator: ", "))\(more)\(part)"
        )
    }

    /// The refusal of a book too large to print, with the focus options that fit.
    func tooLarge(pages: Int, atLeast: Bool = false) -> ChartError {
        let people = builder.shown.filter { $0 }.count
        let paper = "\(layout.page.paper.rawValue.uppercased())\(layout.page.landscape ? " landscape" : "")"
        let count = atLeast ? "more than \(layout.maximumPages)" : "about \(pages)"
        return ChartError([
            .text("this chart would take \(count) \(paper) pages (\(people) people); focus it with "),
            .advice(ChartBuilder.focusAdvice(a, o)), .text("; or print it all with "),
            .advice([.maximumPages(atLeast ? nil : pages)]),
        ])
    }
}
