/// Reads a JSON document (RFC 8259) into a located node tree.
///
/// Strict: no comments, no trailing commas, no duplicate keys. Numbers are kept as
/// their text, so the decoder reads them as the schema expects.
struct JSONReader {
    static let depthLimit = 200

    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0

    static func read(_ text: String) throws(SyntaxError) -> DocNode {
        var reader = JSONReader(bytes: Array(text.utf8))
        reader.skipSpace()
        let node = try reader.value(depth: 0)
        reader.skipSpace()
        if reader.i < reader.bytes.count { throw reader.fail("unexpected text after the JSON value") }
        return node
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3; lineStart = 3 }
    }

    private var cachePos = 0
    private var cacheCol = 1

    /// The current column, counted in Unicode scalars; incremental, since `i` only grows.
    private var column: Int {
        mutating get {
            if cachePos < lineStart { cachePos = lineStart; cacheCol = 1 }
            while cachePos < i {
                if bytes[cachePos] & 0xC0 != 0x80 { cacheCol += 1 }
                cachePos += 1
            }
            return cacheCol
        }
    }

    private mutating func fail(_ message: String) -> SyntaxError {
        SyntaxError(line: line, column: column, message: "JSON syntax: \(message)")
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A: i += 1; line += 1; lineStart = i
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(SyntaxError) -> DocNode {
        guard depth <= JSONReader.depthLimit else { throw fail("nested more than \(JSONReader.depthLimit) deep") }
        guard i < bytes.count else { throw fail("unexpected end of file; a value was expected") }
        let (l, c) = (line, column)
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var entries: [DocEntry] = []
            var seen = Set<String>()
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return DocNode(kind: .mapping([]), line: l, column: c) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key in double quotes") }
                let (kl, kc) = (line, column)
                let key = try string()
                if !seen.insert(key).inserted {
                    throw SyntaxError(line: kl, column: kc, message: "duplicate key '\(key)' in one object; keep one of them")
                }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after the key") }
                i += 1
                skipSpace()
                let v = try value(depth: depth + 1)
                entries.append(DocEntry(key: key, line: kl, column: kc, value: v))
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of file; '}' was expected") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail("expected ',' or '}'")
            }
            return DocNode(kind: .mapping(entries), line: l, column: c)
        case UInt8(ascii: "["):
            i += 1
            var items: [DocNode] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return DocNode(kind: .sequence([]), line: l, column: c) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of file; ']' was expected") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; break }
                throw fail("expected ',' or ']'")
            }
            return DocNode(kind: .sequence(items), line: l, column: c)
        case UInt8(ascii: "\""):
            return DocNode(kind: .scalar(try string(), plain: false), line: l, column: c)
        case UInt8(ascii: "t"): try word("true"); return DocNode(kind: .scalar("true", plain: true), line: l, column: c)
        case UInt8(ascii: "f"): try word("false"); return DocNode(kind: .scalar("false", plain: true), line: l, column: c)
        case UInt8(ascii: "n"): try word("null"); return DocNode(kind: .null, line: l, column: c)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = i
            while i < bytes.count, let b = Optional(bytes[i]),
                (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
                    || b == UInt8(ascii: "E")
            {
                i += 1
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard Double(text) != nil else { throw SyntaxError(line: l, column: c, message: "JSON syntax: '\(text)' is not a number") }
            return DocNode(kind: .scalar(text, plain: true), line: l, column: c)
        default:
            throw fail("unexpected character '\(String(decoding: [bytes[i]], as: UTF8.self))'")
        }
    }

    private mutating func word(_ w: String) throws(SyntaxError) {
        let u = Array(w.utf8)
        guard i + u.count <= bytes.count, Array(bytes[i..<(i + u.count)]) == u else { throw fail("unexpected word; expected '\(w)'") }
        i += u.count
    }

    private mutating func string() throws(SyntaxError) -> String {
        i += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; break }
            if b < 0x20 { throw fail("control character in a string; write it as an escape such as \\n") }
            if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
            i += 1
            guard i < bytes.count else { throw fail("unterminated escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("lone surrogate in \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(code) {
                    throw fail("lone surrogate in \\u escape")
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw fail("unknown escape '\\\(String(decoding: [e], as: UTF8.self))'")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 48...57: d = UInt32(b - 48)
            case 65...70: d = UInt32(b - 55)
            case 97...102: d = UInt32(b - 87)
            default: throw fail("bad hex digit in \\u escape")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }
}
