/// A diagram before layout: an ordered, pure description that the Graphviz renderer
/// turns into cgraph objects. Node ids are synthetic and ASCII; people's names only
/// ever appear in labels.
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

    public var name: String
    public var graphAttributes: [(String, String)]
    public var nodes: [Node]
    public var edges: [Edge]

    public init(name: String = "G", graphAttributes: [(String, String)] = [], nodes: [Node] = [], edges: [Edge] = []) {
        self.name = name
        self.graphAttributes = graphAttributes
        self.nodes = nodes
        self.edges = edges
    }

    public static func == (a: Diagram, b: Diagram) -> Bool {
        a.name == b.name && a.graphAttributes.elementsEqual(b.graphAttributes, by: ==) && a.nodes == b.nodes && a.edges == b.edges
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

/// Escapes text for an HTML-like Graphviz label.
public func htmlEscape(_ text: String) -> String {
    var out = ""
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.append(ch)
        }
    }
    return out
}
