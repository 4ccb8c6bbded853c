import Testing
@testable import StakemapCharts

@Suite struct GraphvizTests {
    @Test func rendersATwoNodeGraphInProcess() throws {
        try GraphvizRenderer.shared.selfCheck()
        let tricky = "Hélène \"H\" <b> & back\\slash"
        let d = Diagram(
            graphAttributes: [("fontname", "DejaVu Sans")],
            nodes: [
                .init(id: "n0", attributes: [("label", labelEscape(tricky)), ("fontname", "DejaVu Sans")]),
                .init(id: "n1", attributes: [("htmllabel", "<b>\(htmlEscape("Œdipe & <Co>"))</b>"), ("fontname", "DejaVu Sans")]),
            ], edges: [.init(from: "n0", to: "n1")])
        let svg = try GraphvizRenderer.shared.render(d, format: .svg)
        let text = String(decoding: svg.data, as: UTF8.self)
        #expect(svg.messages.isEmpty)
        #expect(text.contains("<svg"))
        #expect(text.contains("Hélène &quot;H&quot; &lt;b&gt; &amp; back\\slash"))
        #expect(text.contains("Œdipe &amp; &lt;Co&gt;"))
        #expect(text.contains("class=\"edge\""))
        let png = try GraphvizRenderer.shared.render(d, format: .png)
        #expect(png.data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let pdf = try GraphvizRenderer.shared.render(d, format: .pdf)
        #expect(pdf.data.starts(with: Array("%PDF".utf8)))
    }

    @Test func capturesGraphvizMessagesInsteadOfPrintingThem() throws {
        let d = Diagram(nodes: [.init(id: "n0", attributes: [("shape", "nosuchshape")])])
        let out = try GraphvizRenderer.shared.render(d, format: .svg)
        #expect(out.messages.contains { $0.contains("nosuchshape") })
    }

    @Test func isSafeFromParallelTests() async throws {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<8 {
                group.addTask {
                    let d = Diagram(
                        nodes: (0..<20).map { .init(id: "n\($0)", attributes: [("label", "P\(i)-\($0)")]) },
                        edges: (1..<20).map { .init(from: "n\($0 / 2)", to: "n\($0)") })
                    return try GraphvizRenderer.shared.render(d, format: .svg).data.count
                }
            }
            for try await size in group { #expect(size > 1000) }
        }
    }
}

@Suite struct GraphvizWorkaroundTests {
    /// A labelled edge that does not constrain the layout used to crash Graphviz 2.42 when
    /// the layout was freed; the renderer draws its label as an `xlabel` instead.
    @Test func labelledLooseEdgesRenderSafely() throws {
        let d = Diagram(
            nodes: [.init(id: "a"), .init(id: "b"), .init(id: "c")],
            edges: [
                .init(from: "a", to: "b"), .init(from: "a", to: "c"),
                .init(from: "b", to: "c", attributes: [("constraint", "false"), ("label", "0.80")]),
                .init(from: "c", to: "b", attributes: [("constraint", "false"), ("label", "conflict")]),
            ])
        let svg = try GraphvizRenderer.shared.render(d, format: .svg)
        #expect(String(decoding: svg.data, as: UTF8.self).contains("0.80"))
    }
}
