/// A parsed YAML or JSON document with the place of every node, the common input of
/// the account decoder.
struct DocNode: Sendable {
    enum Kind: Sendable {
        /// Text and whether it was written plain (unquoted), where `true` or `12` mean values.
        case scalar(String, plain: Bool)
        case sequence([DocNode])
        case mapping([DocEntry])
        case null
    }

    var kind: Kind
    var line: Int
    var column: Int

    var typeName: String {
        switch kind {
        case .scalar: "a value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .null: "nothing"
        }
    }
}

struct DocEntry: Sendable {
    var key: String
    var line: Int
    var column: Int
    var value: DocNode
}

/// A syntax error in a document, at a place.
struct SyntaxError: Error {
    var line: Int
    var column: Int
    var message: String
}
