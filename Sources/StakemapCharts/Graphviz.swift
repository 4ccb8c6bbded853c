import CGraphviz
import Dispatch
import Foundation
import Synchronization

/// An output format of the renderer.
public enum ChartFormat: String, Sendable, CaseIterable {
    case svg, png, pdf
    /// Graphviz's JSON description of the layout.
    case json
}

/// Errors from Graphviz, with Graphviz's own words.
public struct GraphvizError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The result of a render: the bytes and any message Graphviz produced on the way.
public struct RenderedChart: Sendable {
    public var data: [UInt8]
    public var messages: [String]
    /// The drawing's size after layout, in points (1/72 inch), before any page fitting.
    public var width: Double = 0
    public var height: Double = 0
    /// Pages of a paged PDF, and the scale it was drawn at.
    public var pages: Int = 1
    public var zoom: Double = 1
}

/// A width and a height, in points (1/72 inch).
public struct ChartSize: Sendable, Hashable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

/// A rectangle of a page, in points from the page's top left corner.
public struct ChartRect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// Paper sizes, portrait, in points.
public enum Paper: String, Sendable, CaseIterable {
    case a4, a3, letter
    public var size: ChartSize {
        switch self {
        case .a4: ChartSize(width: 595, height: 842)
        case .a3: ChartSize(width: 842, height: 1191)
        case .letter: ChartSize(width: 612, height: 792)
        }
    }
}

/// One printed page: the chart scaled to fit inside the margins and centred.
public struct PageSetup: Sendable {
    public var paper: Paper
    public var landscape: Bool
    /// Margin on each side, in points.
    public var margin: Double = 36
    public init(paper: Paper, landscape: Bool = false) {
        self.paper = paper
        self.landscape = landscape
    }
    /// Page width and height in points, turned for landscape.
    public var size: ChartSize {
        let s = paper.size
        return landscape ? ChartSize(width: s.height, height: s.width) : s
    }
    /// The printable area inside the margins.
    public var inner: ChartSize { ChartSize(width: size.width - 2 * margin, height: size.height - 2 * margin) }
}

/// Cairo cannot make bitmaps wider or taller than this many pixels.
public let largestBitmap = 32_767.0

/// Graphviz messages arrive in fragments through a C callback that cannot capture
/// context; they are gathered here, under the renderer's lock.
private nonisolated(unsafe) var messageBuffer = ""

private let messageSink: @convention(c) (UnsafeMutablePointer<CChar>?) -> Int32 = { text in
    if let text { messageBuffer += String(cString: text) }
    return 0
}

/// In-process Graphviz (libgvc). cgraph and gvc are not thread-safe and keep global
/// state, so every call goes through one process-wide lock, with one context for the
/// process. Messages are captured, never printed.
public final class GraphvizRenderer: Sendable {
    private struct State: @unchecked Sendable {
        var context: OpaquePointer?
    }
    private let state = Mutex(State())

    public static let shared = GraphvizRenderer()

    private init() {}

    /// Checks that the dot layout and the svg, png and pdf renderers are installed.
    public func selfCheck() throws {
        try withContext { gvc in
            var missing: [String] = []
            if cgv_has_plugin(gvc, "layout", "dot") == 0 { missing.append("the dot layout") }
            for f in [ChartFormat.svg, .png, .pdf] where cgv_has_plugin(gvc, "device", f.rawValue) == 0 { missing.append("the \(f.rawValue) renderer") }
            if !missing.isEmpty {
                throw GraphvizError(
                    message:
                        "Graphviz is missing \(missing.joined(separator: ", ")); install it with 'apt-get install libgraphviz-dev graphviz' (its plugin list is made by 'dot -c')"
                )
            }
        }
    }

    /// Lays out `diagram` with dot and renders it; with `page`, scaled to fit the page
    /// inside its margins and centred (the `viewport` attribute). Throws `GraphvizError`,
    /// also for a PNG larger than cairo's bitmap limit (rather than a silently shrunk image).
    public func render(_ diagram: Diagram, format: ChartFormat, page: PageSetup? = nil, dpi: Double = 96) throws -> RenderedChart {
        try withLayout(diagram, dpi: format == .png ? dpi : nil) { gvc, g, box in
            if let page {
                let inner = page.inner
                let zoom = min(inner.width / max(box.width, 1), inner.height / max(box.height, 1))
                setViewport(g, size: page.inner, margin: page.margin, zoom: zoom, center: box.center)
            }
            if format == .png {
                let pixels = page.map { max($0.size.width, $0.size.height) * dpi / 72 } ?? max(box.width, box.height) * dpi / 72
                if pixels > largestBitmap {
                    throw GraphvizError(
                        message:
                            "the chart is \(Int(pixels)) pixels across, more than a PNG can hold (\(Int(largestBitmap))); render it as SVG or PDF, or focus it on one subtree, a few levels, someone's neighbourhood or the key players"
                    )
                }
            }
            var buffer: UnsafeMutablePointer<CChar>?
            var length: UInt32 = 0
            let rc = cgv_render_data(gvc, g, format.rawValue, &buffer, &length)
            defer { if let buffer { gvFreeRenderData(buffer) } }
            guard rc == 0, let buffer else { throw GraphvizError(message: "rendering \(format.rawValue) failed: \(Self.takeMessages())") }
            let data = [UInt8](UnsafeRawBufferPointer(start: buffer, count: Int(length)))
            return RenderedChart(
                data: data, messages: Self.takeMessages().split(separator: "\n").map(String.init),
                width: box.width, height: box.height)
        }
    }

    /// Lays `diagram` out and returns the drawing's size in points.
    public func measure(_ diagram: Diagram) throws -> ChartSize {
        try withLayout(diagram, dpi: nil) { _, _, box in ChartSize(width: box.width, height: box.height) }
    }

    /// Prints a chart book as one PDF: each page laid out on its own and fitted (never
    /// above 100 %) into the area between its title and its strip, its stubs made into
    /// links; then the index pages; an outline entry for every page.
    public func renderBook(_ book: ChartBook, layout: BookLayout) throws -> RenderedChart {
        // The whole book under the lock: cairo's text and Graphviz's Pango text share
        // fontconfig, which must not be used from two threads at once.
        try withContext { gvc in try renderBook(book, layout: layout, gvc: gvc) }
    }

    private func renderBook(_ book: ChartBook, layout: BookLayout, gvc: OpaquePointer) throws -> RenderedChart {
        var cairo = cgv_cairo_api()
        guard cgv_cairo_load(&cairo) == 0 else {
            throw GraphvizError(message: "cairo (libcairo.so.2) could not be loaded for multi-page PDF; install libcairo2")
        }
        let size = layout.page.size
        let margin = layout.page.margin
        let area = layout.area
        let buffer = PDFBuffer()
        var surfacePointer: UnsafeMutableRawPointer?
        guard let document = cgv_pdf_begin(&cairo, buffer.pointer, size.width, size.height, &surfacePointer), let surface = surfacePointer else {
            throw GraphvizError(message: "cairo could not start a PDF document")
        }
        var finished = false
        defer { if !finished { _ = cgv_pdf_end(&cairo, document, surface) } }
        cgv_pdf_metadata(&cairo, surface, 0, book.title)
        cgv_pdf_metadata(&cairo, surface, 4, "Stakemap")
        cgv_pdf_metadata(&cairo, surface, 5, "\(book.date)T00:00:00")

        // The index: entries in columns, as many pages as they need.
        let lineHeight = 11.0
        let columns = max(2, Int(area.width / 250))
        let rowsPerColumn = max(1, Int((area.height - 4) / lineHeight))
        let perPage = columns * rowsPerColumn
        let indexPages = book.index.isEmpty ? 0 : (book.index.count + perPage - 1) / perPage
        let total = book.pages.count + indexPages

        func text(_ x: Double, _ y: Double, _ s: String, size: Double, bold: Bool = false, grey: Double = 0) {
            cgv_font(&cairo, document, ChartBuilder.font, size, bold ? 1 : 0)
            cgv_text(&cairo, document, x, y, s, grey)
        }
        func width(_ s: String, size: Double, bold: Bool = false) -> Double {
            cgv_font(&cairo, document, ChartBuilder.font, size, bold ? 1 : 0)
            return cgv_text_width(&cairo, document, s)
        }
        /// `s`, shortened with an ellipsis to fit `room` points.
        func fitted(_ s: String, _ room: Double, size: Double, bold: Bool = false) -> String {
            if width(s, size: size, bold: bold) <= room { return s }
            var chars = Array(s)
            while !chars.isEmpty && width(String(chars) + "…", size: size, bold: bold) > room { chars.removeLast() }
            return String(chars) + "…"
        }
        func frame(number: Int, heading: String) {
            let titleWidth = width(book.title, size: 11, bold: true)
            text(margin, margin + 11, book.title, size: 11, bold: true)
            if !heading.isEmpty {
                let x = margin + titleWidth + 10
                text(x, margin + 11, fitted(heading, size.width - margin - x, size: 9), size: 9, grey: 0.25)
            }
            cgv_rule(&cairo, document, margin, size.width - margin, margin + 17, 0.5, 0.6)
            let bottom = size.height - margin
            cgv_rule(&cairo, document, margin, size.width - margin, bottom - layout.footerHeight + 6, 0.5, 0.6)
            let pageText = "page \(number) of \(total)"
            let pageWidth = width(pageText, size: 8)
            text(margin, bottom - 11, fitted(book.strip, size.width - 2 * margin - pageWidth - 12, size: 8), size: 8)
            text(size.width - margin - pageWidth, bottom - 11, pageText, size: 8)
            text(margin, bottom - 2, fitted(book.notice, size.width - 2 * margin, size: 7), size: 7, grey: 0.35)
        }

        var messages: [String] = []
        var smallest = 1.0
        var outline = [Int](repeating: 0, count: book.pages.count + 1)
        var first = (width: 0.0, height: 0.0)
        for (k, page) in book.pages.enumerated() {
            let number = k + 1
            let placed: (zoom: Double, links: [(Double, Double, Double, Double, Int)], box: Box) = try layOut(gvc, page.diagram, dpi: nil) { gvc, g, box in
                let zoom = min(1, area.width / max(box.width, 1), area.height / max(box.height, 1))
                // Centred across, hung from the top.
                let cx = box.center.x
                let cy = box.maxY - area.height / (2 * zoom)
                // The page's margins and bands are ours: the drawing is placed by translation.
                setViewport(g, size: ChartSize(width: area.width, height: area.height), margin: 0, zoom: zoom, center: (cx, cy))
                _ = cgv_set(UnsafeMutableRawPointer(g), "pad", "0", "")
                if cgv_pdf_draw(&cairo, gvc, g, surface, area.x, area.y) != 0 {
                    throw GraphvizError(message: "rendering page \(number) failed: \(Self.takeMessages())")
                }
                var rects: [(Double, Double, Double, Double, Int)] = []
                for link in page.links {
                    var x = 0.0, y = 0.0, w = 0.0, h = 0.0
                    guard cgv_node_box(g, link.node, &x, &y, &w, &h) == 0 else { continue }
                    let left = area.x + area.width / 2 + (x - w / 2 - cx) * zoom
                    let top = area.y + area.height / 2 - (y + h / 2 - cy) * zoom
                    let rowHeight = h * zoom / Double(max(1, link.rows))
                    rects.append((left, top + rowHeight * Double(link.row), w * zoom, rowHeight, link.page))
                }
                messages += Self.takeMessages().split(separator: "\n").map(String.init)
                return (zoom, rects, box)
            }
            if k == 0 { first = (placed.box.width, placed.box.height) }
            cgv_page_destination(&cairo, document, Int32(number))
            smallest = min(smallest, placed.zoom)
            for r in placed.links { cgv_link(&cairo, document, r.0, r.1, r.2, r.3, Int32(r.4)) }
            frame(number: number, heading: page.heading)
            outline[number] = Int(cgv_outline(&cairo, surface, Int32(outline[page.parent]), page.outline, Int32(number), page.parent == 0 ? 1 : 0))
            cgv_show_page(&cairo, document)
        }
        for p in 0..<indexPages {
            let number = book.pages.count + p + 1
            let columnWidth = area.width / Double(columns)
            for (i, entry) in book.index[(p * perPage)..<min((p + 1) * perPage, book.index.count)].enumerated() {
                let x = area.x + Double(i / rowsPerColumn) * columnWidth
                let y = area.y + lineHeight * Double(i % rowsPerColumn + 1)
                // Someone on many pages: as many of them as fit half the column.
                let pages = fitted(entry.pages.map(String.init).joined(separator: ", "), columnWidth / 2, size: 8)
                let pagesWidth = width(pages, size: 8)
                let room = columnWidth - pagesWidth - 14
                let name = fitted(entry.name, room, size: 8, bold: true)
                text(x, y, name, size: 8, bold: true)
                let nameWidth = width(name, size: 8, bold: true)
                if !entry.detail.isEmpty && room - nameWidth > 20 {
                    text(x + nameWidth + 4, y, fitted(entry.detail, room - nameWidth - 4, size: 7), size: 7, grey: 0.35)
                }
                text(x + columnWidth - 10 - pagesWidth, y, pages, size: 8)
                if let target = entry.pages.first { cgv_link(&cairo, document, x, y - 8, columnWidth - 10, lineHeight, Int32(target)) }
            }
            cgv_page_destination(&cairo, document, Int32(number))
            frame(number: number, heading: p == 0 ? "Index: everyone of theirs drawn, and the pages they are on" : "Index, continued")
            if p == 0 { _ = cgv_outline(&cairo, surface, 0, "Index", Int32(number), 0) }
            cgv_show_page(&cairo, document)
        }
        finished = true
        let status = cgv_pdf_end(&cairo, document, surface)
        guard status == 0, !buffer.failed else {
            throw GraphvizError(message: "cairo could not finish the PDF (status \(status))")
        }
        var chart = RenderedChart(
            data: buffer.bytes, messages: messages,
            width: first.width, height: first.height)
        chart.pages = total
        chart.zoom = smallest
        return chart
    }

    /// The laid-out drawing's box, in points.
    struct Box {
        var minX: Double, minY: Double, maxX: Double, maxY: Double
        var width: Double { maxX - minX }
        var height: Double { maxY - minY }
        var center: (x: Double, y: Double) { ((minX + maxX) / 2, (minY + maxY) / 2) }
    }

    /// Shows the part of the laid-out graph around `center`, at `zoom`, in an area of
    /// `size` points with `margin` points around it.
    func setViewport(
        _ g: UnsafeMutablePointer<Agraph_t>, size: ChartSize, margin: Double, zoom: Double,
        center: (x: Double, y: Double)
    ) {
        let viewport = String(format: "%.2f,%.2f,%.6f,%.2f,%.2f", size.width, size.height, zoom, center.x, center.y)
        _ = cgv_set(UnsafeMutableRawPointer(g), "viewport", viewport, "")
        _ = cgv_set(UnsafeMutableRawPointer(g), "margin", String(format: "%.4f", margin / 72), "")
    }

    /// Builds `diagram` as a cgraph graph through the object API, lays it out with dot,
    /// runs `body`, and frees everything in reverse order, all under the lock with
    /// Graphviz's messages captured.
    private func withLayout<T>(
        _ diagram: Diagram, dpi: Double?,
        _ body: (OpaquePointer, UnsafeMutablePointer<Agraph_t>, Box) throws -> T
    ) throws -> T {
        try withContext { gvc in try layOut(gvc, diagram, dpi: dpi, body) }
    }

    /// `withLayout` for a caller that already holds the lock.
    func layOut<T>(
        _ gvc: OpaquePointer, _ diagram: Diagram, dpi: Double?,
        _ body: (OpaquePointer, UnsafeMutablePointer<Agraph_t>, Box) throws -> T
    ) throws -> T {
        do {
            messageBuffer = ""
            agseterrf(messageSink)
            let previousLevel = agseterr(AGWARN)
            defer {
                agseterr(previousLevel)
                agseterrf(nil)
            }
            agreseterrors()
            guard let g = cgv_open_digraph(diagram.name) else { throw GraphvizError(message: "Graphviz could not create a graph") }
            defer { agclose(g) }
            for (k, v) in diagram.graphAttributes { _ = cgv_set(UnsafeMutableRawPointer(g), k, v, "") }
            if let dpi { _ = cgv_set(UnsafeMutableRawPointer(g), "dpi", String(Int(dpi)), "") }
            for (k, v) in diagram.nodeDefaults { cgv_default(g, 1, k, v) }
            for (k, v) in diagram.edgeDefaults { cgv_default(g, 2, k, v) }
            func apply(_ attributes: [(String, String)], to object: UnsafeMutableRawPointer) {
                for (k, v) in attributes {
                    if k == "htmllabel" {
                        _ = cgv_set_html_label(object, v)
                    } else {
                        _ = cgv_set(object, k, v, k == "label" ? "\\N" : "")
                    }
                }
            }
            var nodes: [String: UnsafeMutablePointer<Agnode_t>] = [:]
            for n in diagram.nodes {
                guard let node = cgv_node(g, n.id) else { continue }
                nodes[n.id] = node
                apply(n.attributes, to: UnsafeMutableRawPointer(node))
            }
            for e in diagram.edges {
                guard let t = nodes[e.from] ?? cgv_node(g, e.from), let h = nodes[e.to] ?? cgv_node(g, e.to),
                    let edge = cgv_edge(g, t, h, "")
                else { continue }
                // Graphviz 2.42 double-frees in gvFreeLayout when an edge that does not
                // constrain the layout carries a `label`: such labels go out as `xlabel`.
                let loose = e.attributes.contains { $0.0 == "constraint" && $0.1 == "false" }
                apply(
                    loose ? e.attributes.map { $0.0 == "label" ? ("xlabel", $0.1) : $0 } : e.attributes,
                    to: UnsafeMutableRawPointer(edge))
            }
            for (i, r) in diagram.ranks.enumerated() {
                guard let sg = cgv_subgraph(g, "rank\(i)") else { continue }
                _ = cgv_set(UnsafeMutableRawPointer(sg), "rank", r.kind, "")
                for id in r.nodes { if let node = nodes[id] { _ = cgv_subnode(sg, node) } }
            }
            guard cgv_layout(gvc, g, "dot") == 0 else { throw GraphvizError(message: "layout failed: \(Self.takeMessages())") }
            defer { gvFreeLayout(gvc, g) }
            var llx = 0.0, lly = 0.0, urx = 0.0, ury = 0.0
            cgv_bb(g, &llx, &lly, &urx, &ury)
            return try body(gvc, g, Box(minX: llx, minY: lly, maxX: urx, maxY: ury))
        }
    }

    static func takeMessages() -> String {
        let m = messageBuffer
        messageBuffer = ""
        return m.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `body` under the lock with the process's context, creating it on first use, on
    /// a thread with a large stack (see `onLargeStack`).
    func withContext<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try onLargeStack {
            try state.withLock { s in
                if s.context == nil { s.context = gvContext() }
                guard let gvc = s.context else { throw GraphvizError(message: "Graphviz could not start (gvContext failed)") }
                return try body(gvc)
            }
        }
    }
}

/// The stack Graphviz runs on: dot's layout recurses (network simplex, mincross) as deep
/// as the graph, with large frames, and the threads Swift concurrency and test runners use
/// have small stacks; a frame that jumps past a small stack's guard page writes over other
/// memory instead of failing. Only the pages touched are ever used.
let graphvizStack = 512 << 20

/// Runs `body` on a thread of its own with a `graphvizStack`-byte stack, and waits for it.
func onLargeStack<T>(_ body: () throws -> T) throws -> T {
    try withoutActuallyEscaping(body) { body throws -> T in
        let job = LargeStackJob<T>(body)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            job.run()
            done.signal()
        }
        thread.stackSize = graphvizStack
        thread.start()
        done.wait()
        return try job.result()
    }
}

/// One call handed to the large-stack thread: the work (dropped once run, so that it does
/// not outlive the caller's frame) and its result. The semaphore orders the accesses.
private final class LargeStackJob<T>: @unchecked Sendable {
    private var work: (() throws -> T)?
    private var outcome: Result<T, any Error>?

    init(_ work: @escaping () throws -> T) { self.work = work }

    func run() {
        if let work { outcome = Result { try work() } }
        work = nil
    }

    func result() throws -> T {
        guard let outcome else { throw GraphvizError(message: "the Graphviz thread ended without a result") }
        return try outcome.get()
    }
}
