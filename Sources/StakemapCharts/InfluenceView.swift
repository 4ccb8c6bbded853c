import Foundation
import StakemapCore

/// The influence view: the hierarchy in grey, influence links in blue (width =
/// strength) and conflicts in red, neither constraining the layout.
struct InfluenceView: ViewBuilder {
    func select(_ b: inout Builder) throws(ChartError) { try b.selectFocusAndSubset() }
    var drawsLinks: Bool { true }
    var marksChanges: Bool { true }
    func addLines(_ b: inout Builder, _ d: inout Diagram, standsFor: [Int]) { b.addLinks(&d, standsFor) }
    var legendNotes: [String] { ["blue: influence (width = strength)", "red: conflict"] }
    var bookTitle: String { "influence map" }
}

extension Builder {
    /// The influence and conflict links between people drawn in boxes of their own; on
    /// a book page, a link with one end on another page ends in a stub.
    mutating func addLinks(_ d: inout Diagram, _ standsFor: [Int]) {
        for l in a.account.links {
            guard let u0 = g.node(l.from), let v0 = g.node(l.to), standsFor.indices.contains(u0) else { continue }
            let u = nodeId(u0), v = nodeId(v0)
            if standsFor[u0] != u0 || standsFor[v0] != v0 {
                // On a book page, a link with one end on another page ends in a stub.
                let conflict = l.type == .conflict
                if standsFor[u0] == u0 { crossStub(to: v0, from: u0, conflict ? "conflict with" : "influences") }
                if standsFor[v0] == v0 { crossStub(to: u0, from: v0, conflict ? "conflict with" : "influenced by") }
                continue
            }
            switch l.type {
            case .influence:
                let s = l.strength ?? 0.5
                d.edges.append(
                    Diagram.Edge(
                        from: u, to: v,
                        attributes: [
                            ("color", "#2166ac"), ("penwidth", String(format: "%.1f", 0.8 + 2.5 * s)), ("constraint", "false"),
                            ("xlabel", formatStrength(s)), ("fontcolor", "#2166ac"),
                        ]))
            case .conflict:
                d.edges.append(
                    Diagram.Edge(
                        from: u, to: v,
                        attributes: [
                            ("color", "#b2182b"), ("penwidth", "2"), ("style", "bold"), ("dir", "none"), ("constraint", "false"),
                            ("xlabel", "conflict"), ("fontcolor", "#b2182b"),
                        ]))
            }
        }
    }
}
