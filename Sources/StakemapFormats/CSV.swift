/// A CSV table as spreadsheets and exports write it (RFC 4180): quoted fields with
/// doubled quotes and embedded newlines, a UTF-8 byte-order mark, and `,`, `;` or tab
/// separators (detected from the header line).
///
/// The table keeps the file's bytes and the bounds of every cell; a cell becomes a
/// `String` only when it is read. A 100,000-row export is parsed without one allocation
/// per cell, and the columns a reader ignores cost nothing.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// The line where the row starts (the header is line 1 in a file without a BOM-only line).
        public var line: Int { Int(line32) }
        /// The number of fields.
        public var count: Int { Int(count32) }
        let line32: Int32
        let first: Int32
        let count32: Int32
    }

    /// Cell bounds. A cell with `start < 0` is a quoted cell, unescaped into `quoted`
    /// from `-start - 1`; otherwise it is `bytes[start ..< end]`.
    struct Cell: Sendable {
        var start: Int32
        var end: Int32
    }

    public var header: [String]
    /// The line of the header.
    public var headerLine: Int
    public var rows: [Row]
    public var separator: UInt8
    let bytes: [UInt8]
    let quoted: [UInt8]
    let cells: [Cell]

    /// The fields of `row`, as written.
    public func fields(_ row: Row) -> [String] { (0..<row.count).map { field(row, $0) } }

    /// Field `i` of `row`, as written ("" past the row's end).
    public func field(_ row: Row, _ i: Int) -> String {
        withField(row, i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Field `i` of `row` without surrounding spaces and tabs, or nil when that leaves nothing.
    public func trimmed(_ row: Row, _ i: Int) -> String? {
        withTrimmed(row, i) { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of field `i` of `row` without surrounding spaces and tabs.
    func withTrimmed<R>(_ row: Row, _ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withField(row, i) { b in
            var lo = b.startIndex, hi = b.endIndex
            while lo < hi && (b[lo] == 32 || b[lo] == 9) { lo += 1 }
            while hi > lo && (b[hi - 1] == 32 || b[hi - 1] == 9) { hi -= 1 }
            return body(UnsafeBufferPointer(rebasing: b[lo..<hi]))
        }
    }

    func withField<R>(_ row: Row, _ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard i >= 0 && i < row.count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let c = cells[Int(row.first) + i]
        if c.start >= 0 {
            return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(c.start)..<Int(c.end)])) }
        }
        return quoted.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(-c.start - 1)..<Int(c.end)])) }
    }

    /// Parses `bytes`; the first non-empty record is the header. Blank lines are skipped.
    public static func parse(_ bytes: [UInt8]) throws(CSVError) -> CSVTable {
        guard bytes.count < Int(Int32.max) else {
            throw CSVError(line: 1, field: 1, message: "the file is over 2 GB; split it")
        }
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        let separator = detectSeparator(bytes, from: start)
        var parser = CSVParser(separator: separator)
        try bytes.withUnsafeBufferPointer { b throws(CSVError) in
            // Room for every row and cell, from the line count and the header's width, so
            // that the two arrays (tens of megabytes) are not regrown and copied as they fill.
            let lines = countLines(b, from: start)
            let width = bytes[start...].prefix { $0 != 10 }.reduce(1) { $1 == separator ? $0 + 1 : $0 }
            parser.rows.reserveCapacity(lines)
            // (Each cell but a line's last ends at a separator: never more cells than bytes and lines.)
            parser.cells.reserveCapacity(min(lines * width, b.count - start + lines))
            try parser.parse(b, from: start)
        }
        var table = CSVTable(header: [], headerLine: 1, rows: [], separator: separator, bytes: bytes, quoted: parser.quoted, cells: parser.cells)
        guard let first = parser.rows.first else { return table }
        table.header = table.fields(first).map { $0.trimmingSpaces() }
        table.headerLine = first.line
        parser.rows.removeFirst()
        table.rows = parser.rows
        return table
    }

    /// The number of lines from `start` (newlines, plus one for a last line without one),
    /// eight bytes at a time.
    static func countLines(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = b.baseAddress, start < b.count else { return 0 }
        var i = start, count = 0
        while i + 8 <= b.count {
            count += zeroBytes(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A).nonzeroBitCount
            i += 8
        }
        while i < b.count { if b[i] == 10 { count += 1 }; i += 1 }
        return b[b.count - 1] == 10 ? count : count + 1
    }

    static func detectSeparator(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 9: 0]
        var quoted = false
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted {
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
    let separator: UInt8
    var rows: [CSVTable.Row] = []
    var cells: [CSVTable.Cell] = []
    var quoted: [UInt8] = []

    init(separator: UInt8) { self.separator = separator }

    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(CSVError) {
        let quote = UInt8(ascii: "\""), sep = separator
        let n = bytes.count
        guard let base = bytes.baseAddress else { return }
        let seps = UInt64(sep) &* 0x0101_0101_0101_0101, newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        var i = start
        var line = 1
        while i < n {
            let startLine = line
            let first = cells.count
            while true {
                if i < n && bytes[i] == quote {
                    // Quoted: unescaped into `quoted`.
                    let quoteLine = line
                    let from = quoted.count
                    i += 1
                    while true {
                        guard i < n else {
                            throw CSVError(
                                line: quoteLine, field: cells.count - first + 1,
                                message: "unterminated quoted field; close it with a double quote")
                        }
                        let b = bytes[i]
                        if b == quote {
                            if i + 1 < n && bytes[i + 1] == quote { quoted.append(b); i += 2; continue }
                            i += 1
                            break
                        }
                        if b == 10 { line += 1 }
                        quoted.append(b)
                        i += 1
                    }
                    // After the closing quote: a separator, the end of the line, or the end.
                    if i < n, bytes[i] != sep, bytes[i] != 10, bytes[i] != 13 {
                        throw CSVError(
                            line: line, field: cells.count - first + 1,
                            message: "text after a closing quote; double the quotes inside a quoted field (\"\")")
                    }
                    cells.append(CSVTable.Cell(start: Int32(-from - 1), end: Int32(quoted.count)))
                } else {
                    let s = i
                    // Eight bytes at a time to the next separator or newline, then byte by byte.
                    while i + 8 <= n {
                        let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                        let stops = zeroBytes(w ^ seps) | zeroBytes(w ^ newlines)
                        if stops != 0 { i += stops.trailingZeroBitCount >> 3; break }
                        i += 8
                    }
                    while i < n, bytes[i] != sep, bytes[i] != 10 { i += 1 }
                    let end = i > s && bytes[i - 1] == 13 ? i - 1 : i
                    cells.append(CSVTable.Cell(start: Int32(s), end: Int32(end)))
                }
                if i >= n { break }
                if bytes[i] == sep { i += 1; continue }
                if bytes[i] == 13 { i += 1 }
                if i < n && bytes[i] == 10 { i += 1; line += 1 }
                break
            }
            let count = cells.count - first
            // A blank line is one empty unquoted field: skipped.
            if count == 1, let c = cells.last, c.start >= 0, c.start == c.end {
                cells.removeLast()
                continue
            }
            rows.append(CSVTable.Row(line32: Int32(startLine), first: Int32(first), count32: Int32(count)))
        }
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

/// The high bit of each zero byte of `x`, and of no other (exact, unlike the shorter test
/// that only says whether there is one): XOR a word with a repeated byte first to find
/// that byte.
@inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 {
    let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((x & lows) &+ lows) | x | lows)
}
