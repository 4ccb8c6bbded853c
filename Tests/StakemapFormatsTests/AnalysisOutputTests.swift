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

    @Test func gapSubjectsAreWrittenAsTheFileWritesThem() throws {
        let a = try bank()
        let subjects = AnalysisOutput.gaps(a, a.gaps()).table.rows.map { $0[2] }
        #expect(subjects.contains("our.c2→frederic.chevalier"))  // a relationship
        #expect(subjects.contains("economic-buyer"))  // a role
        #expect(subjects.contains("our.am"))  // one of ours
        #expect(subjects.contains("theo.laurent"))  // one of theirs
    }
}
