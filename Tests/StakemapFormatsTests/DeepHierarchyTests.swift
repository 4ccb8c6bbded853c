import Foundation
import Testing
import StakemapCore
@testable import StakemapFormats

/// Writes an account whose directory is one reporting chain `depth` people deep (p1 at the
/// top, each p(i) reporting to p(i−1)), one colleague of ours who knows p1, and the bottom
/// person as economic buyer: the shape of bench/deep_chain.py. Returns the YAML's path.
func writeDeepChain(depth: Int) throws -> String {
    let folder = temporaryFolder()
    try FileManager.default.createDirectory(atPath: folder + "/chain-directory", withIntermediateDirectories: true)
    var csv = "id,name,title,unit,level,reports_to\np1,Person 1,Chief executive,Chain,executive,\n"
    for i in 2...max(depth, 2) { csv += "p\(i),Person \(i),Manager \(i),Chain,manager,p\(i - 1)\n" }
    try csv.write(toFile: folder + "/chain-directory/people.csv", atomically: true, encoding: .utf8)
    let yaml = """
        stakemap: 1
        account:
          name: Deep chain \(depth)
          owner: our.am
        directory: chain-directory
        team:
          - { id: our.am, name: Alice Martin, title: Key account manager, level: executive }
        people:
          - { id: p\(depth), roles: [economic-buyer] }
        relationships:
          - { ours: our.am, theirs: p1, level: trusted-advisor, last_contact: 2026-01-01 }

        """
    try yaml.write(toFile: folder + "/chain.yaml", atomically: true, encoding: .utf8)
    return folder + "/chain.yaml"
}

/// Pathological but legal input (issue 14): a hierarchy 50,000 levels deep must load,
/// validate, print and be analysed without recursion or work quadratic in the depth.
/// These tests check results, not time; before the fixes the tree and the paths ran for
/// minutes and the tree exhausted memory.
@Suite struct DeepHierarchyTests {
    static let depth = 50_000
    static let day = Day(year: 2026, month: 6, day: 1) ?? Day(daysSinceEpoch: 0)

    static func analysis(down: Double? = nil) throws -> AccountAnalysis {
        let path = try writeDeepChain(depth: depth)
        let loaded = AccountLoader.load(path: path, keepDirectory: false)
        let file = try #require(loaded.file)
        var parameters = file.account.settings.resolved
        if let down { parameters.down = down }
        return try AccountAnalysis(account: file.account, asOf: day, parameters: parameters, index: file.index)
    }

    @Test func loadsAndValidates() throws {
        let loaded = AccountLoader.load(path: try writeDeepChain(depth: Self.depth))
        #expect(loaded.errors.isEmpty)
        let account = try #require(loaded.account)
        #expect(account.people.count == Self.depth)
        #expect(account.people.last?.reportsTo == "p\(Self.depth - 1)")
    }

    @Test func treeStopsIndentingAndSaysSo() throws {
        let account = try #require(AccountLoader.load(path: try writeDeepChain(depth: Self.depth)).account)
        let text = OrgTree.text(account, asOf: Self.day)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == Self.depth + 1)
        #expect(lines.first == "Person 1 — Chief executive")
        let limit = OrgTree.defaultIndentLimit
        // Widths stop growing at the limit.
        let widest = lines.dropLast().map { $0.prefix { $0 == " " || $0 == "│" || $0 == "└" || $0 == "─" }.count }.max() ?? 0
        #expect(widest == 4 * limit)
        #expect(lines[Self.depth - 1].hasSuffix("└── ‹\(Self.depth - 1)› Person \(Self.depth) — Manager \(Self.depth)  [economic-buyer] ?"))
        #expect(
            lines.last
                == "(indentation stops at \(limit) levels: \(Self.depth - 1 - limit) people are deeper, down to depth \(Self.depth - 1), each shown with ‹depth›)"
        )
    }

    @Test func pathsToTheBottomFollowTheWholeChain() throws {
        let a = try Self.analysis()
        let bottom = try #require(a.graph.node("p\(Self.depth)"))
        let found = a.graph.bestPaths(from: a.graph.team, to: bottom, count: 3, tree: a.paths)
        // One colleague, one chain: exactly one loopless path, of depth hops (ours → p1 → … ).
        #expect(found.count == 1)
        #expect(found.first?.nodes.count == Self.depth + 1)
        #expect(found.first?.nodes.first == a.graph.node("our.am"))
        // Without the shared tree, the same path.
        #expect(a.graph.bestPaths(from: a.graph.team, to: bottom, count: 3).map(\.nodes) == found.map(\.nodes))
        let table = AnalysisOutput.paths(a, target: bottom, found).table
        #expect(table.rows.first?[2] == String(Self.depth))
        #expect(
            table.rows.first?[3]
                == "Alice Martin → … \(Self.depth - 10) more … → Person \(Self.depth - 9) → Person \(Self.depth - 8) → Person \(Self.depth - 7) → Person \(Self.depth - 6) → Person \(Self.depth - 5) → Person \(Self.depth - 4) → Person \(Self.depth - 3) → Person \(Self.depth - 2) → Person \(Self.depth - 1) → Person \(Self.depth)"
        )
    }

    @Test func gapsAndCoverageOfTheBottom() throws {
        let a = try Self.analysis()
        let gaps = a.gaps()
        let uncovered = try #require(gaps.first { $0.kind == .uncovered })
        #expect(uncovered.subject == .person("p\(Self.depth)"))
        #expect(uncovered.action.contains("Person \(Self.depth - 1) (p\(Self.depth - 1))"))
        let coverage = AnalysisOutput.coverage(a, all: true, json: false).table
        #expect(coverage.rows.count == Self.depth)
        let bottom = try #require(coverage.rows.first { $0[0] == "p\(Self.depth)" })
        #expect(bottom[4] == String(Self.depth))
        #expect(bottom[5] == "Alice Martin")
    }

    /// With reporting lines at full strength the bottom is covered through the whole
    /// chain: the gap names the ten people nearest them, not all 50,000.
    @Test func indirectOnlyNamesTheNearestPeople() throws {
        let a = try Self.analysis(down: 1)
        let gap = try #require(a.gaps().first { $0.kind == .indirectOnly })
        #expect(gap.subject == .person("p\(Self.depth)"))
        let n = Self.depth
        #expect(gap.reason.contains("best path through … \(n - 11) more … → Person \(n - 10) → "))
        #expect(gap.reason.contains("→ Person \(n - 1), 0.53)"))
        #expect(gap.action == "ask Person \(n - 1) for an introduction")
    }

    @Test func rankCoversEveryone() throws {
        let a = try Self.analysis()
        let pr = a.graph.pageRank()
        #expect(pr.converged)
        let bc = a.graph.betweenness(samples: 50)
        let players = a.keyPlayers(pageRank: pr, betweenness: bc)
        #expect(players.count == Self.depth)
        #expect(bc.sampledSources == 50 && bc.sources.count == 50)
    }
}
