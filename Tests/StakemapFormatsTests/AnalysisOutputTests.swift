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
                AnalysisOutput.writeCoverageJSON(a, all: all) { pieces.append($0) }
                #expect(pieces.joined() == AnalysisOutput.coverage(a, all: all).json.json(), "\(sample), all: \(all)")
            }
        }
        let big = OrganisationGenerator(people: 3000, seed: 2, sector: .banking, asOf: try #require(Day(iso: "2026-11-01")), name: "B").generate()
        let a = try AccountAnalysis(account: big.account, asOf: try #require(Day(iso: "2026-11-01")), parameters: AnalysisParameters())
        var pieces: [String] = []
        AnalysisOutput.writeCoverageJSON(a, all: true) { pieces.append($0) }
        #expect(pieces.count > 3)
        #expect(pieces.joined() == AnalysisOutput.coverage(a, all: true).json.json())
        // Nobody listed: an empty list, as the whole document writes it.
        let empty = try AccountAnalysis(
            account: Account(info: AccountInfo(name: "E")), asOf: try #require(Day(iso: "2026-11-01")), parameters: AnalysisParameters())
        var text = ""
        AnalysisOutput.writeCoverageJSON(empty, all: true) { text += $0 }
        #expect(text == AnalysisOutput.coverage(empty, all: true).json.json())
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
