import CGraphviz
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
}

/// Paper sizes, portrait, in points.
public enum Paper: String, Sendable, CaseIterable {
    case a4, a3, letter
    public var size: (width: Double, height: Double) {
        switch self {
        case .a4: (595, 842)
        case .a3: (842, 1191)
        case .letter: (612, 792)
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
    public var size: (width: Double, height: Double) {
        let s = paper.size
        return landscape ? (s.height, s.width) : s
    }
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
                throw GraphvizError(message: "Graphviz is missing \(missing.joined(separator: ", ")); install it with 'apt-get install libgraphviz-dev graphviz' (its plugin list is made by 'dot -c')")
            }
        }
    }

    /// Lays out `diagram` with dot and renders it; with `page`, scaled to fit the page
    /// inside its margins and centred (the `viewport` attribute). Throws `GraphvizError`,
    /// also for a PNG larger than cairo's bitmap limit (rather than a silently shrunk image).
    public func render(_ diagram: Diagram, format: ChartFormat, page: PageSetup? = nil, dpi: Double = 96) throws -> RenderedChart {
        try withContext { gvc in
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
            if format == .png { _ = cgv_set(UnsafeMutableRawPointer(g), "dpi", String(Int(dpi)), "") }
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
                      let edge = cgv_edge(g, t, h, "") else { continue }
                apply(e.attributes, to: UnsafeMutableRawPointer(edge))
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
            let width = urx - llx, height = ury - lly
            if let page {
                // Fit and centre on the page: viewport = inner size, zoom, centre in graph points.
                let inner = (page.size.width - 2 * page.margin, page.size.height - 2 * page.margin)
                let zoom = min(inner.0 / max(width, 1), inner.1 / max(height, 1))
                let viewport = String(format: "%.2f,%.2f,%.6f,%.2f,%.2f", inner.0, inner.1, zoom, (llx + urx) / 2, (lly + ury) / 2)
                _ = cgv_set(UnsafeMutableRawPointer(g), "viewport", viewport, "")
                _ = cgv_set(UnsafeMutableRawPointer(g), "margin", String(format: "%.4f", page.margin / 72), "")
            }
            if format == .png {
                let scale = dpi / 72 * (page == nil ? 1 : 0)
                let pixels = page.map { max($0.size.width, $0.size.height) * dpi / 72 } ?? max(width, height) * scale
                if pixels > largestBitmap {
                    throw GraphvizError(message: "the chart is \(Int(pixels)) pixels across, more than a PNG can hold (\(Int(largestBitmap))); render it as SVG or PDF, or focus it (--root, --depth, --around, --key-players)")
                }
            }
            var buffer: UnsafeMutablePointer<CChar>?
            var length: UInt32 = 0
            let rc = cgv_render_data(gvc, g, format.rawValue, &buffer, &length)
            defer { if let buffer { gvFreeRenderData(buffer) } }
            guard rc == 0, let buffer else { throw GraphvizError(message: "rendering \(format.rawValue) failed: \(Self.takeMessages())") }
            let data = [UInt8](UnsafeRawBufferPointer(start: buffer, count: Int(length)))
            return RenderedChart(data: data, messages: Self.takeMessages().split(separator: "\n").map(String.init),
                                 width: width, height: height)
        }
    }

    private static func takeMessages() -> String {
        let m = messageBuffer
        messageBuffer = ""
        return m.trimmingCharacters(in: "\n ")
    }

    /// Runs `body` under the lock with the process's context, creating it on first use.
    private func withContext<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try state.withLock { s in
            if s.context == nil { s.context = gvContext() }
            guard let gvc = s.context else { throw GraphvizError(message: "Graphviz could not start (gvContext failed)") }
            return try body(gvc)
        }
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
