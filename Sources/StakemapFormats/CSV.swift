/// A CSV table as spreadsheets and exports write it (RFC 4180): quoted fields with
/// doubled quotes and embedded newlines, a UTF-8 byte-order mark, and `,`, `;` or tab
/// separators (detected from the header line).
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// The line where the row starts (the header is line 1 in a file without a BOM-only line).
        public var line: Int
        public var fields: [String]
    }

    public var header: [String]
    /// The line of the header.
    public var headerLine: Int
    public var rows: [Row]
    public var separator: UInt8

    /// Parses `bytes`; the first non-empty record is the header. Blank lines are skipped.
    public static func parse(_ bytes: [UInt8]) throws(CSVError) -> CSVTable {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        let separator = detectSeparator(bytes, from: start)
        var parser = CSVParser(bytes: bytes, i: start, separator: separator)
        var records: [Row] = []
        while let record = try parser.next() {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }
            records.append(record)
        }
        guard let first = records.first else {
            return CSVTable(header: [], headerLine: 1, rows: [], separator: separator)
        }
        let header = first.fields.map { $0.trimmingSpaces() }
        return CSVTable(header: header, headerLine: first.line, rows: Array(records.dropFirst()), separator: separator)
    }

    static func detectSeparator(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 9: 0]
        var quoted = false
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { quoted.toggle() }
            else if !quoted {
                if b == 10 { break }
                if counts[b] != nil { counts[b, default: 0] += 1 }
            }
            i += 1
        }
        let comma = counts[UInt8(ascii: ",")] ?? 0, semi = counts[UInt8(ascii: ";")] ?? 0, tab = counts[9] ?? 0
        if semi > comma && semi >= tab { return UInt8(ascii: ";") }
        if tab > comma && tab > semi { return 9 }
        return UInt8(ascii: ",")
    }
}

/// A malformed CSV file, at a line and field.
public struct CSVError: Error, Sendable {
    public var line: Int
    public var field: Int
    public var message: String
}

private struct CSVParser {
    let bytes: [UInt8]
    var i: Int
    let separator: UInt8
    var line = 1

    mutating func next() throws(CSVError) -> CSVTable.Row? {
        guard i < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        while true {
            // Start of a field.
            if i < bytes.count && bytes[i] == UInt8(ascii: "\"") {
                let quoteLine = line
                i += 1
                while true {
                    guard i < bytes.count else {
                        throw CSVError(line: quoteLine, field: fields.count + 1,
                                       message: "unterminated quoted field; close it with a double quote")
                    }
                    let b = bytes[i]
                    if b == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                            field.append(b); i += 2; continue
                        }
                        i += 1
                        break
                    }
                    if b == 10 { line += 1 }
                    field.append(b)
                    i += 1
                }
                // After the closing quote: a separator, the end of the line, or the end.
                if i < bytes.count, bytes[i] != separator, bytes[i] != 10, bytes[i] != 13 {
                    throw CSVError(line: line, field: fields.count + 1,
                                   message: "text after a closing quote; double the quotes inside a quoted field (\"\")")
                }
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else {
                // Unquoted: the text up to the separator or the line end, without copying byte by byte.
                let start = i
                while i < bytes.count, bytes[i] != separator, bytes[i] != 10 { i += 1 }
                let end = i > start && bytes[i - 1] == 13 ? i - 1 : i
                fields.append(String(decoding: bytes[start ..< end], as: UTF8.self))
            }
            if i >= bytes.count { break }
            if bytes[i] == separator { i += 1; continue }
            if bytes[i] == 13 { i += 1 }
            if i < bytes.count && bytes[i] == 10 { i += 1; line += 1 }
            break
        }
        return CSVTable.Row(line: startLine, fields: fields)
    }
}

extension String {
    func trimmingSpaces() -> String {
        let u = utf8
        guard let f = u.first, let l = u.last else { return self }
        if f != 32 && f != 9 && l != 32 && l != 9 { return self }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
