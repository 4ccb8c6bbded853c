import Foundation
import StakemapCharts
import StakemapCore
import StakemapFormats

extension VisitPack {
    /// The forms a pack is written in, told by the output's extension.
    public enum Output: Sendable {
        case html, pdf

        /// The form for a path ending in .html/.htm or .pdf; nil otherwise.
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "html", "htm": self = .html
            case "pdf": self = .pdf
            default: return nil
            }
        }
    }

    /// Writes the pack to `path` (HTML or PDF, by its extension), atomically.
    /// - Returns: the number of pages.
    /// - Throws: `StakemapError` when a chart cannot be drawn or the file written.
    @discardableResult
    public func write(to path: String) throws(StakemapError) -> Int {
        let pages = self.pages
        do {
            switch Output(path: path) ?? .html {
            case .html: try AtomicFile.write(text: try html(pages), to: path)
            case .pdf: try AtomicFile.write(bytes: try pdf(pages), to: path)
            }
        } catch let e as StakemapError {
            throw e
        } catch {
            throw StakemapError(file: path, "\(error)")
        }
        return pages.count
    }

    // MARK: HTML

    static let style = """
        body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222; background: #e8e8e8; margin: 0; font-size: 9pt; line-height: 1.35; }
        .page { width: 210mm; height: 297mm; box-sizing: border-box; padding: 12mm 12mm 24mm; margin: 8mm auto; background: #fff; position: relative; overflow: hidden; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
        h1 { font-size: 15pt; margin: 0; }
        .sub { color: #555; margin: 1mm 0 3mm; border-bottom: 0.5pt solid #999; padding-bottom: 2mm; }
        h2 { font-size: 10.5pt; margin: 3.5mm 0 1mm; color: #2166ac; }
        p { margin: 0.8mm 0; }
        ul { margin: 0.5mm 0 0.5mm 5mm; padding: 0; }
        li { margin: 0.3mm 0; }
        .top { display: flex; gap: 4mm; align-items: flex-start; }
        .facts { flex: 1 1 52%; margin: 0; display: grid; grid-template-columns: max-content 1fr; column-gap: 3mm; row-gap: 0.6mm; }
        .facts dt { color: #555; }
        .facts dd { margin: 0; }
        figure { flex: 1 1 46%; margin: 0; text-align: center; }
        figure svg { max-width: 100%; max-height: 72mm; height: auto; }
        table { border-collapse: collapse; width: 100%; margin: 1mm 0; }
        th, td { border: 0.5pt solid #bbb; padding: 0.6mm 1.2mm; text-align: left; vertical-align: top; }
        th { background: #eef3f8; }
        .note { color: #666; }
        footer { position: absolute; left: 12mm; right: 12mm; bottom: 9mm; border-top: 0.5pt solid #999; padding-top: 1.5mm; font-size: 8pt; }
        footer .strip { display: flex; justify-content: space-between; }
        footer .notice { color: #666; font-size: 7pt; margin-top: 0.5mm; }
        @page { size: A4; margin: 0; }
        @media print {
          body { background: none; }
          .page { margin: 0; box-shadow: none; page-break-after: always; break-after: page; }
        }
        """

    func html(_ pages: [Page]) throws -> String {
        let h = AccountReview.html
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<title>\(h(documentTitle))</title>\n<style>\n\(Self.style)\n</style>\n</head>\n<body>\n"
        for (k, page) in pages.enumerated() {
            out += "<section class=\"page\">\n<h1>\(h(page.title))</h1>\n<p class=\"sub\">\(h(page.subtitle))</p>\n"
            if !page.facts.isEmpty || page.chart != nil {
                out += "<div class=\"top\">\n<dl class=\"facts\">\n"
                for f in page.facts { out += "<dt>\(h(f.label))</dt><dd>\(h(f.value))</dd>\n" }
                out += "</dl>\n"
                if let chart = page.chart {
                    let rendered = try GraphvizRenderer.shared.render(chart, format: .svg)
                    var svg = String(decoding: rendered.data, as: UTF8.self)
                    if let start = svg.range(of: "<svg") { svg = String(svg[start.lowerBound...]) }
                    out += "<figure>\n\(svg)\n</figure>\n"
                }
                out += "</div>\n"
            }
            for s in page.sections {
                out += "<h2>\(h(s.heading))</h2>\n"
                var inList = false
                for item in s.items {
                    if case .bullet = item {
                    } else if inList {
                        out += "</ul>\n"
                        inList = false
                    }
                    switch item {
                    case .paragraph(let p): out += "<p>\(h(p))</p>\n"
                    case .bullet(let b):
                        if !inList { out += "<ul>\n" }
                        inList = true
                        out += "<li>\(h(b))</li>\n"
                    case .table(let t):
                        out += "<table>\n<colgroup>" + t.widths.map { "<col style=\"width: \(Int(($0 * 100).rounded()))%\"/>" }.joined() + "</colgroup>\n"
                        out += "<thead><tr>" + t.headers.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                        for r in t.rows { out += "<tr>" + r.map { "<td>\(h($0))</td>" }.joined() + "</tr>\n" }
                        out += "</tbody>\n</table>\n"
                    case .note(let n): out += "<p class=\"note\">\(h(n))</p>\n"
                    }
                }
                if inList { out += "</ul>\n" }
            }
            out += "<footer><div class=\"strip\"><span>\(h(strip))</span><span>page \(k + 1) of \(pages.count)</span></div>"
            out += "<p class=\"notice\">\(h(notice))</p></footer>\n</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    // MARK: PDF

    /// A4 portrait, in points.
    static let paper = (width: 595.0, height: 842.0, margin: 36.0)

    func pdf(_ pages: [Page]) throws -> [UInt8] {
        let (width, height, margin) = Self.paper
        let inner = width - 2 * margin
        let bottom = height - margin - 30  // above the strip
        let body = TextStyle(size: 9), muted = TextStyle(size: 8.5, grey: 0.4), label = TextStyle(size: 9, grey: 0.35)
        let heading = TextStyle(size: 10.5, bold: true, grey: 0.1)
        let printed = try GraphvizRenderer.shared.printPages(width: width, height: height, title: documentTitle, date: a.asOf) { canvas in
            for (k, page) in pages.enumerated() {
                var y = margin
                y += canvas.paragraph(page.title, x: margin, y: y, width: inner, style: TextStyle(size: 15, bold: true), maxHeight: 40).height
                y += 2
                y += canvas.paragraph(page.subtitle, x: margin, y: y, width: inner, style: TextStyle(size: 9, grey: 0.35), maxHeight: 24).height
                y += 4
                canvas.rule(from: margin, to: width - margin, y: y)
                y += 8

                // Facts on the left, the chart on the right.
                if !page.facts.isEmpty || page.chart != nil {
                    let factsWidth = page.chart == nil ? inner : inner * 0.5
                    var fy = y
                    for f in page.facts {
                        let used = canvas.paragraph(f.label, x: margin, y: fy, width: 84, style: label, maxHeight: 24).height
                        let value = canvas.paragraph(f.value, x: margin + 88, y: fy, width: factsWidth - 88, style: body, maxHeight: 36).height
                        fy += max(used, value) + 1.5
                    }
                    var cy = y
                    if let chart = page.chart {
                        let box = (x: margin + factsWidth + 10, width: inner - factsWidth - 10, height: 230.0)
                        cy = y + (try canvas.chart(chart, x: box.x, y: y, width: box.width, height: box.height)).height
                    }
                    y = max(fy, cy) + 4
                }

                var full = false
                func put(_ text: String, _ style: TextStyle, indent: Double = 0, cap: Double = 120) {
                    guard !full else { return }
                    let room = bottom - y
                    guard room > style.size * 1.4 else {
                        full = true
                        return
                    }
                    let block = canvas.paragraph(text, x: margin + indent, y: y, width: inner - indent, style: style, maxHeight: min(cap, room))
                    y += block.height + 1
                    if block.cut && room < cap { full = true }
                }
                for s in page.sections {
                    y += 4
                    put(s.heading, heading)
                    for item in s.items {
                        switch item {
                        case .paragraph(let p): put(p, body)
                        case .bullet(let b): put("•  " + b, body, indent: 6, cap: 36)
                        case .table(let t): drawTable(t, canvas: canvas, y: &y, margin: margin, inner: inner, bottom: bottom, full: &full)
                        case .note(let n): put(n, muted)
                        }
                    }
                }
                if full {
                    canvas.paragraph(
                        "(cut to fit the page: the HTML pack and the account file hold the rest)", x: margin, y: bottom + 2,
                        width: inner, style: muted)
                }

                // The strip.
                let foot = height - margin - 22
                canvas.rule(from: margin, to: width - margin, y: foot)
                let pageText = "page \(k + 1) of \(pages.count)"
                canvas.paragraph(strip, x: margin, y: foot + 3, width: inner - 80, style: TextStyle(size: 8), maxHeight: 11)
                let w = 80.0
                canvas.paragraph(pageText, x: width - margin - w, y: foot + 3, width: w, style: TextStyle(size: 8), maxHeight: 11, alignRight: true)
                canvas.paragraph(notice, x: margin, y: foot + 13, width: inner, style: TextStyle(size: 7, grey: 0.35), maxHeight: 10)
                canvas.endPage()
            }
        }
        return printed.data
    }

    private func drawTable(_ t: Table, canvas: PageCanvas, y: inout Double, margin: Double, inner: Double, bottom: Double, full: inout Bool) {
        let widths = t.widths.map { $0 * inner }
        func row(_ cells: [String], bold: Bool) -> Bool {
            let style = TextStyle(size: 8.5, bold: bold)
            let h = zip(cells, widths).map { canvas.measure($0, width: $1 - 4, style: style, maxHeight: 30).height }.max() ?? 0
            guard y + h + 3 <= bottom else { return false }
            var x = margin
            for (cell, w) in zip(cells, widths) {
                canvas.paragraph(cell, x: x + 2, y: y + 1.5, width: w - 4, style: style, maxHeight: 30)
                x += w
            }
            y += h + 3
            canvas.rule(from: margin, to: margin + inner, y: y, width: 0.3, grey: 0.75)
            return true
        }
        guard row(t.headers, bold: true) else {
            full = true
            return
        }
        for r in t.rows where !full {
            if !row(r, bold: false) { full = true }
        }
    }
}
