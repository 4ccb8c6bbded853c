import Foundation
import Testing
@testable import StakemapCharts
import StakemapCore

/// A word of a PDF page as `pdftotext -bbox` reads it back, in points from the top left.
struct PDFWord {
    var text: String
    var minX: Double, minY: Double, maxX: Double, maxY: Double
}

struct PDFPage {
    var width: Double
    var height: Double
    var words: [PDFWord]
    var text: String { words.map(\.text).joined(separator: " ") }
}

/// The words of every page of `pdf`, read with poppler's `pdftotext -bbox`.
func pdfPages(_ pdf: [UInt8]) throws -> [PDFPage] {
    let path = NSTemporaryDirectory() + "stakemap-book-\(UUID().uuidString).pdf"
    try Data(pdf).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["pdftotext", "-bbox", path, "-"]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ChartError("pdftotext failed (is poppler-utils installed?)") }
    let xml = String(decoding: data, as: UTF8.self)
    func number(_ s: Substring, _ key: String) -> Double {
        guard let r = s.range(of: "\(key)=\"") else { return .nan }
        let rest = s[r.upperBound...]
        return Double(rest.prefix { $0 != "\"" }) ?? .nan
    }
    func unescape(_ s: Substring) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
    var pages: [PDFPage] = []
    for chunk in xml.components(separatedBy: "<page ").dropFirst() {
        let s = Substring(chunk)
        var page = PDFPage(width: number(s, "width"), height: number(s, "height"), words: [])
        for w in chunk.components(separatedBy: "<word ").dropFirst() {
            let ws = Substring(w)
            guard let open = ws.firstIndex(of: ">"), let close = ws.range(of: "</word>") else { continue }
            page.words.append(
                PDFWord(
                    text: unescape(ws[ws.index(after: open)..<close.lowerBound]), minX: number(ws, "xMin"),
                    minY: number(ws, "yMin"), maxX: number(ws, "xMax"), maxY: number(ws, "yMax")))
        }
        pages.append(page)
    }
    return pages
}

/// The PDF's link annotations: their rectangles, in points from the top left of a page
/// of `pageHeight`, and the page their named destination ("p4") leads to (0: none).
func pdfLinks(_ pdf: [UInt8], pageHeight: Double) -> [(minX: Double, minY: Double, maxX: Double, maxY: Double, page: Int)] {
    let text = String(decoding: pdf, as: UTF8.self)
    return text.components(separatedBy: "/Subtype /Link").dropFirst().compactMap { part in
        let annotation = part.prefix { $0 != ">" }
        guard let r = annotation.range(of: "/Rect [") else { return nil }
        let numbers = annotation[r.upperBound...].prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) }
        guard numbers.count == 4 else { return nil }
        var page = 0
        if let d = annotation.range(of: "/Dest (p") { page = Int(annotation[d.upperBound...].prefix { $0 != ")" }) ?? 0 }
        return (numbers[0], pageHeight - numbers[3], numbers[2], pageHeight - numbers[1], page)
    }
}

/// The named destinations of the PDF ("p1" … ), in order.
func pdfDestinations(_ pdf: [UInt8]) -> [String] {
    let text = String(decoding: pdf, as: UTF8.self)
    guard let names = text.range(of: "/Names [") else { return [] }
    var out: [String] = []
    // One "(p1) [3 0 R /XYZ 0 595 0]" a line, up to the array's closing bracket.
    for line in text[names.upperBound...].split(separator: "\n") {
        let t = line.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("]") { break }
        guard t.hasPrefix("(p"), let close = t.firstIndex(of: ")") else { continue }
        out.append(String(t[t.index(after: t.startIndex)..<close]))
    }
    return out
}

/// Plans and prints the book of `a`.
func printBook(
    _ a: AccountAnalysis, _ options: ChartOptions = ChartOptions(view: .org), page: PageSetup,
    maximumPages: Int = 40
) throws -> (book: ChartBook, chart: RenderedChart, layout: BookLayout) {
    var layout = BookLayout(page: page)
    layout.maximumPages = maximumPages
    let book = try ChartBook.plan(a, options, layout: layout, measure: GraphvizRenderer.shared.measure)
    return (book, try GraphvizRenderer.shared.renderBook(book, layout: layout), layout)
}

@Suite struct ChartBookTests {
    static let papers = [PageSetup(paper: .a4, landscape: true), PageSetup(paper: .a3)]

    /// Everything a printed book promises, read back from the PDF.
    func checkBook(_ a: AccountAnalysis, _ label: String, view: ChartView = .org, page: PageSetup, maximumPages: Int = 40) throws {
        let options = ChartOptions(view: view)
        try checkBook(a, label, options, page: page, maximumPages: maximumPages)
    }

    func checkBook(_ a: AccountAnalysis, _ label: String, _ options: ChartOptions, page: PageSetup, maximumPages: Int = 40) throws {
        let (book, chart, layout) = try printBook(a, options, page: page, maximumPages: maximumPages)
        let pages = try pdfPages(chart.data)
        #expect(pages.count == chart.pages, "\(label): \(pages.count) pages, the printer says \(chart.pages)")
        // The chart pages, then the index pages (none for a book of one page).
        for (k, p) in pages.enumerated() {
            #expect(p.text.contains("Index") == (k >= book.pages.count), "\(label) p. \(k + 1)")
        }
        // Everyone the chart draws is in the book, once in the index.
        let whole = try ChartBuilder.diagram(a, options)
        #expect(book.people == whole.people, "\(label): the book draws \(book.people) people, the chart \(whole.people)")
        if pages.count > 1 { #expect(book.index.count == whole.people, "\(label): \(book.index.count) in the index") }
        #expect(chart.messages.isEmpty, "\(label): \(chart.messages)")
        // Names are 10 pt: at 70 % or more they print at 7 pt or more.
        #expect(chart.zoom >= layout.minimumZoom, "\(label): printed at \(chart.zoom)")
        let margin = layout.page.margin
        for (k, p) in pages.enumerated() {
            #expect(p.width == layout.page.size.width && p.height == layout.page.size.height)
            let outside = p.words.filter {
                $0.minX < margin - 0.5 || $0.minY < margin - 0.5 || $0.maxX > p.width - margin + 0.5 || $0.maxY > p.height - margin + 0.5
            }
            #expect(outside.isEmpty, "\(label) p. \(k + 1): \(outside.prefix(5).map(\.text)) in the margins")
            // The smallest text of the old tiled print was 5.6 pt tall.
            let smallest = p.words.map { $0.maxY - $0.minY }.min() ?? 99
            #expect(smallest >= 5.6, "\(label) p. \(k + 1): text \(smallest) pt tall")
            #expect(p.text.contains("page \(k + 1) of \(pages.count)"), "\(label) p. \(k + 1): no page number")
            #expect(p.text.contains("as of \(a.asOf)") && p.text.contains("Confidential"), "\(label) p. \(k + 1): no strip")
        }
        // Every role holder is on some page.
        let chartText = pages.prefix(book.pages.count).map(\.text).joined(separator: "\n")
        for h in a.holders {
            // The grid wraps long names in its cells: there, every word of the name on one page.
            let name = a.name(h.node)
            let found =
                options.view == .grid
                ? pages.prefix(book.pages.count).contains { p in name.split(separator: " ").allSatisfy { w in p.words.contains { $0.text == w } } }
                : chartText.contains(name)
            #expect(found, "\(label): \(a.name(h.node)) is on no page")
        }
        // The index lists everyone drawn, each with the pages they are on.
        if pages.count > 1 {
            let drawn = Set(book.pages.flatMap { p in p.diagram.nodes.map(\.id) })
            #expect(!drawn.isEmpty)
            let indexText = pages.dropFirst(book.pages.count).map(\.text).joined(separator: "\n")
            for entry in book.index {
                let listed = indexText.contains(entry.name)
                #expect(listed, "\(label): \(entry.name) not in the index")
                for number in entry.pages {
                    let there = pages[number - 1].text.contains(entry.name)
                    #expect(there, "\(label): the index puts \(entry.name) on p. \(number)")
                }
            }
            // …and nobody drawn is missing from it.
            for (k, p) in book.pages.enumerated() {
                for n in p.diagram.nodes where n.id.hasPrefix("n") {
                    guard let v = Int(n.id.dropFirst()) else { continue }
                    #expect(book.index.contains { $0.name == a.name(v) && $0.pages.contains(k + 1) }, "\(label): \(a.name(v)) of p. \(k + 1) not indexed")
                }
            }
        }
    }

    @Test(arguments: ChartTests.samples)
    func everySamplePrintsAsABookInsideItsMargins(sample: String) throws {
        let a = try analysis(sample)
        for page in Self.papers { try checkBook(a, "\(sample) \(page.paper)", page: page) }
    }

    @Test(arguments: [300, 2_000])
    func generatedBanksPrintAsBooksInsideTheirMargins(people: Int) throws {
        let a = try generatedBank(people: people, seed: 3)
        for page in Self.papers { try checkBook(a, "\(people) \(page.paper)", page: page) }
        if people <= 300 { try checkBook(a, "\(people) influence", view: .influence, page: Self.papers[0]) }
    }

    @Test func aTenThousandPersonBankPrintsWhenAllowedToTakeItsPages() throws {
        let a = try generatedBank(people: 10_000, seed: 3)
        for page in Self.papers { try checkBook(a, "10k \(page.paper)", page: page, maximumPages: 1_000) }
    }

    @Test func coverageMapsAndFocusedChartsWithManyTopsPrintAsBooks() throws {
        let a = try generatedBank(people: 2_000, seed: 3)
        var deciders = ChartOptions(view: .org)
        deciders.decidersOnly = true
        for view in [ChartView.org, .influence, .coverage] {
            deciders.view = view
            try checkBook(a, "2,000 deciders \(view)", deciders, page: Self.papers[0])
        }
        let b = try generatedBank(people: 300, seed: 3)
        let (book, _, _) = try printBook(b, ChartOptions(view: .coverage), page: Self.papers[0])
        #expect(book.pages.count > 1)
        try checkBook(b, "300 coverage", view: .coverage, page: Self.papers[0])
        try checkBook(b, "300 grid", view: .grid, page: Self.papers[0])
    }

    @Test func aBookTooLargeIsRefusedWithTheFocusOptionsThatFit() throws {
        let a = try generatedBank(people: 10_000, seed: 3)
        do {
            _ = try printBook(a, page: Self.papers[0])
            Issue.record("a 10,000-person book was printed under the 40-page limit")
        } catch let e as ChartError {
            #expect(e.message.contains("A4 landscape pages"))
            // In words, each piece of advice with the people it keeps…
            for words in ["only the key players (", "only the deciders (", "levels below the top (", "one person's subtree"] {
                #expect(e.message.contains(words), "\(e.message)")
            }
            let advice = e.advice
            #expect(advice.contains { if case .keyPlayers = $0 { true } else { false } })
            #expect(advice.contains { if case .deciders = $0 { true } else { false } })
            #expect(advice.contains { if case .depth = $0 { true } else { false } })
            #expect(advice.contains(.root))
            #expect(advice.last.map { if case .maximumPages = $0 { true } else { false } } == true)
            // …and as a front end names them: the command line's options.
            let named = e.message(advice: commandLineName)
            for option in ["--key-players (", "--deciders (", "--depth ", "--root ID", "--max-pages"] {
                #expect(named.contains(option), "\(named)")
            }
        }
    }

    @Test func aVeryDeepChainIsRefusedOnceItPassesThePageLimit() throws {
        // 30,000 people, each reporting to the one before: planning stops at the limit.
        let people = (0..<30_000).map { i in
            Person(
                id: "p\(i)", name: "Person \(i)", title: "Level \(i)", reportsTo: i == 0 ? nil : "p\(i - 1)",
                roles: i == 29_999 ? [.economicBuyer] : [])
        }
        let account = Account(
            info: AccountInfo(name: "Chain"), team: [TeamMember(id: "t", name: "Ours")], people: people,
            relationships: [Relationship(ours: "t", theirs: "p0", strength: 0.9)])
        let a = try AccountAnalysis(account: account, asOf: asOf, parameters: AnalysisParameters())
        do {
            _ = try printBook(a, page: Self.papers[0])
            Issue.record("a 30,000-deep chain was printed under the 40-page limit")
        } catch let e as ChartError {
            #expect(e.message.contains("more than 40 A4 landscape pages"), "\(e.message)")
        }
        var top = ChartOptions(view: .org)
        top.depth = 3
        let (book, chart, _) = try printBook(a, top, page: Self.papers[0])
        #expect(book.pages.count == 1 && chart.messages.isEmpty)
    }

    @Test func continuedPagesSayWhereTheyComeFromAndStubsLinkThere() throws {
        let a = try generatedBank(people: 300, seed: 3)
        let (book, chart, layout) = try printBook(a, page: Self.papers[0])
        #expect(book.pages.count > 2)
        let pages = try pdfPages(chart.data)
        for (k, page) in book.pages.enumerated().dropFirst() {
            // A second part of the overview (the top's reports shared out), or
            // "continued from p. N — under <the page's top>", and page N has a stub to this page.
            if page.parent == 0 {
                #expect(page.heading.hasPrefix("Overview: the top of the organisation (part "), "\(page.heading)")
                continue
            }
            #expect(page.heading.hasPrefix("continued from p. \(page.parent) — under "), "\(page.heading)")
            guard page.parent >= 1 && page.parent <= k else {
                Issue.record("p. \(k + 1) continues p. \(page.parent)")
                continue
            }
            let parent = pages[page.parent - 1].text
            #expect(parent.contains("→ p. \(k + 1) · "), "p. \(page.parent) has no stub to p. \(k + 1)")
            #expect(pages[k].text.contains(page.heading.prefix(30)))
        }
        // Every stub lies inside a link, and there is a link for every stub and index entry.
        let rects = pdfLinks(chart.data, pageHeight: layout.page.size.height)
        #expect(rects.count == book.pages.reduce(0) { $0 + $1.links.count } + book.index.count)
        // Every link leads to a page of the document, forward as well as back…
        #expect(pdfDestinations(chart.data) == (1...pages.count).map { "p\($0)" })
        #expect(rects.allSatisfy { (1...pages.count).contains($0.page) })
        #expect(rects.contains { $0.page > 1 })
        // …and every stub ("→ p. 4", "↑ … · p. 1") lies inside a link to the page it names.
        for (k, p) in pages.prefix(book.pages.count).enumerated() {
            for (i, w) in p.words.enumerated() where w.text == "→" || w.text == "↑" {
                guard let at = p.words[i...].firstIndex(where: { $0.text == "p." }), at + 1 < p.words.count,
                    let target = Int(p.words[at + 1].text)
                else { continue }
                let inside = rects.contains {
                    $0.page == target && w.minX >= $0.minX - 1 && w.maxX <= $0.maxX + 1 && w.minY >= $0.minY - 1 && w.maxY <= $0.maxY + 1
                }
                #expect(inside, "the stub to p. \(target) on p. \(k + 1) at \(w.minX),\(w.minY) is not a link there")
            }
        }
        let text = String(decoding: chart.data, as: UTF8.self)
        #expect(text.contains("/Outlines"))
    }

    @Test func theSameAccountGivesTheSameBytes() throws {
        let a = try generatedBank(people: 300, seed: 3)
        let one = try printBook(a, page: Self.papers[0]).chart.data
        let two = try printBook(a, page: Self.papers[0]).chart.data
        #expect(one == two)
    }

    @Test func anAnonymisedBookSaysSoAndNamesNobody() throws {
        let a = try analysis("banque-exemple")
        var o = ChartOptions(view: .org)
        o.anonymize = true
        let (_, chart, _) = try printBook(a, o, page: Self.papers[0])
        let text = try pdfPages(chart.data).map(\.text).joined(separator: "\n")
        #expect(text.contains("Anonymised"))
        for name in ["Manon Dupont", "Banque Exemple", "Julie Dufour"] { #expect(!text.contains(name)) }
    }

    @Test func aSmallChartIsOnePageWithItsStripAndNoIndex() throws {
        let a = try analysis("maison-lumiere")
        var o = ChartOptions(view: .org)
        o.root = "raphael.prevost"
        o.depth = 1
        let (book, chart, _) = try printBook(a, o, page: PageSetup(paper: .a3, landscape: true))
        #expect(book.pages.count == 1 && book.index.isEmpty && chart.pages == 1)
        let page = try #require(try pdfPages(chart.data).first)
        #expect(page.text.contains("page 1 of 1"))
    }
}

/// The command line's names for chart advice (what `stakemap render` prints).
func commandLineName(_ advice: ChartAdvice) -> String {
    switch advice {
    case .keyPlayers(let n): "--key-players (\(n) people)"
    case .deciders(let n): "--deciders (\(n) people)"
    case .depth(let d, let n): "--depth \(d) (\(n) people)"
    case .root: "--root ID (one subtree)"
    case .paper: "--paper"
    case .fit: "--fit"
    case .maximumPeople(let n): "--max-people \(n)"
    case .maximumPages(let n): n.map { "--max-pages \($0)" } ?? "a larger --max-pages"
    }
}
