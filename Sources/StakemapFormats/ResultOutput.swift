import Foundation

/// A result value for scripts: JSON with sorted keys, numbers in their shortest exact
/// form, non-finite numbers as null. Same value, same bytes.
public indirect enum ResultValue: Sendable, Hashable {
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
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d):
            if !d.isFinite { out += "null" } else if d == d.rounded(), abs(d) < 1e15 { out += String(Int(d)) } else { out += "\(d)" }
        case .string(let s): out += JSONEmitter.quote(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy(\.isScalar) {
                out += "["
                for (i, x) in items.enumerated() {
                    if i > 0 { out += ", " }
                    x.write(into: &out, indent: indent)
                }
                out += "]"
                return
            }
            let pad = String(repeating: " ", count: indent + 2)
            out += "[\n"
            for (i, x) in items.enumerated() {
                out += pad
                x.write(into: &out, indent: indent + 2)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let m):
            let keys = m.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            Self.writeObject(keys.map { ($0, m[$0] ?? .null) }, into: &out, indent: indent)
        }
    }

    /// An object of `fields`, in their order, as `write` writes an object (which passes
    /// its keys in byte order): for a caller that has the fields in order already.
    static func writeObject(_ fields: [(key: String, value: ResultValue)], into out: inout String, indent: Int) {
        if fields.isEmpty { out += "{}"; return }
        let pad = String(repeating: " ", count: indent + 2)
        out += "{\n"
        for (i, field) in fields.enumerated() {
            out += pad
            out += JSONEmitter.quote(field.key)
            out += ": "
            field.value.write(into: &out, indent: indent + 2)
            out += i == fields.count - 1 ? "\n" : ",\n"
        }
        out += String(repeating: " ", count: indent) + "}"
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
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
