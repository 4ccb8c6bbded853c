import Foundation
import StakemapCore
import Testing

@testable import StakemapFormats

/// Runs `command` with `sh -c` in `directory`, with a git identity and commit date.
@discardableResult
private func sh(_ command: String, in directory: String) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    p.environment = ProcessInfo.processInfo.environment.merging([
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_COMMITTER_DATE": "2026-06-01T12:00:00", "GIT_AUTHOR_DATE": "2026-06-01T12:00:00",
    ]) { _, new in new }
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
}

private let account = """
    stakemap: 1
    account: { name: Client, owner: ours }
    team:
      - { id: ours, name: Ours, level: executive }
    people:
      - { id: boss, name: Boss, roles: [economic-buyer] }
      - { id: aide, name: Aide, reports_to: boss }
    relationships:
      - { ours: ours, theirs: aide, level: trusted-advisor, last_contact: 2026-05-01 }

    """

@Suite struct OpenAccountTests {
    @Test func opensAFileAndAnalysesItWithTheRunsOverrides() throws {
        let dir = temporaryFolder()
        try account.write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let opened = try OpenAccount(path: dir + "/a.yaml")
        let day = Day(iso: "2026-11-01")!
        let plain = try opened.analysis(AnalysisRequest(asOf: day))
        let shorter = try opened.analysis(AnalysisRequest(asOf: day, overrides: Settings(halfLife: 30)))
        #expect(shorter.parameters.halfLife == 30)
        #expect(plain.parameters.halfLife == 180)
        let boss = try #require(plain.graph.node("boss"))
        #expect(shorter.paths.strength[boss] < plain.paths.strength[boss])
    }

    @Test func refusesAnUnknownOpportunityAndABadOverrideWithTheFileNamed() throws {
        let dir = temporaryFolder()
        try account.write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let opened = try OpenAccount(path: dir + "/a.yaml")
        let day = Day(iso: "2026-11-01")!
        #expect(throws: StakemapError.self) { try opened.analysis(AnalysisRequest(asOf: day, scope: .opportunity("nope"))) }
        do {
            _ = try opened.analysis(AnalysisRequest(asOf: day, overrides: Settings(halfLife: 0)))
            Issue.record("a half-life of 0 days was accepted")
        } catch {
            #expect(error.diagnostics.first?.file == dir + "/a.yaml")
            #expect(error.description.contains("half_life"))
        }
    }

    @Test func aFileWithErrorsDoesNotOpenAndSaysWhere() throws {
        let dir = temporaryFolder()
        try account.replacingOccurrences(of: "reports_to: boss", with: "reports_to: nobody")
            .write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try OpenAccount(path: dir + "/bad.yaml")
            Issue.record("an invalid account opened")
        } catch {
            #expect(error.diagnostics.allSatisfy { $0.location?.file == dir + "/bad.yaml" })
            #expect(error.advice?.hasPrefix(dir + "/bad.yaml: ") == true)
        }
    }

    /// A git revision opens from a temporary copy that is gone afterwards, and its
    /// messages name the file at the revision, not the copy.
    @Test func opensARevisionAndNamesItInMessages() throws {
        let dir = temporaryFolder()
        try account.write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        #expect(try sh("git init -q && git add a.yaml && git commit -q -m one", in: dir) == 0)
        let broken = account.replacingOccurrences(of: "reports_to: boss", with: "reports_to: bos")
        try broken.write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        #expect(try sh("git commit -q -am two", in: dir) == 0)

        let first = try OpenAccount(.revision(file: dir + "/a.yaml", revision: "HEAD~1"))
        #expect(first.committed == Day(iso: "2026-06-01"))
        #expect(first.label.hasPrefix(dir + "/a.yaml at HEAD~1 ("))
        #expect(first.account.people.count == 2)
        do {
            _ = try OpenAccount(.revision(file: dir + "/a.yaml", revision: "HEAD"))
            Issue.record("the broken revision opened")
        } catch {
            let place = try #require(error.diagnostics.first?.location)
            #expect(place.file == dir + "/a.yaml@HEAD")
            #expect(place.line == 7)
        }
        do {
            _ = try OpenAccount(.revision(file: dir + "/a.yaml", revision: "no-such-tag"))
            Issue.record("an unknown revision opened")
        } catch {
            #expect(error.description.contains("unknown git revision 'no-such-tag'"))
        }
        // The copy was named after the commit: "stakemap-HASH-…"; none is left.
        let hash = try #require(first.label.split(separator: "(").last?.split(separator: ",").first)
        let left = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("stakemap-\(hash)-") }
        #expect(left.isEmpty, "the temporary copies are removed")
    }

    /// In an opportunity's scope, an older snapshot without the opportunity is compared
    /// as an empty buying centre rather than refused.
    @Test func comparesWithASnapshotThatPredatesTheOpportunity() throws {
        let dir = temporaryFolder()
        try account.write(toFile: dir + "/old.yaml", atomically: true, encoding: .utf8)
        let withDeal = account + "opportunities:\n  - { id: deal, name: Deal, roles: { economic-buyer: [boss] } }\n"
        try withDeal.write(toFile: dir + "/new.yaml", atomically: true, encoding: .utf8)
        let request = AnalysisRequest(asOf: Day(iso: "2026-11-01")!, scope: .opportunity("deal"))
        let c = try Comparison(newer: .file(dir + "/new.yaml"), older: .file(dir + "/old.yaml"), request: request)
        #expect(c.older.score.value == nil)
        #expect(c.newer.score.value != nil)
        #expect(c.olderLabel == dir + "/old.yaml")
        #expect(c.olderLabelWithDay == dir + "/old.yaml, as of 2026-11-01")
    }
}

@Suite struct EditSessionTests {
    @Test func refusesToOverwriteAFileChangedSinceItWasRead() throws {
        let dir = temporaryFolder()
        let path = dir + "/a.yaml"
        try account.write(toFile: path, atomically: true, encoding: .utf8)
        let session = try EditSession(path)
        var edited = session.file.account
        edited.people[1].title = "Chief of staff"
        try (account + "# someone else's edit\n").write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: StakemapError.self) { try session.save(edited) }
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("# someone else's edit\n"))
    }

    @Test func refusesAnEditThatMakesTheAccountInvalidAndWritesNothing() throws {
        let dir = temporaryFolder()
        let path = dir + "/a.yaml"
        try account.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try EditSession.apply(path) { (a: inout Account) throws(EditError) in a.people[1].reportsTo = "aide" }
            Issue.record("a reporting cycle was saved")
        } catch {
            #expect(error.advice == path + ": the edit would make the account invalid; nothing was written")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == account)
    }

    @Test func aSecondSessionOnTheSameFileWaitsForTheFirst() throws {
        let dir = temporaryFolder()
        let path = dir + "/a.yaml"
        try account.write(toFile: path, atomically: true, encoding: .utf8)
        let first = try EditSession(path)
        #expect(throws: StakemapError.self) { _ = try EditSession(path) }
        try first.save(first.file.account)
        _ = try EditSession(path)  // the lock went with the save
    }
}
