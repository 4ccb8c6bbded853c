import Foundation
import Testing

@Suite struct PortfolioCLITests {
    func account(_ strength: Double) -> String {
        """
        stakemap: 1
        account: { name: Trend SA, owner: t, referencing: { status: referenced, renewal: 2027-01-15 } }
        team:
          - { id: t, name: Théo }
        people:
          - { id: boss, name: Boss, roles: [economic-buyer] }
        relationships:
          - { ours: t, theirs: boss, strength: \(strength) }

        """
    }

    /// Snapshots committed at known dates; the portfolio finds the score 90 days back and
    /// draws the trend from the history.
    @Test func trendsComeFromGitHistory() throws {
        let dir = scratch()
        let file = "\(dir)/trend.yaml"
        for (strength, date) in [(0.2, "2026-06-01"), (0.5, "2026-08-01"), (0.9, "2026-10-01")] {
            try account(strength).write(toFile: file, atomically: true, encoding: .utf8)
            let r = try shell(
                "git init -q 2>/dev/null; git add trend.yaml && GIT_COMMITTER_DATE=\(date)T12:00:00 git commit -q -m s --date=\(date)T12:00:00", in: dir)
            guard r.status == 0 else { Issue.record("git is needed: \(r.stderr)"); return }
        }
        try FileManager.default.copyItem(atPath: "\(packageRoot)/samples/banque-exemple.yaml", toPath: "\(dir)/bank.yaml")
        let r = try stakemap(["portfolio", dir, "--since", "90d", "--as-of", "2026-11-27", "--format", "json", "-o", "\(dir)/p.html"])
        #expect(r.status == 0, "\(r.stderr)")
        let accounts = try json(r.stdout)["accounts"] as? [[String: Any]] ?? []
        #expect(accounts.count == 2)
        guard let trend = accounts.first(where: { $0["account"] as? String == "Trend SA" }) else { Issue.record("no Trend SA"); return }
        #expect(abs((trend["score"] as? Double ?? 0) - 90) < 1e-9)
        #expect(abs((trend["previous_score"] as? Double ?? 0) - 50) < 1e-9)  // the 2026-08-01 snapshot
        let history = (trend["history"] as? [[String: Any]] ?? []).compactMap { $0["score"] as? Double }.map { ($0 * 10).rounded() / 10 }
        #expect(history == [20, 50, 90, 90])
        // Riskiest first: the bank (score 45) before Trend SA (90).
        #expect(accounts.first?["account"] as? String == "Banque Exemple")
        let html = String(decoding: FileManager.default.contents(atPath: "\(dir)/p.html") ?? Data(), as: UTF8.self)
        #expect(html.contains("<polyline"))
        #expect(html.contains("2026-08-01: 50"))
    }
}
