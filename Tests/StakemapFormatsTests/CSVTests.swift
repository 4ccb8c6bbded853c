import Foundation
import Testing
import StakemapCore
@testable import StakemapFormats

@Suite struct CSVTests {
    @Test func readsWhatSpreadsheetsWrite() throws {
        let text = "\u{FEFF}id;name;notes\r\np1;\"Dupont; Jean\";\"says \"\"hi\"\"\non two lines\"\r\n\r\np2;Zoé;\n"
        let t = try CSVTable.parse(Array(text.utf8))
        #expect(t.separator == UInt8(ascii: ";"))
        #expect(t.header == ["id", "name", "notes"])
        #expect(t.rows.count == 2)
        #expect(t.fields(t.rows[0]) == ["p1", "Dupont; Jean", "says \"hi\"\non two lines"])
        #expect(t.rows[1].line == 5)
        #expect(t.fields(t.rows[1]) == ["p2", "Zoé", ""])
    }

    @Test func trimsCellsAndTreatsBlankOnesAsMissing() throws {
        let t = try CSVTable.parse(Array("a,b,c\n  x\t, \" y \" ,\n".utf8))
        let row = t.rows[0]
        #expect(t.trimmed(row, 0) == "x")
        #expect(t.trimmed(row, 1) == "\" y \"")  // text after the quote is kept as written: not a quoted cell
        #expect(t.trimmed(row, 2) == nil)
        #expect(t.trimmed(row, 7) == nil)
        #expect(t.field(row, 0) == "  x\t")
    }

    /// Random tables written the way spreadsheets quote them read back field for field.
    @Test func randomTablesReadBackExactly() throws {
        var rng = SplitMix(seed: 42)
        let alphabet: [String] = ["a", "é", " ", ",", ";", "\"", "\n", "\r\n", "z", "0", "|", "\t"]
        for _ in 0..<200 {
            let width = Int(rng.next() % 4) + 1
            // Half the tables have long unquoted fields, which are scanned eight bytes at a time.
            let alphabet = rng.next() % 2 == 0 ? alphabet : ["a", "é", " ", "z", "0", "|", "ab.cd-ef"]
            let header = (0..<width).map { "h\($0)" }
            var rows: [[String]] = []
            for _ in 0..<Int(rng.next() % 6) {
                rows.append(
                    (0..<width).map { _ in
                        (0..<Int(rng.next() % 24)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
                    })
            }
            func quote(_ f: String) -> String {
                f.unicodeScalars.contains(where: { ",;\"\n\r\t".unicodeScalars.contains($0) }) || f.isEmpty
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }
            let text = ([header] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\r\n") + "\n"
            let t = try CSVTable.parse(Array(text.utf8))
            #expect(t.header == header)
            #expect(t.rows.map { t.fields($0) } == rows, "\(text.debugDescription)")
        }
    }

    @Test func locatesMalformedQuotes() {
        #expect(throws: CSVError.self) { try CSVTable.parse(Array("a,b\n1,\"open\n".utf8)) }
        do {
            _ = try CSVTable.parse(Array("a,b\n1,\"x\"y\n".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2 && error.field == 2)
        }
    }

    @Test func directoryProblemsAreLocatedByRowAndField() throws {
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/org", withIntermediateDirectories: true)
        try "id,name,manager,level,rolez\nc,Claire,,executive,\nd,Denis,c,boss,\ne,Eve,c\nd,Again,c,staff,\nf,Fay,zz,staff,\n"
            .write(toFile: dir + "/org/people.csv", atomically: true, encoding: .utf8)
        try "from,to,strength\nd,c,0.5\nd,c,2\n".write(toFile: dir + "/org/links.csv", atomically: true, encoding: .utf8)
        try "stakemap: 1\naccount: { name: A }\ndirectory: org\npeople:\n  - { id: d, stance: supporter }\n"
            .write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let r = AccountLoader.load(path: dir + "/a.yaml")
        let people = dir + "/org/people.csv", links = dir + "/org/links.csv"
        #expect(
            printed(r) == [
                "\(people):1:5: error: unknown column 'rolez' — did you mean 'roles'?; valid columns: id, name, title, unit, site, level, email, crm_id, reports_to, dotted, roles, stance, power, criteria, placeholder, left, notes",
                "\(people):3:4: error: unknown level 'boss'; valid values: executive, director, manager, staff",
                "\(people):4:4: error: row has 3 fields but the header has 5; check for a missing or extra ',' or an unquoted separator inside a value",
                "\(people):5:1: error: duplicate person id 'd' (first at line 3); ids must be unique",
                "\(people):6:3: error: unknown person 'zz' in reports_to of 'f'",
                "\(links):3:3: error: strength 2.0 is above 1; give a number in (0, 1], such as 0.5",
            ])
        // The YAML overlay adds to the directory's record.
        let d = try #require(r.file?.account.people.first { $0.id == "d" })
        #expect(d.stance == .supporter && d.name == "Denis")
    }

    /// Link types and strengths read as usual straight from the bytes, and any other way
    /// through the text: other spellings, a decimal comma, spaces, and mistakes named.
    @Test func linkTypesAndStrengthsReadEveryWay() throws {
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/org", withIntermediateDirectories: true)
        try "id,name\na,A\nb,B\n".write(toFile: dir + "/org/people.csv", atomically: true, encoding: .utf8)
        try
            "from,to,type,strength\na,b,influence,0.5\na,b,,0.25\na,b,Influence, 0.75 \na,b,,\"0,5\"\nb,a,conflict,\nb,a,CONFLICT,\na,b,bogus,0.5\na,b,influence,lots\n"
            .write(toFile: dir + "/org/links.csv", atomically: true, encoding: .utf8)
        try "stakemap: 1\naccount: { name: A }\ndirectory: org\n".write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let r = AccountLoader.load(path: dir + "/a.yaml")
        let links = try #require(r.file?.account.links)
        #expect(links.map(\.type) == [.influence, .influence, .influence, .influence, .conflict, .conflict])
        #expect(links.map(\.strength) == [0.5, 0.25, 0.75, 0.5, nil, nil])
        #expect(
            r.errors.map(\.message) == [
                "unknown type 'bogus'; valid values: influence, conflict",
                "strength must be a number, not 'lots'",
            ])
    }

    /// A person's level, stance and power read as usual straight from the bytes, and any
    /// other way through the text: capitals, underscores or spaces for hyphens, a mistake named.
    @Test func peoplesChoicesReadEveryWay() throws {
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/org", withIntermediateDirectories: true)
        try
            "id,name,level,stance,power\na,A,director,non-supporter,inner-circle\nb,B,Director,Non_Supporter,Inner Circle\nc,C, staff ,,\nd,D,chief,mentor,outside\n"
            .write(toFile: dir + "/org/people.csv", atomically: true, encoding: .utf8)
        try "stakemap: 1\naccount: { name: A }\ndirectory: org\n".write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let r = AccountLoader.load(path: dir + "/a.yaml")
        #expect(r.errors.map(\.message) == ["unknown level 'chief'; valid values: executive, director, manager, staff"])
        // The row with a mistake is kept, without the value it got wrong.
        let people = try #require(r.file?.account.people)
        #expect(people.map(\.level) == [.director, .director, .staff, nil])
        #expect(people.map(\.stance) == [.nonSupporter, .nonSupporter, .unknown, .mentor])
        #expect(people.map(\.power) == [.innerCircle, .innerCircle, .unknown, .outside])
    }

    /// A directory account is checked as the same account written all in YAML is: the
    /// reader's shortcuts (ids indexed as read, managers resolved from the file's bytes,
    /// YAML overlays resolved again) change no finding.
    @Test func directoryChecksMatchYAMLChecks() throws {
        let rows: [(id: String, name: String, reportsTo: String, left: String)] = [
            ("boss", "Boss", "", ""), ("a b", "Spacey", "boss", ""), ("self", "Selfie", "self", ""),
            ("ours", "Clash", "boss", ""), ("gone", "Gone", "boss", "2020-01-01"), ("kid", "Kid", "gone", ""),
            ("lost", "Lost", "nobody", ""), ("moved", "Moved", "boss", ""), ("re", "Re", "nobody3", ""),
            ("loop1", "L1", "loop2", ""), ("loop2", "L2", "loop1", ""),
        ]
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/org", withIntermediateDirectories: true)
        try ("id,name,reports_to,left\n" + rows.map { "\($0.id),\($0.name),\($0.reportsTo),\($0.left)\n" }.joined())
            .write(toFile: dir + "/org/people.csv", atomically: true, encoding: .utf8)
        let head = "stakemap: 1\naccount: { name: A }\nteam:\n  - { id: ours, name: Ours }\n"
        let overlay = "  - { id: moved, reports_to: nobody2 }\n  - { id: re, reports_to: boss }\n  - { id: added, name: Added, reports_to: kid }\n"
        try (head + "directory: org\npeople:\n" + overlay).write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        // The same people written out, with the overlay applied.
        var people = ""
        for r in rows {
            let manager = r.id == "moved" ? "nobody2" : r.id == "re" ? "boss" : r.reportsTo
            people +=
                "  - { id: \"\(r.id)\", name: \(r.name)\(manager.isEmpty ? "" : ", reports_to: \(manager)")\(r.left.isEmpty ? "" : ", left: \(r.left)") }\n"
        }
        people += "  - { id: added, name: Added, reports_to: kid }\n"
        try (head + "people:\n" + people).write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)

        let fromDirectory = AccountLoader.load(path: dir + "/a.yaml", keepDirectory: false)
        let fromYAML = AccountLoader.load(path: dir + "/b.yaml")
        func findings(_ r: LoadResult) -> [String] { r.diagnostics.map { "\($0.severity) \($0.message)" }.sorted() }
        #expect(findings(fromDirectory) == findings(fromYAML))
        #expect(findings(fromDirectory).count == 7)
        let a = try #require(fromDirectory.file), b = try #require(fromYAML.file)
        #expect(a.account == b.account)
        #expect(a.index?.manager == b.index?.manager)
    }
}

/// A small seeded generator, so the random tables are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension CSVTests {
    /// The line count that sizes the parser's arrays is exact, whatever bytes surround
    /// the newlines (including those next to 10 in value) and wherever the text ends.
    @Test func linesAreCountedExactly() {
        var rng = SplitMix(seed: 3)
        let alphabet: [UInt8] = [10, 10, 9, 11, 0, 1, 0x0A ^ 0x80, 0x8A, 255, 65, 44, 34]
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            for start in [0, min(3, length)] {
                let tail = bytes[start...]
                let expected = tail.isEmpty ? 0 : tail.filter { $0 == 10 }.count + (tail.last == 10 ? 0 : 1)
                #expect(bytes.withUnsafeBufferPointer { CSVTable.countLines($0, from: start) } == expected)
            }
        }
    }
}

@Suite struct DecimalTests {
    /// The fast decimal reader gives exactly what Double(String) gives, or declines.
    @Test func agreesWithTheStandardLibrary() {
        var rng = SplitMix(seed: 9)
        var cases = [
            "0.63", "-12", "+3.5", "0", "-0", ".5", "1.", "0.05", "123456789012345", "0.000000000000001", "1e5", "1.2.3", "-", ".", "", "0x10", " 1", "1,5",
            "9007199254740993",
        ]
        for _ in 0..<2000 {
            let whole = String(rng.next() % 1000)
            let frac = String(rng.next() % 100_000_000)
            cases.append(rng.next() % 3 == 0 ? "-\(whole).\(frac)" : "\(whole).\(String(repeating: "0", count: Int(rng.next() % 4)))\(frac)")
        }
        for c in cases {
            let expected = Double(c.replacingOccurrences(of: ",", with: "."))
            if let v = Convert.decimal(c.utf8) {
                #expect(v.bitPattern == expected?.bitPattern, "\(c): \(v) vs \(String(describing: expected))")
            } else {
                // Declined: fine when the standard library reads it too (the slow path takes it),
                // and for text that is no plain decimal.
                #expect(c.count > 15 || expected == nil || c.contains("e") || c.hasPrefix(" ") || c.contains("x"), "\(c) declined")
            }
        }
    }
}

@Suite struct UTF8CheckTests {
    /// The in-place check agrees with the standard library on random bytes, biased toward
    /// the hard cases: truncated sequences, overlong forms, surrogates, values past U+10FFFF.
    @Test func agreesWithTheStandardLibrary() {
        var rng = SplitMix(seed: 3)
        let pieces: [[UInt8]] = [
            [0x41], [0x0A], Array("é".utf8), Array("€".utf8), Array("😀".utf8), [0xC0, 0x80], [0xE0, 0x80, 0x80],
            [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0x80], [0xE2, 0x82], [0xFF], [0xEF, 0xBB, 0xBF],
        ]
        for _ in 0..<5000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 12) {
                if rng.next() % 3 == 0 {
                    bytes += Array(repeating: UInt8(0x61 + rng.next() % 26), count: Int(rng.next() % 20))
                } else {
                    bytes += pieces[Int(rng.next() % UInt64(pieces.count))]
                }
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBufferPointer(isValidUTF8) == expected, "\(bytes)")
        }
    }
}
