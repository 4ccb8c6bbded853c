import Foundation
import Testing

/// Every command that analyses an account takes the same run overrides, from one option
/// group, and they change what it computes.
@Suite struct RunOverridesCLITests {
    static let sample = "samples/banque-exemple.yaml"

    /// Each analysing command, with what else it needs to run.
    static let commands: [[String]] = [
        ["coverage", sample], ["paths", sample, "--to", "noemie.dubois"], ["gaps", sample], ["score", sample],
        ["rank", sample], ["plan-visits", sample], ["render", sample, "--view", "coverage", "-o", "OUT/chart.dot"],
        ["report", sample, "-o", "OUT/review.html"], ["diff", sample, sample], ["export", sample, "--format", "graphml"],
        ["portfolio", sample],
    ]

    @Test(arguments: commands)
    func everyAnalysingCommandTakesTheOverrides(_ command: [String]) throws {
        let dir = scratch()
        let arguments = command.map { $0.replacingOccurrences(of: "OUT/", with: dir + "/") } + ["--as-of", "2026-11-01"]
        let ok = try stakemap(arguments + ["--half-life", "30", "--threshold", "0.4", "--stale-after", "0"])
        #expect(ok.status == 0, "\(command[0]): \(ok.stderr)")
        let refused = try stakemap(arguments + ["--half-life", "0"])
        #expect(refused.status == 64, "\(command[0])")
        #expect(refused.stderr.contains("--half-life: half_life"), "\(command[0]): \(refused.stderr)")
    }

    /// The coverage map's colours and numbers follow `--half-life` exactly as the
    /// coverage table does.
    @Test func renderFollowsTheHalfLifeAsCoverageDoes() throws {
        let dir = scratch()
        func coverage(_ extra: [String]) throws -> [String: Double] {
            let r = try stakemap(["coverage", Self.sample, "--all", "--format", "json", "--as-of", "2026-11-01"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let people = json?["people"] as? [[String: Any]] ?? []
            return Dictionary(
                people.compactMap { p in (p["coverage"] as? Double).map { (p["name"] as? String ?? "", $0) } },
                uniquingKeysWith: { a, _ in a })
        }
        func chart(_ extra: [String]) throws -> [String: String] {
            let out = dir + "/c\(extra.count).dot"
            let r = try stakemap(["render", Self.sample, "--view", "coverage", "-o", out, "--as-of", "2026-11-01"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let dot = try String(contentsOfFile: out, encoding: .utf8)
            // Each person's cell: <B>Name</B> … cov 0.47</FONT>
            let cell = try Regex(#"<B>([^<]+)</B>(?:(?!</TD>).)*?cov ([0-9.]+)</FONT>"#)
            var shown: [String: String] = [:]
            for m in dot.matches(of: cell) {
                if let name = m.output[1].substring, let value = m.output[2].substring { shown[String(name)] = String(value) }
            }
            return shown
        }
        let plain = try chart([]), faster = try chart(["--half-life", "30"])
        let table = try coverage(["--half-life", "30"])
        #expect(!faster.isEmpty)
        #expect(plain != faster, "a shorter half-life weakens our relationships, and the map shows it")
        var compared = 0
        for (name, shown) in faster {
            guard let value = table[name] else { continue }
            #expect(shown == String(format: "%.2f", value), "\(name)")
            compared += 1
        }
        #expect(compared >= 10)
    }
}
