import Testing
import StakemapCore
@testable import StakemapFormats

@Suite struct AnalysisOutputTests {
    func bank() throws -> AccountAnalysis {
        let r = AccountLoader.load(path: packageRoot + "/samples/banque-exemple.yaml")
        let f = try #require(r.file)
        let day = try #require(Day(iso: "2026-11-01"))
        return try AccountAnalysis(account: f.account, asOf: day, parameters: f.account.settings.resolved, index: f.index)
    }

    @Test func gapActionsAreWordsAndAFrontEndNamesTheNextStep() throws {
        let a = try bank()
        let gaps = a.gaps()
        let plain = AnalysisOutput.gaps(a, gaps)
        let rows = plain.table.rows
        let stale = try #require(rows.firstIndex { $0[1] == "stale" })
        #expect(rows[stale][5] == "get back in touch and record the contact")
        #expect(!rows.contains { $0[5].contains("stakemap") || $0[5].contains("--") })
        // The command line names the command to type after the action, in the table and the JSON.
        let named = AnalysisOutput.gaps(a, gaps, nextStep: { step in if case .logContact = step { "stakemap log" } else { nil } })
        #expect(named.table.rows[stale][5] == "get back in touch and record the contact (stakemap log)")
        #expect(named.json.json().contains("\"action\": \"get back in touch and record the contact (stakemap log)\""))
        // Only the actions differ.
        #expect(named.table.rows.map { Array($0.prefix(5)) } == rows.map { Array($0.prefix(5)) })
    }

    /// Coverage's JSON written a piece at a time is the same document, byte for byte, and
    /// comes in more than one piece when it is large.
    @Test func streamedCoverageJSONIsTheSameDocument() throws {
        for sample in ["banque-exemple", "maison-lumiere", "mutuelle-horizon"] {
            let r = AccountLoader.load(path: packageRoot + "/samples/\(sample).yaml")
            let f = try #require(r.file)
            let a = try AccountAnalysis(account: f.account, asOf: try #require(Day(iso: "2026-11-01")), parameters: f.account.settings.resolved, index: f.index)
            for all in [false, true] {
                var pieces: [String] = []
                AnalysisOutput.writeCoverageJSON(a, all: all) { pieces.append(String(decoding: $0, as: UTF8.self)) }
                #expect(pieces.joined() == AnalysisOutput.coverage(a, all: all).json.json(), "\(sample), all: \(all)")
            }
        }
        let big = OrganisationGenerator(people: 3000, seed: 2, sector: .banking, asOf: try #require(Day(iso: "2026-11-01")), name: "B").generate()
        let a = try AccountAnalysis(account: big.account, asOf: try #require(Day(iso: "2026-11-01")), parameters: AnalysisParameters())
        var pieces: [String] = []
        AnalysisOutput.writeCoverageJSON(a, all: true) { pieces.append(String(decoding: $0, as: UTF8.self)) }
        #expect(pieces.count > 3)
        #expect(pieces.joined() == AnalysisOutput.coverage(a, all: true).json.json())
        // Nobody listed: an empty list, as the whole document writes it.
        let empty = try AccountAnalysis(
            account: Account(info: AccountInfo(name: "E")), asOf: try #require(Day(iso: "2026-11-01")), parameters: AnalysisParameters())
        var text = ""
        AnalysisOutput.writeCoverageJSON(empty, all: true) { text += String(decoding: $0, as: UTF8.self) }
        #expect(text == AnalysisOutput.coverage(empty, all: true).json.json())
    }

    /// A quoted string escapes what it must, whether it takes the fast path (nothing to
    /// escape: appended whole) or not: each escaped character alone, amid accented text,
    /// and at either end; and text with nothing to escape comes back as it is.
    @Test func quotingEscapesExactlyWhatItMust() {
        let escaped: [(String, String)] = [
            ("\"", "\\\""), ("\\", "\\\\"), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r"), ("\u{01}", "\\u0001"),
            ("\u{1F}", "\\u001F"), ("\u{7F}", "\\u007F"), ("\u{80}", "\\u0080"), ("\u{9F}", "\\u009F"), ("\u{FEFF}", "\\uFEFF"),
            ("\u{2028}", "\\u2028"), ("\u{2029}", "\\u2029"),
        ]
        for (c, e) in escaped {
            #expect(YAMLEmitter.needsEscapes(c), "\(e)")
            #expect(JSONEmitter.quote(c) == "\"" + e + "\"")
            #expect(JSONEmitter.quote("Cécile " + c + " Le Gall") == "\"Cécile " + e + " Le Gall\"")
            #expect(JSONEmitter.quote(c + "é") == "\"" + e + "é\"")
        }
        // Neighbours of the escaped ones that are kept as they are.
        for plain in ["", "Cécile Le Gall", "\u{A0}", "\u{A9}", "\u{2027}", "\u{202A}", "\u{FEFE}", "日本", "🙂", "~ /"] {
            #expect(!YAMLEmitter.needsEscapes(plain), "\(plain)")
            #expect(JSONEmitter.quote(plain) == "\"" + plain + "\"")
        }
        // The byte writer of documents quotes the same, on either path.
        for text in escaped.flatMap({ [$0.0, "Cécile " + $0.0 + " Le Gall"] }) + ["", "Cécile Le Gall", "\u{A0}", "🙂"] {
            var out = JSONText()
            out.quoted(text)
            #expect(out.text == JSONEmitter.quote(text), "\(text.unicodeScalars.map(\.value))")
        }
    }

    /// A whole document to the byte: keys in byte order, two-space indents, scalar lists on
    /// one line, whole numbers without a point, large ones with an exponent, non-finite ones
    /// as null, strings escaped, empty lists and objects.
    @Test func aDocumentIsWrittenToTheByte() {
        let value: ResultValue = .object([
            "b": .array([.int(1), .number(2.5), .number(3.0), .number(.nan), .null, .bool(true)]),
            "a": .string("Cécile \"C\"\n"),
            "c": .array([.object(["y": .number(1e20), "x": .number(0.1)]), .array([])]),
            "é": .object([:]),
        ])
        let expected = [
            "{",
            #"  "a": "Cécile \"C\"\n","#,
            #"  "b": [1, 2.5, 3, null, null, true],"#,
            #"  "c": ["#,
            "    {",
            #"      "x": 0.1,"#,
            #"      "y": 1e+20"#,
            "    },",
            "    []",
            "  ],",
            #"  "é": {}"#,
            "}",
        ].joined(separator: "\n")
        #expect(value.json() == expected + "\n")
    }

    @Test func gapSubjectsAreWrittenAsTheFileWritesThem() throws {
        let a = try bank()
        let subjects = AnalysisOutput.gaps(a, a.gaps()).table.rows.map { $0[2] }
        #expect(subjects.contains("our.c2→frederic.chevalier"))  // a relationship
        #expect(subjects.contains("economic-buyer"))  // a role
        #expect(subjects.contains("our.am"))  // one of ours
        #expect(subjects.contains("theo.laurent"))  // one of theirs
    }
}
