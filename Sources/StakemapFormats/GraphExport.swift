import StakemapCore

/// The influence graph of an analysed account for graph tools (Gephi, yEd, networkx):
/// GraphML and GEXF with typed attributes. Nodes are their active people and our team,
/// with their ids; edges are the influence graph's (strongest of parallel edges, with
/// their kind, strength and cost −ln strength), and conflicts — which carry no influence
/// — as edges of kind `conflict` without strength, or as `conflict=true` on an edge that
/// already joins the two people. Order follows node ids; same input, same bytes.
public enum GraphExport {
    struct Attribute {
        let name: String
        let type: String  // GraphML: string, double, boolean, int
    }

    static let nodeAttributes = [
        Attribute(name: "label", type: "string"), Attribute(name: "side", type: "string"),
        Attribute(name: "title", type: "string"), Attribute(name: "unit", type: "string"), Attribute(name: "site", type: "string"),
        Attribute(name: "level", type: "string"), Attribute(name: "roles", type: "string"), Attribute(name: "stance", type: "string"),
        Attribute(name: "power", type: "string"), Attribute(name: "placeholder", type: "boolean"),
        Attribute(name: "coverage", type: "double"), Attribute(name: "weight", type: "double"),
    ]
    static let edgeAttributes = [
        Attribute(name: "kind", type: "string"), Attribute(name: "strength", type: "double"),
        Attribute(name: "cost", type: "double"), Attribute(name: "conflict", type: "boolean"),
    ]

    /// One node's attribute values (absent ones left out).
    static func nodeValues(_ a: AccountAnalysis, _ v: Int, weights: [Int: Double]) -> [String: String] {
        var out: [String: String] = ["label": a.name(v), "side": a.graph.isTeam(v) ? "ours" : "theirs"]
        if let p = a.person(v) {
            if let t = p.title { out["title"] = t }
            if let u = p.unit { out["unit"] = u }
            if let s = p.site { out["site"] = s }
            if let l = p.level { out["level"] = l.rawValue }
            out["roles"] = p.roles.map(\.rawValue).joined(separator: "|")
            out["stance"] = p.stance.rawValue
            out["power"] = p.power.rawValue
            out["placeholder"] = p.placeholder ? "true" : "false"
            out["coverage"] = number(a.coverage(v))
            if let w = weights[v] { out["weight"] = number(w) }
        } else if let t = a.graph.teamIndex(v) {
            let m = a.account.team[t]
            if let title = m.title { out["title"] = title }
            if let l = m.level { out["level"] = l.rawValue }
        }
        return out
    }

    struct Edge {
        let from: Int
        let to: Int
        var values: [String: String]
    }

    static func edges(_ a: AccountAnalysis) -> [Edge] {
        let g = a.graph
        var edges: [Edge] = []
        var at: [Int64: Int] = [:]
        for u in 0..<g.nodeCount {
            for e in g.forward.range(u) {
                let v = Int(g.forward.targets[e])
                at[Int64(u) << 32 | Int64(v)] = edges.count
                edges.append(
                    Edge(
                        from: u, to: v,
                        values: [
                            "kind": g.forward.kinds[e].key, "strength": number(g.forward.strengths[e]), "cost": number(g.forward.costs[e]),
                        ]))
            }
        }
        var conflicts: [Edge] = []
        for l in a.account.links where l.type == .conflict {
            guard let u = g.node(l.from), let v = g.node(l.to), u != v else { continue }
            if let i = at[Int64(u) << 32 | Int64(v)] {
                edges[i].values["conflict"] = "true"
            } else {
                at[Int64(u) << 32 | Int64(v)] = -1
                conflicts.append(Edge(from: u, to: v, values: ["kind": "conflict", "conflict": "true"]))
            }
        }
        return (edges + conflicts).sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    static func number(_ d: Double) -> String { d.isFinite ? "\(d)" : "0" }

    static func xml(_ s: String) -> String { MarkupText.escape(s) }

    static func weights(_ a: AccountAnalysis) -> [Int: Double] {
        Dictionary(a.holders.map { ($0.node, $0.weight) }, uniquingKeysWith: { x, _ in x })
    }

    /// GraphML 1.0 (what networkx's `read_graphml`, yEd and Gephi read).
    public static func graphML(_ a: AccountAnalysis) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """
        for (i, k) in nodeAttributes.enumerated() {
            out += "  <key id=\"n\(i)\" for=\"node\" attr.name=\"\(k.name)\" attr.type=\"\(k.type)\"/>\n"
        }
        for (i, k) in edgeAttributes.enumerated() {
            out += "  <key id=\"e\(i)\" for=\"edge\" attr.name=\"\(k.name)\" attr.type=\"\(k.type)\"/>\n"
        }
        out += "  <graph id=\"\(xml(a.account.info.name))\" edgedefault=\"directed\">\n"
        let w = weights(a)
        for v in 0..<a.graph.nodeCount {
            let values = nodeValues(a, v, weights: w)
            out += "    <node id=\"\(xml(a.graph.ids[v]))\">\n"
            for (i, k) in nodeAttributes.enumerated() {
                if let value = values[k.name] { out += "      <data key=\"n\(i)\">\(xml(value))</data>\n" }
            }
            out += "    </node>\n"
        }
        for e in edges(a) {
            out += "    <edge source=\"\(xml(a.graph.ids[e.from]))\" target=\"\(xml(a.graph.ids[e.to]))\">\n"
            for (i, k) in edgeAttributes.enumerated() {
                if let value = e.values[k.name] { out += "      <data key=\"e\(i)\">\(xml(value))</data>\n" }
            }
            out += "    </edge>\n"
        }
        return out + "  </graph>\n</graphml>\n"
    }

    /// GEXF 1.2 (Gephi's format; networkx's `read_gexf`).
    public static func gexf(_ a: AccountAnalysis) -> String {
        func type(_ t: String) -> String { t == "double" ? "double" : t == "boolean" ? "boolean" : "string" }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">
              <meta>
                <creator>Stakemap</creator>
                <description>\(xml(a.account.info.name)): influence graph as of \(a.asOf)</description>
              </meta>
              <graph defaultedgetype="directed" mode="static">
                <attributes class="node">

            """
        let nodeKeys = nodeAttributes.filter { $0.name != "label" }
        for (i, k) in nodeKeys.enumerated() { out += "      <attribute id=\"\(i)\" title=\"\(k.name)\" type=\"\(type(k.type))\"/>\n" }
        out += "    </attributes>\n    <attributes class=\"edge\">\n"
        for (i, k) in edgeAttributes.enumerated() { out += "      <attribute id=\"\(i)\" title=\"\(k.name)\" type=\"\(type(k.type))\"/>\n" }
        out += "    </attributes>\n    <nodes>\n"
        let w = weights(a)
        for v in 0..<a.graph.nodeCount {
            let values = nodeValues(a, v, weights: w)
            out += "      <node id=\"\(xml(a.graph.ids[v]))\" label=\"\(xml(values["label"] ?? ""))\">\n        <attvalues>\n"
            for (i, k) in nodeKeys.enumerated() {
                if let value = values[k.name] { out += "          <attvalue for=\"\(i)\" value=\"\(xml(value))\"/>\n" }
            }
            out += "        </attvalues>\n      </node>\n"
        }
        out += "    </nodes>\n    <edges>\n"
        for (n, e) in edges(a).enumerated() {
            let weight = e.values["strength"].map { " weight=\"\($0)\"" } ?? ""
            out += "      <edge id=\"\(n)\" source=\"\(xml(a.graph.ids[e.from]))\" target=\"\(xml(a.graph.ids[e.to]))\"\(weight)>\n        <attvalues>\n"
            for (i, k) in edgeAttributes.enumerated() {
                if let value = e.values[k.name] { out += "          <attvalue for=\"\(i)\" value=\"\(xml(value))\"/>\n" }
            }
            out += "        </attvalues>\n      </edge>\n"
        }
        return out + "    </edges>\n  </graph>\n</gexf>\n"
    }
}

/// Text for XML and HTML documents (content and attribute values alike): the five
/// markup characters as entities, line breaks and tabs as character references, and
/// the control characters XML 1.0 cannot carry dropped.
public enum MarkupText {
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                if ch.value < 0x20 || ch.value == 0xFFFE || ch.value == 0xFFFF { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
