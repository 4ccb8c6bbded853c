import Foundation
import Testing

@Suite struct DiffCLITests {
    let before = """
        stakemap: 1
        account: { name: Diff Test, owner: t }
        team:
          - { id: t, name: Théo }
        people:
          - { id: boss, name: Boss, roles: [economic-buyer] }
          - { id: a, name: Alice, title: Chef, unit: IT, reports_to: boss }
          - { id: b, name: Bruno, unit: IT, reports_to: boss }
          - { id: c, name: Chloé, unit: IT, reports_to: a }
        relationships:
          - { ours: t, theirs: boss, level: trusted-advisor, last_contact: 2026-06-01 }
          - { ours: t, theirs: c, level: vendor, last_contact: 2026-06-01 }

        """

    /// Bruno left, Dora joined, Chloé moved to Data under the boss and became a supporter,
    /// Alice was promoted, and our relationship with Chloé ended.
    let after = """
        stakemap: 1
        account: { name: Diff Test, owner: t }
        team:
          - { id: t, name: Théo }
        people:
          - { id: boss, name: Boss, roles: [economic-buyer] }
          - { id: a, name: Alice, title: Directrice, unit: IT, reports_to: boss }
          - { id: c, name: Chloé, unit: Data, reports_to: boss, stance: supporter }
          - { id: d, name: Dora, reports_to: boss }
        relationships:
          - { ours: t, theirs: boss, level: trusted-advisor, last_contact: 2026-06-01 }

        """

    @Test func comparesTwoFiles() throws {
        let dir = scratch()
        try before.write(toFile: "\(dir)/old.yaml", atomically: true, encoding: .utf8)
        try after.write(toFile: "\(dir)/new.yaml", atomically: true, encoding: .utf8)
        let r = try stakemap(["diff", "\(dir)/old.yaml", "\(dir)/new.yaml", "--as-of", "2026-06-02", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r.stdout)
        let changes = (doc["changes"] as? [[String: Any]] ?? []).map { "\($0["change"] as? String ?? "") \($0["subject"] as? String ?? "")" }
        #expect(changes == ["joined d", "left b", "new-manager c", "moved-unit c", "new-title a", "stance c", "relationship-lost t→c"])
        let score = doc["score"] as? [String: Any]
        #expect(score?["before"] as? Double != nil && score?["after"] as? Double != nil)
    }

    @Test func findsAKnownReorganisationInAGeneratedOrganisation() throws {
        let dir = scratch()
        let old = "\(dir)/org.yaml", new = "\(dir)/org2.yaml"
        #expect(try stakemap(["generate", "--people", "300", "--seed", "4", "--as-of", "2026-11-01", "-o", old]).status == 0)
        try FileManager.default.copyItem(atPath: old, toPath: new)
        let text = String(decoding: FileManager.default.contents(atPath: old) ?? Data(), as: UTF8.self)
        let peopleSection = text.components(separatedBy: "\npeople:\n").last ?? ""
        let ids = peopleSection.split(separator: "\n").filter { $0.hasPrefix("  - id: ") }.map { String($0.dropFirst(8)) }
        let top = ids[0]
        let moved = [ids[40], ids[120], ids[250]]
        for id in moved {
            let r = try stakemap(["set", new, id, "reports_to=\(top)", "unit=Transformation"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let r = try stakemap(["diff", old, new, "--as-of", "2026-11-01", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let changes = (try json(r.stdout)["changes"] as? [[String: Any]] ?? []).map { "\($0["change"] as? String ?? "") \($0["subject"] as? String ?? "")" }
        let expected = moved.sorted().map { "new-manager \($0)" } + moved.sorted().map { "moved-unit \($0)" }
        #expect(changes == expected)
    }

    @Test func comparesAFileWithItsGitHistory() throws {
        let dir = scratch()
        try before.write(toFile: "\(dir)/acct.yaml", atomically: true, encoding: .utf8)
        let setup = try shell(
            "git init -q && git add acct.yaml && GIT_COMMITTER_DATE=2026-06-01T12:00:00 git commit -q -m one --date=2026-06-01T12:00:00", in: dir)
        guard setup.status == 0 else {
            Issue.record("git is needed for this test: \(setup.stderr)")
            return
        }
        try before.replacingOccurrences(
            of: "{ id: boss, name: Boss, roles: [economic-buyer] }", with: "{ id: boss, name: Boss, roles: [economic-buyer, sponsor], power: inner-circle }"
        )
        .write(toFile: "\(dir)/acct.yaml", atomically: true, encoding: .utf8)
        let r = try stakemap(["diff", "\(dir)/acct.yaml", "--since", "HEAD", "--as-of", "2026-11-27"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("at HEAD ("))
        #expect(r.stdout.contains("2026-06-01)"))
        #expect(r.stdout.contains("roles  "))
        #expect(r.stdout.contains("economic-buyer, sponsor"))
        #expect(r.stdout.contains("power"))
        #expect(r.stdout.contains("relationship-stale"))  // fresh on 2026-06-01, stale by 2026-11-27
        let bad = try stakemap(["diff", "\(dir)/acct.yaml", "--since", "nosuchrev"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(dir)/acct.yaml: error:"))
    }
}
