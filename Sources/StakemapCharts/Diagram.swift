/// A diagram before layout: an ordered, pure description that the Graphviz renderer
/// turns into cgraph objects. Node ids are synthetic and ASCII; people's names only
/// ever appear in labels. An attribute `label` is a plain label (already
/// `labelEscape`d); `htmllabel` is the content of an HTML-like label, without the outer
/// angle brackets (its text `htmlEscape`d), so the two can never be confused.
public struct Diagram: Sendable, Hashable {
    public struct Node: Sendable, Hashable {
        public var id: String
        public var attributes: [(String, String)]
        public init(id: String, attributes: [(String, String)] = []) {
            self.id = id
            self.attributes = attributes
        }
        public static func == (a: Node, b: Node) -> Bool { a.id == b.id && a.attributes.elementsEqual(b.attributes, by: ==) }
        public func hash(into h: inout Hasher) {
            h.combine(id)
            for (k, v) in attributes { h.combine(k); h.combine(v) }
        }
    }

    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        public var attributes: [(String, String)]
        public init(from: String, to: String, attributes: [(String, String)] = []) {
            self.from = from
            self.to = to
            self.attributes = attributes
        }
        public static func == (a: Edge, b: Edge) -> Bool {
            a.from == b.from && a.to == b.to && a.attributes.elementsEqual(b.attributes, by: ==)
        }
        public func hash(into h: inout Hasher) {
            h.combine(from); h.combine(to)
            for (k, v) in attributes { h.combine(k); h.combine(v) }
        }
    }

    /// Nodes drawn on one rank (`same`, `min`, `max`, `source` or `sink`).
    public struct Rank: Sendable, Hashable {
        public var kind: String
        public var nodes: [String]
        public init(kind: String, nodes: [String]) {
            self.kind = kind
            self.nodes = nodes
        }
    }

    public var name: String
    public var graphAttributes: [(String, String)]
    /// Attributes every node and every edge has unless it sets its own.
    public var nodeDefaults: [(String, String)] = []
    public var edgeDefaults: [(String, String)] = []
    public var nodes: [Node]
    public var edges: [Edge]
    public var ranks: [Rank] = []
    /// How many of their people the diagram names (in boxes of their own or in rows);
    /// not part of the diagram's identity.
    public var people: Int = 0

    public init(name: String = "G", graphAttributes: [(String, String)] = [], nodes: [Node] = [], edges: [Edge] = []) {
        self.name = name
        self.graphAttributes = graphAttributes
        self.nodes = nodes
        self.edges = edges
    }

    public static func == (a: Diagram, b: Diagram) -> Bool {
        a.name == b.name && a.graphAttributes.elementsEqual(b.graphAttributes, by: ==) && a.nodes == b.nodes && a.edges == b.edges
            && a.nodeDefaults.elementsEqual(b.nodeDefaults, by: ==) && a.edgeDefaults.elementsEqual(b.edgeDefaults, by: ==) && a.ranks == b.ranks
    }
    public func hash(into h: inout Hasher) {
        h.combine(name); h.combine(nodes); h.combine(edges)
    }
}

/// Escapes text for a plain Graphviz label, where backslashes and `&` have meanings.
public func labelEscape(_ text: String) -> String {
    var out = ""
    for ch in text {
        switch ch {
        case "\\": out += "\\\\"
        case "&": out += "&amp;"
        case "\n": out += "\\n"
        case "\r": break
        default: out.append(ch)
        }
    }
    return out
}

/// `text` with every byte but letters, digits and `-._~` percent-encoded: safe in a URL's
/// query and in any attribute.
public func percentEncoded(_ text: String) -> String {
    var out = ""
    for b in text.utf8 {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        default:
            let hex = Array("0123456789ABCDEF")
            out += "%\(hex[Int(b >> 4)])\(hex[Int(b & 15)])"
        }
    }
    return out
}

/// Escapes text for an HTML-like Graphviz label; a line break becomes `<BR/>`.
public func htmlEscape(_ text: String) -> String {
    var out = ""
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "\n", "\r\n": out += "<BR/>"
        case "\r": break
        default: out.append(ch)
        }
    }
    return out
}

extension Diagram {
    /// The diagram as DOT text, before layout: what `render --format dot` writes. Same
    /// diagram, same bytes. HTML-like labels are written as `label=<…>`; every other
    /// value is quoted, its `"` escaped (plain labels arrive already `labelEscape`d).
    public func dot() -> String {
        func q(_ s: String) -> String {
            var out = "\""
            var previousBackslash = false
            for ch in s {
                if ch == "\"" && !previousBackslash { out += "\\\"" } else { out.append(ch) }
                previousBackslash = ch == "\\" && !previousBackslash
            }
            // A value ending in a lone backslash would escape the closing quote.
            if previousBackslash { out += "\\" }
            return out + "\""
        }
        func list(_ attrs: [(String, String)]) -> String {
            attrs.map { $0.0 == "htmllabel" ? "label=<\($0.1)>" : "\($0.0)=\(q($0.1))" }.joined(separator: ", ")
        }
        var out = "digraph \(q(name)) {\n"
        for (k, v) in graphAttributes { out += "  \(k)=\(q(v));\n" }
        if !nodeDefaults.isEmpty { out += "  node [\(list(nodeDefaults))];\n" }
        if !edgeDefaults.isEmpty { out += "  edge [\(list(edgeDefaults))];\n" }
        for n in nodes { out += "  \(q(n.id))" + (n.attributes.isEmpty ? "" : " [\(list(n.attributes))]") + ";\n" }
        for e in edges { out += "  \(q(e.from)) -> \(q(e.to))" + (e.attributes.isEmpty ? "" : " [\(list(e.attributes))]") + ";\n" }
        for (i, r) in ranks.enumerated() {
            out += "  subgraph \(q("rank\(i)")) { rank=\(q(r.kind)); \(r.nodes.map(q).joined(separator: "; ")); }\n"
        }
        return out + "}\n"
    }
}
