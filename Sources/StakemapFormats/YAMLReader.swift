import CYAML

/// Reads a YAML document into a located node tree, from libyaml's events.
///
/// Values are kept as text with their style (plain or quoted): the decoder gives them a
/// meaning per key, so no tag is resolved. Aliases are expanded (within `nodeLimit`), keys
/// must be text and appear once per mapping, and the stream holds one document.
enum YAMLReader {
    /// Largest number of nodes a document may expand to (aliases included); guards
    /// against "billion laughs" documents.
    static let nodeLimit = 5_000_000
    /// Deepest nesting of lists and mappings accepted.
    static let depthLimit = 200

    static func read(_ text: String) throws(SyntaxError) -> DocNode {
        var text = text
        let result = text.withUTF8 { bytes -> Result<DocNode, SyntaxError> in
            var reader = EventReader(bytes)
            do throws(SyntaxError) { return .success(try reader.document()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// The tree builder: one frame per open list or mapping, so nesting costs no recursion.
private struct EventReader {
    /// libyaml's parser points into itself, so it lives at one address, not in this value.
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    /// Anchored nodes, with their size (nodes) and height (levels of nesting).
    private var anchors: [String: (node: DocNode, size: Int, height: Int)] = [:]
    private let input: UnsafeBufferPointer<UInt8>
    private var budget = YAMLReader.nodeLimit

    private struct Frame {
        var line: Int, column: Int
        var anchor: String?
        /// Nodes in this one so far (aliases counted expanded), and its levels of nesting.
        var size = 1
        var height = 1
        var items: [DocNode]? = nil
        var entries: [DocEntry]? = nil
        var key: (text: String, line: Int, column: Int)? = nil
        /// Each key's first entry, to find repeated keys.
        var seen: [String: Int] = [:]
        var repeated: Set<String> = []
    }
    private var stack: [Frame] = []
    /// A list or mapping used as a key: reported once the whole text has parsed, so that a
    /// syntax error (more likely the cause) is reported instead when there is one.
    private var misplaced: SyntaxError?

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        input = bytes
    }

    /// The single document's root (a null node for an empty stream). The input must stay
    /// valid until this returns; the parser is released before it does.
    mutating func document() throws(SyntaxError) -> DocNode {
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            throw SyntaxError(line: 1, column: 1, message: "cannot read YAML: out of memory")
        }
        defer {
            yaml_parser_delete(parser)
            parser.deallocate()
        }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, input.count)
        var root: DocNode?
        var documents = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { throw parserError() }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                if let misplaced { throw misplaced }
                return root ?? DocNode(kind: .null, line: 1, column: 1)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw SyntaxError(
                        line: line, column: column,
                        message: "YAML syntax: but found another document (expected a single document in the stream at line 1, column 1)")
                }
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let value = String(decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
                if let top = stack.indices.last, stack[top].entries != nil, stack[top].key == nil {
                    stack[top].key = (value, line, column)  // a key is text, whatever it reads as
                    if let anchor = Self.text(s.anchor) { anchors[anchor] = (DocNode(kind: .scalar(value, plain: true), line: line, column: column), 1, 0) }
                    continue
                }
                try spend(1, line, column)
                let plain = s.style == YAML_PLAIN_SCALAR_STYLE || s.style == YAML_ANY_SCALAR_STYLE
                let node =
                    plain && ["", "~", "null", "Null", "NULL"].contains(value)
                    ? DocNode(kind: .null, line: line, column: column)
                    : DocNode(kind: .scalar(value, plain: plain), line: line, column: column)
                if let anchor = Self.text(s.anchor) { anchors[anchor] = (node, 1, 0) }
                if let done = try add(node, size: 1, height: 0) { root = done }
            case YAML_ALIAS_EVENT:
                guard let name = Self.text(event.data.alias.anchor), let target = anchors[name] else {
                    throw SyntaxError(line: line, column: column, message: "YAML syntax: found undefined alias")
                }
                try spend(target.size, line, column)
                if stack.count + target.height > YAMLReader.depthLimit { throw tooDeep(line, column) }
                if let done = try add(target.node, size: target.size, height: target.height) { root = done }
            case YAML_SEQUENCE_START_EVENT:
                try open(Frame(line: line, column: column, anchor: Self.text(event.data.sequence_start.anchor), items: []))
            case YAML_MAPPING_START_EVENT:
                try open(Frame(line: line, column: column, anchor: Self.text(event.data.mapping_start.anchor), entries: []))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { break }
                if let first = frame.repeated.min() {
                    let entries = frame.entries ?? []
                    let at = frame.seen[first].map { entries[$0] }
                    let keys = frame.repeated.sorted().map { "'\($0)'" }.joined(separator: ", ")
                    throw SyntaxError(
                        line: at?.line ?? frame.line, column: at?.column ?? frame.column,
                        message: "duplicate key \(keys) in one mapping; keep one of them")
                }
                let kind: DocNode.Kind = frame.entries.map { .mapping($0) } ?? .sequence(frame.items ?? [])
                let node = DocNode(kind: kind, line: frame.line, column: frame.column)
                if let anchor = frame.anchor { anchors[anchor] = (node, frame.size, frame.height) }
                if let done = try add(node, size: frame.size, height: frame.height) { root = done }
            default:
                break
            }
        }
    }

    private mutating func spend(_ nodes: Int, _ line: Int, _ column: Int) throws(SyntaxError) {
        budget -= nodes
        if budget < 0 {
            throw SyntaxError(
                line: line, column: column,
                message: "the document expands to too many nodes (aliases nested too deep); write it out plainly")
        }
    }

    private mutating func open(_ frame: Frame) throws(SyntaxError) {
        if stack.count >= YAMLReader.depthLimit { throw tooDeep(frame.line, frame.column) }
        try spend(1, frame.line, frame.column)
        stack.append(frame)
    }

    private func tooDeep(_ line: Int, _ column: Int) -> SyntaxError {
        SyntaxError(line: line, column: column, message: "lists or mappings nested more than \(YAMLReader.depthLimit) deep")
    }

    /// Adds a finished value to the open list or mapping; returns it when it is the root.
    /// (Text keys are taken as they come, before this.)
    private mutating func add(_ node: DocNode, size: Int, height: Int) throws(SyntaxError) -> DocNode? {
        guard !stack.isEmpty else { return node }
        let top = stack.count - 1
        stack[top].size += size
        stack[top].height = max(stack[top].height, height + 1)
        if stack[top].items != nil {
            stack[top].items?.append(node)
        } else if let key = stack[top].key {
            stack[top].key = nil
            if stack[top].seen[key.text] != nil {
                stack[top].repeated.insert(key.text)
            } else {
                stack[top].seen[key.text] = stack[top].entries?.count ?? 0
            }
            stack[top].entries?.append(DocEntry(key: key.text, line: key.line, column: key.column, value: node))
        } else if case .scalar(let text, _) = node.kind {
            stack[top].key = (text, node.line, node.column)  // an alias of a text
        } else if case .null = node.kind {
            stack[top].key = ("", node.line, node.column)
        } else {
            let what = if case .sequence = node.kind { "a list" } else { "a mapping" }
            misplaced = misplaced ?? SyntaxError(line: node.line, column: node.column, message: "a key must be plain text, not \(what)")
            stack[top].key = ("", node.line, node.column)
        }
        return nil
    }

    private static func text(_ s: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        s.map { String(cString: $0) }
    }

    private func parserError() -> SyntaxError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unreadable YAML"
        let line = Int(parser.pointee.problem_mark.line) + 1, column = Int(parser.pointee.problem_mark.column) + 1
        if parser.pointee.error == YAML_READER_ERROR {
            // Placed by byte offset: count lines and characters up to it.
            var l = 1, c = 1
            for b in input.prefix(Int(parser.pointee.problem_offset)) {
                if b == 10 { l += 1; c = 1 } else if b & 0xC0 != 0x80 { c += 1 }
            }
            return SyntaxError(line: l, column: c, message: "cannot read the text: \(problem)")
        }
        var message = "YAML syntax: \(problem)"
        if let context = parser.pointee.context {
            message += " (\(String(cString: context)) at line \(parser.pointee.context_mark.line + 1), column \(parser.pointee.context_mark.column + 1))"
        }
        if problem.contains("mapping values are not allowed") {
            message += "; quote a value that contains ': ' (for example \"Head: IT\")"
        } else if problem.contains("found character that cannot start any token") {
            message += "; quote values that start with '@', '`' or a tab"
        }
        return SyntaxError(line: line, column: column, message: message)
    }
}
