import CGraphviz
import Synchronization

/// An output format of the renderer.
public enum ChartFormat: String, Sendable, CaseIterable {
    case svg, png, pdf
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
}

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
            for f in ChartFormat.allCases where cgv_has_plugin(gvc, "device", f.rawValue) == 0 { missing.append("the \(f.rawValue) renderer") }
            if !missing.isEmpty {
                throw GraphvizError(message: "Graphviz is missing \(missing.joined(separator: ", ")); install it with 'apt-get install libgraphviz-dev graphviz' (its plugin list is made by 'dot -c')")
            }
        }
    }

    /// Lays out `diagram` with dot and renders it. Throws `GraphvizError`.
    public func render(_ diagram: Diagram, format: ChartFormat) throws -> RenderedChart {
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
            var nodes: [String: UnsafeMutablePointer<Agnode_t>] = [:]
            for n in diagram.nodes {
                guard let node = cgv_node(g, n.id) else { continue }
                nodes[n.id] = node
                for (k, v) in n.attributes {
                    if k == "label", v.hasPrefix("<"), v.hasSuffix(">") {
                        _ = cgv_set_html_label(UnsafeMutableRawPointer(node), String(v.dropFirst().dropLast()))
                    } else {
                        _ = cgv_set(UnsafeMutableRawPointer(node), k, v, k == "label" ? "\\N" : "")
                    }
                }
            }
            for e in diagram.edges {
                guard let t = nodes[e.from] ?? cgv_node(g, e.from), let h = nodes[e.to] ?? cgv_node(g, e.to),
                      let edge = cgv_edge(g, t, h, "") else { continue }
                for (k, v) in e.attributes { _ = cgv_set(UnsafeMutableRawPointer(edge), k, v, "") }
            }
            guard cgv_layout(gvc, g, "dot") == 0 else { throw GraphvizError(message: "layout failed: \(Self.takeMessages())") }
            defer { gvFreeLayout(gvc, g) }
            var buffer: UnsafeMutablePointer<CChar>?
            var length: UInt32 = 0
            let rc = cgv_render_data(gvc, g, format.rawValue, &buffer, &length)
            defer { if let buffer { gvFreeRenderData(buffer) } }
            guard rc == 0, let buffer else { throw GraphvizError(message: "rendering \(format.rawValue) failed: \(Self.takeMessages())") }
            let data = [UInt8](UnsafeRawBufferPointer(start: buffer, count: Int(length)))
            return RenderedChart(data: data, messages: Self.takeMessages().split(separator: "\n").map(String.init))
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
