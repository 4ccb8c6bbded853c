import CGraphviz
import StakemapCore

/// How a paragraph of a printed page is set.
public struct TextStyle: Sendable, Hashable {
    public var size: Double
    public var bold: Bool
    /// Grey level, 0 black.
    public var grey: Double

    public init(size: Double, bold: Bool = false, grey: Double = 0) {
        self.size = size
        self.bold = bold
        self.grey = grey
    }

    /// The distance between two lines' baselines.
    var lineHeight: Double { size * 1.22 }
}

/// What a paragraph took on the page.
public struct TextBlock: Sendable, Hashable {
    /// Height used, in points.
    public let height: Double
    /// Whether the end of the text was left out (and an ellipsis drawn) to keep within
    /// the height allowed.
    public let cut: Bool
}

/// One PDF document of text pages being drawn: paragraphs wrapped at words and cut, rules,
/// filled boxes and charts laid out by Graphviz, all in process. It exists only inside
/// `GraphvizRenderer.printPages`, which holds the renderer's lock while it is drawn (cairo's
/// and Graphviz's text share fontconfig). Coordinates are points from the page's top left.
public final class PageCanvas {
    public let width: Double
    public let height: Double
    private var cairo: cgv_cairo_api
    private let document: UnsafeMutableRawPointer
    private let surface: UnsafeMutableRawPointer
    private let gvc: OpaquePointer
    private let renderer: GraphvizRenderer
    /// Pages ended so far.
    public private(set) var pagesEnded = 0
    var messages: [String] = []

    init(
        width: Double, height: Double, cairo: cgv_cairo_api, document: UnsafeMutableRawPointer,
        surface: UnsafeMutableRawPointer, gvc: OpaquePointer, renderer: GraphvizRenderer
    ) {
        self.width = width
        self.height = height
        self.cairo = cairo
        self.document = document
        self.surface = surface
        self.gvc = gvc
        self.renderer = renderer
    }

    /// Draws `text` wrapped at `width` points with its top left corner at (`x`, `y`), each
    /// line flush left or, with `alignRight`, flush right; with `maxHeight`, the text stops
    /// at that height and its last line ends in "…".
    @discardableResult
    public func paragraph(
        _ text: String, x: Double, y: Double, width: Double, style: TextStyle, maxHeight: Double? = nil,
        alignRight: Bool = false
    ) -> TextBlock {
        set(text, x: x, y: y, width: width, style: style, maxHeight: maxHeight, align: alignRight ? 2 : 0, draw: true)
    }

    /// What `paragraph` would take, without drawing.
    public func measure(_ text: String, width: Double, style: TextStyle, maxHeight: Double? = nil) -> TextBlock {
        set(text, x: 0, y: 0, width: width, style: style, maxHeight: maxHeight, align: 0, draw: false)
    }

    private func set(
        _ text: String, x: Double, y: Double, width: Double, style: TextStyle, maxHeight: Double?, align: Int32,
        draw: Bool
    ) -> TextBlock {
        // A NUL would end the C string early; nothing else needs escaping for cairo's text.
        let clean = text.replacingOccurrences(of: "\u{0}", with: "")
        guard !clean.isEmpty else { return TextBlock(height: 0, cut: false) }
        var shown = clean
        var cut = false
        if let maxHeight, layOut(clean, width: width, style: style) > maxHeight {
            // The longest beginning, cut after a word, that fits with "…".
            let words = clean.indices.filter { clean[$0] == " " || clean[$0] == "\n" }
            var low = 0, high = words.count  // words[low-1] is known to fit (0: none)
            while low < high {
                let mid = (low + high + 1) / 2
                if layOut(String(clean[..<words[mid - 1]]) + " …", width: width, style: style) <= maxHeight { low = mid } else { high = mid - 1 }
            }
            shown = low == 0 ? "…" : String(clean[..<words[low - 1]]) + " …"
            cut = true
        }
        let h = draw ? layOut(shown, width: width, style: style, align: align, at: (x, y)) : layOut(shown, width: width, style: style)
        return TextBlock(height: h, cut: cut)
    }

    /// The height of `text` set at `width`; drawn with its top left corner at `origin` when
    /// given, each line flush left (`align` 0) or right (2).
    private func layOut(_ text: String, width: Double, style: TextStyle, align: Int32 = 0, at origin: (x: Double, y: Double)? = nil) -> Double {
        cgv_font(&cairo, document, ChartBuilder.font, style.size, style.bold ? 1 : 0)
        let lines = wrapped(text, width: max(width, 1))
        if let origin {
            for (k, line) in lines.enumerated() {
                let x = align == 2 ? origin.x + width - advance(line) : origin.x
                cgv_text(&cairo, document, x, origin.y + style.size * 0.95 + Double(k) * style.lineHeight, line, style.grey)
            }
        }
        return Double(lines.count) * style.lineHeight
    }

    /// The width of `s` in the current font.
    private func advance(_ s: String) -> Double { cgv_text_width(&cairo, document, s) }

    /// `text` broken into lines no wider than `width` in the current font: at its line
    /// breaks, then between words, and inside a word only when it is wider than a line.
    private func wrapped(_ text: String, width: Double) -> [String] {
        var lines: [String] = []
        for hard in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in hard.split(separator: " ", omittingEmptySubsequences: true) {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if advance(candidate) <= width {
                    line = candidate
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                line = String(word)
                // A word wider than the line is cut between characters.
                while advance(line) > width && line.count > 1 {
                    var cut = line.count - 1
                    while cut > 1 && advance(String(line.prefix(cut))) > width { cut -= 1 }
                    lines.append(String(line.prefix(cut)))
                    line = String(line.dropFirst(cut))
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// A horizontal rule.
    public func rule(from x1: Double, to x2: Double, y: Double, width: Double = 0.5, grey: Double = 0.6) {
        cgv_rule(&cairo, document, x1, x2, y, width, grey)
    }

    /// A filled rectangle of colour `rgb` (each 0–1).
    public func box(x: Double, y: Double, width: Double, height: Double, rgb: (Double, Double, Double)) {
        cgv_fill_rect(&cairo, document, x, y, width, height, rgb.0, rgb.1, rgb.2)
    }

    /// Lays out `diagram` and draws it fitted into the box, centred across and hung from
    /// its top, never above 100 %. Returns the scale it was drawn at and the height it took.
    @discardableResult
    public func chart(_ diagram: Diagram, x: Double, y: Double, width: Double, height: Double) throws -> (zoom: Double, height: Double) {
        try renderer.draw(
            diagram, gvc: gvc, surface: surface, cairo: &cairo, x: x, y: y, width: width, height: height,
            messages: &messages)
    }

    /// Ends the current page; what is drawn next goes on a new one.
    public func endPage() {
        cgv_show_page(&cairo, document)
        pagesEnded += 1
    }
}

extension GraphvizRenderer {
    /// Prints a document of `width` × `height` point pages drawn by `draw` (which ends
    /// each page with `endPage`), titled `title`, dated `date` (so that the same input
    /// gives the same bytes), all under the renderer's lock.
    public func printPages(
        width: Double, height: Double, title: String, date: Day,
        _ draw: (PageCanvas) throws -> Void
    ) throws -> RenderedChart {
        try withGraphviz { gvc in
            var cairo = cgv_cairo_api()
            guard cgv_cairo_load(&cairo) == 0 else {
                throw GraphvizError(message: "cairo (libcairo.so.2) could not be loaded for PDF; install libcairo2")
            }
            let buffer = PDFBuffer()
            var surfacePointer: UnsafeMutableRawPointer?
            guard let document = cgv_pdf_begin(&cairo, buffer.pointer, width, height, &surfacePointer), let surface = surfacePointer else {
                throw GraphvizError(message: "cairo could not start a PDF document")
            }
            var finished = false
            defer { if !finished { _ = cgv_pdf_end(&cairo, document, surface) } }
            cgv_pdf_metadata(&cairo, surface, 0, title)
            cgv_pdf_metadata(&cairo, surface, 4, "Stakemap")
            cgv_pdf_metadata(&cairo, surface, 5, "\(date)T00:00:00")
            let canvas = PageCanvas(
                width: width, height: height, cairo: cairo, document: document, surface: surface,
                gvc: gvc, renderer: self)
            try draw(canvas)
            finished = true
            guard cgv_pdf_end(&cairo, document, surface) == 0, !buffer.failed else {
                throw GraphvizError(message: "cairo could not finish the PDF")
            }
            let data = buffer.bytes
            return RenderedChart(data: data, messages: canvas.messages, width: width, height: height, pages: canvas.pagesEnded)
        }
    }
}

extension GraphvizRenderer {
    /// `withContext` under its name for the paged documents.
    func withGraphviz<T>(_ body: (OpaquePointer) throws -> T) throws -> T { try withContext(body) }

    /// Lays out `diagram` and draws it on the current page of `surface`, fitted into the
    /// box (never above 100 %), centred across and hung from the box's top.
    func draw(
        _ diagram: Diagram, gvc: OpaquePointer, surface: UnsafeMutableRawPointer, cairo: inout cgv_cairo_api, x: Double, y: Double,
        width: Double, height: Double, messages: inout [String]
    ) throws -> (zoom: Double, height: Double) {
        var api = cairo
        let drawn: (zoom: Double, height: Double) = try layOut(gvc, diagram, dpi: nil) { gvc, g, box in
            let zoom = min(1, width / max(box.width, 1), height / max(box.height, 1))
            let cy = box.maxY - height / (2 * zoom)
            setViewport(g, size: ChartSize(width: width, height: height), margin: 0, zoom: zoom, center: (box.center.x, cy))
            _ = cgv_set(UnsafeMutableRawPointer(g), "pad", "0", "")
            if cgv_pdf_draw(&api, gvc, g, surface, x, y) != 0 {
                throw GraphvizError(message: "drawing a chart failed: \(Self.takeMessages())")
            }
            return (zoom, min(height, box.height * zoom))
        }
        let said = Self.takeMessages()
        if !said.isEmpty { messages.append(said) }
        return drawn
    }
}

/// The buffer cairo writes a PDF into, at one address for the whole document: cairo keeps
/// the pointer it is given and writes through it until the document is finished, so it
/// cannot be a Swift variable passed with `&` (valid only for the call).
final class PDFBuffer {
    let pointer: UnsafeMutablePointer<cgv_buffer>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: cgv_buffer(data: nil, length: 0, capacity: 0, failed: 0))
    }

    deinit {
        free(pointer.pointee.data)
        pointer.deallocate()
    }

    var failed: Bool { pointer.pointee.failed != 0 }

    /// The bytes written so far.
    var bytes: [UInt8] {
        guard let data = pointer.pointee.data else { return [] }
        return [UInt8](UnsafeBufferPointer(start: data, count: pointer.pointee.length))
    }
}
