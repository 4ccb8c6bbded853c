import Yams

/// Reads a YAML document into a located node tree.
enum YAMLReader {
    /// Largest number of nodes a document may expand to (aliases included); guards
    /// against "billion laughs" documents.
    static let nodeLimit = 5_000_000
    /// Deepest flow nesting accepted before the parser is asked (its recursion is unbounded).
    static let depthLimit = 200

    static func read(_ text: String) throws(SyntaxError) -> DocNode {
        if let e = checkFlowDepth(text) { throw e }
        let root: Node?
        do {
            // Tags are not used (the decoder reads every scalar as text), so none are resolved:
            // resolving them runs a regular expression per scalar.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw syntaxError(error, text: text)
        } catch {
            throw SyntaxError(line: 1, column: 1, message: "cannot read YAML: \(error)")
        }
        guard let root else { return DocNode(kind: .null, line: 1, column: 1) }
        var budget = nodeLimit
        return try convert(root, budget: &budget, depth: 0)
    }

    private static func convert(_ node: Node, budget: inout Int, depth: Int) throws(SyntaxError) -> DocNode {
        budget -= 1
        let (line, column) = node.mark.map { ($0.line, $0.column) } ?? (1, 1)
        if budget < 0 || depth > depthLimit {
            throw SyntaxError(line: line, column: column,
                              message: "the document expands to too many nodes (aliases nested too deep); write it out plainly")
        }
        switch node {
        case .scalar(let s):
            let plain = s.style == .plain || s.style == .any
            if plain, ["", "~", "null", "Null", "NULL"].contains(s.string) {
                return DocNode(kind: .null, line: line, column: column)
            }
            return DocNode(kind: .scalar(s.string, plain: plain), line: line, column: column)
        case .sequence(let seq):
            var items: [DocNode] = []
            items.reserveCapacity(seq.count)
            for item in seq { items.append(try convert(item, budget: &budget, depth: depth + 1)) }
            return DocNode(kind: .sequence(items), line: line, column: column)
        case .mapping(let map):
            var entries: [DocEntry] = []
            for (k, v) in map {
                let (kl, kc) = k.mark.map { ($0.line, $0.column) } ?? (line, column)
                guard case .scalar(let ks) = k else {
                    throw SyntaxError(line: kl, column: kc, message: "a key must be plain text, not \(k.sequence != nil ? "a list" : "a mapping")")
                }
                entries.append(DocEntry(key: ks.string, line: kl, column: kc,
                                        value: try convert(v, budget: &budget, depth: depth + 1)))
            }
            return DocNode(kind: .mapping(entries), line: line, column: column)
        case .alias:
            throw SyntaxError(line: line, column: column, message: "unresolved alias")
        }
    }

    private static func syntaxError(_ error: YamlError, text: String) -> SyntaxError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "YAML syntax: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            if problem.contains("mapping values are not allowed") {
                message += "; quote a value that contains ': ' (for example \"Head: IT\")"
            } else if problem.contains("found character that cannot start any token") {
                message += "; quote values that start with '@', '`' or a tab"
            }
            return SyntaxError(line: mark.line, column: mark.column, message: message)
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { lineAndColumn(ofCharacter: $0, in: text) } ?? (1, 1)
            return SyntaxError(line: line, column: column, message: "cannot read the text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return SyntaxError(line: context.mark.line, column: context.mark.column,
                               message: "duplicate key \(keys) in one mapping; keep one of them")
        default:
            return SyntaxError(line: 1, column: 1, message: "cannot read YAML: \(error)")
        }
    }

    private static func lineAndColumn(ofCharacter offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1, i = 0
        for ch in text {
            if i >= offset { break }
            if ch == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        return (line, column)
    }

    /// Rejects flow collections nested deeper than `depthLimit` before libyaml recurses into them.
    private static func checkFlowDepth(_ text: String) -> SyntaxError? {
        var depth = 0, line = 1, column = 0
        var quote: UInt8 = 0
        var comment = false
        for b in text.utf8 {
            column += 1
            if b == 10 { line += 1; column = 0; comment = false; continue }
            if comment { continue }
            if quote != 0 {
                if b == quote { quote = 0 }
                continue
            }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = b
            case UInt8(ascii: "#"): comment = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > depthLimit {
                    return SyntaxError(line: line, column: column, message: "lists or mappings nested more than \(depthLimit) deep")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }
}
