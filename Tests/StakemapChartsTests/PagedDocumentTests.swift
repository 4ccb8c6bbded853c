import Foundation
import Testing

@testable import StakemapCharts
import StakemapCore

@Suite struct PagedDocumentTests {
    static let a4 = (width: 595.0, height: 842.0)

    @Test func printsWrappedTextAsTextAndCutsWhatDoesNotFit() throws {
        let name = "Zoë <Ops> & \"Data\" 👩‍💼"
        let long = String(repeating: "The sponsor wants the migration done before the audit. ", count: 40)
        var measured: TextBlock?
        var cut: TextBlock?
        let printed = try GraphvizRenderer.shared.printPages(
            width: Self.a4.width, height: Self.a4.height, title: "Test",
            date: Day(iso: "2026-11-01")!
        ) { page in
            let title = page.paragraph(name, x: 40, y: 40, width: 300, style: TextStyle(size: 14, bold: true))
            #expect(title.height > 14 && title.height < 40)
            measured = page.measure(long, width: 300, style: TextStyle(size: 9))
            cut = page.paragraph(long, x: 40, y: 100, width: 300, style: TextStyle(size: 9), maxHeight: 60)
            page.endPage()
            page.paragraph("second page", x: 40, y: 40, width: 300, style: TextStyle(size: 9))
            page.endPage()
        }
        #expect(printed.pages == 2)
        let pages = try pdfPages(printed.data)
        #expect(pages.count == 2)
        // Names keep their characters, emoji included, as text (the PDF's text maps back to them).
        #expect(pages[0].text.hasPrefix("Zoë <Ops> & \"Data\" "))
        #expect(pages[0].text.unicodeScalars.contains("👩") && pages[0].text.unicodeScalars.contains("💼"))
        #expect(pages[1].text == "second page")
        let whole = try #require(measured), shortened = try #require(cut)
        #expect(!whole.cut && whole.height > 200, "40 sentences wrap onto many lines at 300 pt")
        #expect(shortened.cut && shortened.height <= 60)
        #expect(pages[0].text.contains("…"))
        // Every word on the page lies inside the box it was given.
        for w in pages[0].words where w.minY > 95 { #expect(w.maxY <= 100 + 60 + 1 && w.maxX <= 340 + 1, "\(w.text)") }
    }

    @Test func drawsAChartInsideItsBox() throws {
        var d = Diagram(name: "g")
        d.nodes = (0..<6).map { Diagram.Node(id: "n\($0)", attributes: [("label", "Person \($0)"), ("shape", "box")]) }
        d.edges = (1..<6).map { Diagram.Edge(from: "n0", to: "n\($0)", attributes: []) }
        let printed = try GraphvizRenderer.shared.printPages(
            width: Self.a4.width, height: Self.a4.height, title: "Chart",
            date: Day(iso: "2026-11-01")!
        ) { page in
            try page.chart(d, x: 300, y: 500, width: 250, height: 200)
            page.endPage()
        }
        let words = try pdfPages(printed.data)[0].words
        #expect(words.filter { $0.text == "Person" }.count == 6)
        for w in words { #expect(w.minX >= 299 && w.maxX <= 551 && w.minY >= 499 && w.maxY <= 701, "\(w.text)") }
    }
}
