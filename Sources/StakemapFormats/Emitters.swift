/// Canonical YAML: block mappings, one entity per list item, short lists of plain
/// values in flow style, strings plain when that is unambiguous and double-quoted otherwise.
enum YAMLEmitter {
    static func emit(_ value: OutValue) -> String {
        var out = ""
        guard case .map(let top) = value else { return scalar(value) + "\n" }
        for (i, (key, v)) in top.enumerated() {
            if i > 0, case .list = v { out += "\n" } else if i > 0, case .map = v, key != "account" { out += "\n" }
            writeEntry(key, v, indent: 0, into: &out)
        }
        return out
    }

    static func writeEntry(_ key: String, _ v: OutValue, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch v {
        case .map(let m):
            if m.isEmpty { out += "\(pad)\(key): {}\n"; return }
            out += "\(pad)\(key):\n"
            for (k, x) in m { writeEntry(k, x, indent: indent + 2, into: &out) }
        case .list(let items):
            if items.isEmpty { out += "\(pad)\(key): []\n"; return }
            if items.allSatisfy(isScalar) {
                out += "\(pad)\(key): [\(items.map(scalar).joined(separator: ", "))]\n"
                return
            }
            out += "\(pad)\(key):\n"
            for item in items { writeItem(item, indent: indent + 2, into: &out) }
        default:
            out += "\(pad)\(key): \(scalar(v))\n"
        }
    }

    static func writeItem(_ v: OutValue, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        guard case .map(let m) = v, !m.isEmpty else {
            out += "\(pad)- \(isScalar(v) ? scalar(v) : "[]")\n"
            return
        }
        var first = true
        for (k, x) in m {
            var entry = ""
            writeEntry(k, x, indent: indent + 2, into: &entry)
            if first {
                entry.replaceSubrange(entry.startIndex..<entry.index(entry.startIndex, offsetBy: indent + 2), with: pad + "- ")
                first = false
            }
            out += entry
        }
    }

    static func isScalar(_ v: OutValue) -> Bool {
        switch v {
        case .list, .map: false
        default: true
        }
    }

    static func scalar(_ v: OutValue) -> String {
        switch v {
        case .text(let s): return quoteIfNeeded(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .day(let d): return d.description
        case .list(let l): return "[" + l.map(scalar).joined(separator: ", ") + "]"
        case .map: return "{}"
        }
    }

    static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"]

    /// The string as a plain YAML scalar when it reads back as the same text, else double-quoted.
    static func quoteIfNeeded(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return "\"\"" }
        var plain = isLetter(first) && last != " " && !(s.utf8.count <= 5 && reserved.contains(s.lowercased()))
        if plain {
            var previous: Unicode.Scalar = " "
            for c in s.unicodeScalars {
                let safe: Bool
                if c.isASCII {
                    let v = c.value
                    safe =
                        (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
                        || " .-_'()/+@".unicodeScalars.contains(c)
                } else {
                    safe = c.properties.isAlphabetic || c.properties.numericType != nil
                }
                if !safe || (c == " " && previous == " ") { plain = false; break }
                previous = c
            }
        }
        return plain ? s : doubleQuoted(s)
    }

    /// A letter, with an ASCII fast path (property lookups are slow over 100,000 names).
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return (c.value >= 0x61 && c.value <= 0x7A) || (c.value >= 0x41 && c.value <= 0x5A) }
        return c.properties.isAlphabetic
    }

    static func doubleQuoted(_ s: String) -> String {
        if !needsEscapes(s) { return "\"" + s + "\"" }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value) || c.value == 0xFEFF || c.value == 0x2028 || c.value == 0x2029 {
                    out += "\\u" + hex4(c.value)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// Whether `doubleQuoted` escapes anything in `s`, read from its UTF-8 bytes (most
    /// names and ids escape nothing, and appending them whole is many times faster than a
    /// scalar at a time): control characters, `"`, `\\`, DEL, U+0080–U+009F (C2 80–9F),
    /// U+FEFF (EF BB BF), U+2028 and U+2029 (E2 80 A8–A9).
    static func needsEscapes(_ s: String) -> Bool {
        var s = s
        return s.withUTF8(needsEscapes)
    }

    /// The same, of a string's UTF-8 bytes.
    static func needsEscapes(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F { return true }
            if c >= 0xC2 {
                if c == 0xC2, i + 1 < n, b[i + 1] < 0xA0 { return true }
                if c == 0xEF, i + 2 < n, b[i + 1] == 0xBB, b[i + 2] == 0xBF { return true }
                if c == 0xE2, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return true }
            }
            i += 1
        }
        return false
    }

    static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}

/// Canonical JSON with two-space indentation, keys in the format's order.
enum JSONEmitter {
    static func emit(_ value: OutValue, indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        let inner = String(repeating: " ", count: indent + 2)
        switch value {
        case .text(let s): return quote(s)
        case .number(let n): return n.hasPrefix(".") || n.hasPrefix("-.") ? "null" : n
        case .bool(let b): return b ? "true" : "false"
        case .day(let d): return quote(d.description)
        case .list(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy(YAMLEmitter.isScalar) { return "[" + items.map { emit($0) }.joined(separator: ", ") + "]" }
            return "[\n" + items.map { inner + emit($0, indent: indent + 2) }.joined(separator: ",\n") + "\n\(pad)]"
        case .map(let m):
            if m.isEmpty { return "{}" }
            return "{\n" + m.map { "\(inner)\(quote($0.0)): \(emit($0.1, indent: indent + 2))" }.joined(separator: ",\n") + "\n\(pad)}"
        }
    }

    /// A JSON string; YAML's double-quoted escapes are all valid JSON escapes too.
    static func quote(_ s: String) -> String { YAMLEmitter.doubleQuoted(s) }
}
