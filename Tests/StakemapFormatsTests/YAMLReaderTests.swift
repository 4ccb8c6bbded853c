import Testing
@testable import StakemapFormats

/// The YAML reader's tree, as one line per node: what it keeps (text, style, places) and
/// how it expands aliases and reports what YAML allows but an account file does not.
@Suite struct YAMLReaderTests {
    func outline(_ text: String) -> [String] {
        func walk(_ n: DocNode, _ depth: Int, _ out: inout [String]) {
            let pad = String(repeating: " ", count: depth)
            switch n.kind {
            case .null: out.append("\(pad)null \(n.line):\(n.column)")
            case .scalar(let s, let plain): out.append("\(pad)\(plain ? "plain" : "quoted") \(s) \(n.line):\(n.column)")
            case .sequence(let items):
                out.append("\(pad)list \(n.line):\(n.column)")
                for i in items { walk(i, depth + 1, &out) }
            case .mapping(let entries):
                out.append("\(pad)map \(n.line):\(n.column)")
                for e in entries {
                    out.append("\(pad) key \(e.key) \(e.line):\(e.column)")
                    walk(e.value, depth + 2, &out)
                }
            }
        }
        do {
            var out: [String] = []
            walk(try YAMLReader.read(text), 0, &out)
            return out
        } catch {
            return ["error \(error.line):\(error.column) \(error.message)"]
        }
    }

    @Test func keepsTextStylesAndPlaces() {
        #expect(
            outline("a: 'it''s'\nb: x\nc: ~\nd: \"null\"\n") == [
                "map 1:1", " key a 1:1", "  quoted it's 1:4", " key b 2:1", "  plain x 2:4",
                " key c 3:1", "  null 3:4", " key d 4:1", "  quoted null 4:4",
            ])
        #expect(
            outline("{a: [b, {c: d}], e: }\n") == [
                "map 1:1", " key a 1:2", "  list 1:5", "   plain b 1:6", "   map 1:9", "    key c 1:10", "     plain d 1:13",
                " key e 1:18", "  null 1:21",
            ])
        #expect(outline("# nothing\n") == ["null 1:1"])
    }

    @Test func keysAreTextAsWritten() {
        #expect(
            outline("~: 1\nnull: 2\n'': 3\n") == [
                "map 1:1", " key ~ 1:1", "  plain 1 1:4", " key null 2:1", "  plain 2 2:7", " key  3:1", "  plain 3 3:5",
            ])
    }

    @Test func aliasesRepeatTheAnchoredNode() {
        #expect(
            outline("a: &x [1, 2]\nb: *x\n") == [
                "map 1:1", " key a 1:1", "  list 1:4", "   plain 1 1:8", "   plain 2 1:11",
                " key b 2:1", "  list 1:4", "   plain 1 1:8", "   plain 2 1:11",
            ])
        #expect(outline("&k key: v\nz: *k\n") == ["map 1:1", " key key 1:1", "  plain v 1:9", " key z 2:1", "  plain key 1:1"])
        #expect(outline("a: *nope\n") == ["error 1:4 YAML syntax: found undefined alias"])
    }

    @Test func reportsWhatAnAccountFileCannotHold() {
        #expect(outline("a: 1\na: 2\nb: 1\nb: 3\n") == ["error 1:1 duplicate key 'a', 'b' in one mapping; keep one of them"])
        #expect(
            outline("--- a\n--- b\n") == ["error 2:1 YAML syntax: but found another document (expected a single document in the stream at line 1, column 1)"])
        #expect(outline("? [a]\n: 1\n") == ["error 1:3 a key must be plain text, not a list"])
        #expect(outline("? {a: 1}\n: 2\n") == ["error 1:3 a key must be plain text, not a mapping"])
        // A syntax error further on is the likelier cause, and is reported first.
        #expect(outline("? [a]\n: 1\nb: [\n").first?.hasPrefix("error 4:1 YAML syntax:") == true)
        #expect(outline(String(repeating: "- ", count: 250) + "x\n") == ["error 1:401 lists or mappings nested more than 200 deep"])
    }
}
