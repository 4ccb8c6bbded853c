import Testing
import StakemapCore
@testable import StakemapFormats

private let asOf = Day(iso: "2026-06-01") ?? Day(daysSinceEpoch: 0)

/// ours knows a (0.8); a and b report to top; c is reached through a's link to c.
private let yaml = """
    stakemap: 1
    account: { name: Index }
    team:
      - { id: ours, name: Ours }
    people:
      - { id: top, name: Top }
      - { id: a, name: A, reports_to: top }
      - { id: b, name: B, reports_to: top, roles: [economic-buyer] }
      - { id: c, name: C, roles: [user] }
    links:
      - { from: a, to: c, strength: 0.9 }
    relationships:
      - { ours: ours, theirs: a, strength: 0.8 }

    """

/// The loader's index is used only for the account it was made from: an analysis of a
/// changed account (same numbers of people and links) resolves its ids again.
@Suite struct AccountIndexTests {
    func coverage(_ a: AccountAnalysis, _ id: String) throws -> Double {
        a.coverage(try #require(a.graph.node(id)))
    }

    func edge(_ a: AccountAnalysis, _ from: String, _ to: String) throws -> EdgeKind? {
        let u = try #require(a.graph.node(from)), v = try #require(a.graph.node(to))
        return a.graph.forward.edge(u, v).map { a.graph.forward.kinds[$0] }
    }

    @Test func aChangedReportsToIsNotReadFromTheLoadersIndex() throws {
        var file = try #require(load(yaml).file)
        let index = try #require(file.index)
        #expect(index.matches(file.account))
        let before = try AccountAnalysis(account: file.account, asOf: asOf, parameters: AnalysisParameters(), index: index)
        // b is reached ours → a → top → b: 0.8 × up 0.5 × down 0.8.
        #expect(abs(try coverage(before, "b") - 0.32) < 1e-12)
        #expect(try edge(before, "a", "b") == nil)

        let b = try #require(file.account.people.firstIndex { $0.id == "b" })
        file.account.people[b].reportsTo = "a"
        #expect(!index.matches(file.account))
        let after = try AccountAnalysis(account: file.account, asOf: asOf, parameters: AnalysisParameters(), index: file.index)
        #expect(try edge(after, "a", "b") == .reportsDown)
        #expect(try edge(after, "top", "b") == nil)
        #expect(abs(try coverage(after, "b") - 0.64) < 1e-12)
        #expect(after.gaps().map(\.subject) == (try AccountAnalysis(account: file.account, asOf: asOf, parameters: AnalysisParameters())).gaps().map(\.subject))
    }

    @Test func aChangedLinkIsNotReadFromTheLoadersIndex() throws {
        var file = try #require(load(yaml).file)
        let before = try AccountAnalysis(account: file.account, asOf: asOf, parameters: AnalysisParameters(), index: file.index)
        #expect(abs(try coverage(before, "c") - 0.72) < 1e-12)
        file.account.links[0].to = "top"
        let after = try AccountAnalysis(account: file.account, asOf: asOf, parameters: AnalysisParameters(), index: file.index)
        #expect(try edge(after, "a", "c") == nil)
        #expect(try edge(after, "a", "top") == .influence)
        #expect(try coverage(after, "c") == 0)
    }

    @Test func anUnchangedCopyStillMatches() throws {
        let file = try #require(load(yaml).file)
        let index = try #require(file.index)
        let copy = file.account
        #expect(index.matches(copy))
        var renamed = copy
        renamed.info.name = "Other"  // not what the index describes
        #expect(index.matches(renamed))
        var rebuilt = copy
        rebuilt.people = copy.people.map { $0 }  // equal, but no longer the indexed array
        #expect(rebuilt.people == copy.people)
        #expect(!index.matches(rebuilt))
    }
}
