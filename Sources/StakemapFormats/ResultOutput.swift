import Foundation

/// A result value for scripts: JSON with sorted keys, numbers in their shortest exact
/// form, non-finite numbers as null. Same value, same bytes.
///
/// Not `indirect`: arrays and dictionaries already hold their elements out of line, and
/// an indirect case would cost an allocation per value (a 100,000-person document has
/// about a million of them).
public enum ResultValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([ResultValue])
    case object([String: ResultValue])

    /// An optional string, null when absent.
    public static func string(_ s: String?) -> ResultValue { s.map { .string($0) } ?? .null }
    /// An optional number, null when absent.
    public static func number(_ d: Double?) -> ResultValue { d.map { .number($0) } ?? .null }
    public static func strings(_ list: [String]) -> ResultValue { .array(list.map { .string($0) }) }

    /// Pretty JSON (two-space indent, keys sorted by bytes), ending with a newline.
    public func json() -> String {
        var out = JSONText()
        write(into: &out, indent: 0)
        out.append("\n")
        return out.text
    }

    func write(into out: inout JSONText, indent: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.append(String(i))
        case .number(let d):
            if !d.isFinite { out.append("null") } else if d == d.rounded(), abs(d) < 1e15 { out.append(String(Int(d))) } else { out.append(d.description) }
        case .string(let s): out.quoted(s)
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            if items.allSatisfy(\.isScalar) {
                out.append("[")
                for (i, x) in items.enumerated() {
                    if i > 0 { out.append(", ") }
                    x.write(into: &out, indent: indent)
                }
                out.append("]")
                return
            }
            out.append("[\n")
            for (i, x) in items.enumerated() {
                out.spaces(indent + 2)
                x.write(into: &out, indent: indent + 2)
                out.append(i == items.count - 1 ? "\n" : ",\n")
            }
            out.spaces(indent)
            out.append("]")
        case .object(let m):
            let keys = m.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            Self.writeObject(keys.map { ($0, m[$0] ?? .null) }, into: &out, indent: indent)
        }
    }

    /// An object of `fields`, in their order, as `write` writes an object (which passes
    /// its keys in byte order): for a caller that has the fields in order already.
    static func writeObject(_ fields: [(key: String, value: ResultValue)], into out: inout JSONText, indent: Int) {
        if fields.isEmpty { out.append("{}"); return }
        out.append("{\n")
        for (i, field) in fields.enumerated() {
            out.spaces(indent + 2)
            out.quoted(field.key)
            out.append(": ")
            field.value.write(into: &out, indent: indent + 2)
            out.append(i == fields.count - 1 ? "\n" : ",\n")
        }
        out.spaces(indent)
        out.append("}")
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}

/// JSON being written, as UTF-8 bytes: a piece is copied in, where appending to a
/// `String` goes through its general machinery (character counts, capacity checks) piece
/// by piece.
struct JSONText {
    var bytes: [UInt8] = []

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func spaces(_ count: Int) {
        bytes.append(contentsOf: repeatElement(0x20, count: count))
    }

    /// `s` as a JSON string (`JSONEmitter.quote`), copied straight in when nothing in it
    /// is escaped.
    mutating func quoted(_ s: String) {
        var s = s
        let plain = s.withUTF8 { b in
            guard !YAMLEmitter.needsEscapes(b) else { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: b)
            bytes.append(0x22)
            return true
        }
        if !plain { append(JSONEmitter.quote(s)) }
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// A result as rows: written as CSV for spreadsheets and aligned for the terminal.
public struct ResultTable: Sendable, Hashable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]] = []) {
        self.headers = headers
        self.rows = rows
    }

    /// RFC 4180 CSV with a header row and CRLF-free `\n` line ends; fields quoted when
    /// they hold a comma, a quote, a newline, or start with `=`, `+`, `-` or `@`
    /// (which spreadsheets would run as formulas: the field is prefixed with `'`).
    public func csv() -> String {
        var out = ""
        for row in [headers] + rows {
            out += row.map(Self.field).joined(separator: ",") + "\n"
        }
        return out
    }

    static func field(_ s: String) -> String {
        var s = s
        if let f = s.first, "=+-@".contains(f), Double(s) == nil { s = "'" + s }
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// Columns padded to their widest cell (counted in characters), two spaces apart.
    /// `style(column, text)` may decorate a padded cell (colour); it must not change
    /// its width on screen.
    public func aligned(style: (Int, String) -> String = { $1 }, header: (String) -> String = { $0 }) -> String {
        let widths = headers.indices.map { c in ([headers[c]] + rows.map { c < $0.count ? $0[c] : "" }).map(\.count).max() ?? 0 }
        func line(_ cells: [String], decorate: (Int, String) -> String) -> String {
            var parts: [String] = []
            for c in headers.indices {
                let text = c < cells.count ? cells[c] : ""
                let padded = c == headers.count - 1 ? text : text + String(repeating: " ", count: widths[c] - text.count)
                parts.append(decorate(c, padded))
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = line(headers) { header($1) } + "\n"
        for r in rows { out += line(r, decorate: style) + "\n" }
        return out
    }
}

/// One analysis's result in both of its shapes: the JSON document for scripts and the
/// table for people and spreadsheets (the CSV and the aligned text are the same table).
///
/// The document is made when asked for, so that a table of the top 20 does not pay for a
/// document of every person.
public struct AnalysisResult: Sendable {
    public var table: ResultTable
    private let document: @Sendable () -> ResultValue

    public var json: ResultValue { document() }

    public init(json: ResultValue, table: ResultTable) {
        self.document = { json }
        self.table = table
    }

    /// A result whose document `makeJSON` makes on each reading of `json`.
    public init(table: ResultTable, makeJSON: @escaping @Sendable () -> ResultValue) {
        self.document = makeJSON
        self.table = table
    }
}
