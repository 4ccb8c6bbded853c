import Foundation
import StakemapFormats
import Testing
#if canImport(Glibc)
    import Glibc
#endif

@Suite struct EditCLITests {
    /// A copy of the samples in a scratch folder.
    func samples() throws -> String {
        let dir = scratch()
        for name in ["banque-exemple.yaml", "maison-lumiere.yaml", "maison-lumiere-directory"] {
            try FileManager.default.copyItem(atPath: "\(packageRoot)/samples/\(name)", toPath: "\(dir)/\(name)")
        }
        return dir
    }

    func read(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }

    @Test func setChangesFieldsAndRefusesBadValuesWithoutWriting() throws {
        let dir = try samples()
        let file = "\(dir)/banque-exemple.yaml"
        let r = try stakemap(["set", file, "julie.dufour", "stance=supporter", "roles=champion, influencer", "notes="])
        #expect(r.status == 0, "\(r.stderr)")
        let show = try stakemap(["coverage", file, "--all", "--format", "json", "--as-of", "2026-11-27"])
        let julie = (try json(show.stdout)["people"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "julie.dufour" }
        #expect(julie?["roles"] as? [String] == ["champion", "influencer"])
        let before = read(file)
        let bad = try stakemap(["set", file, "julie.dufour", "stance=suporter"])
        #expect(bad.status == 1)
        #expect(
            bad.stderr
                == "\(file): error: stance 'suporter' is not one of mentor, supporter, neutral, non-supporter, enemy, unknown — did you mean 'supporter'?\n")
        let cycle = try stakemap(["set", file, "manon.dupont", "reports_to=julie.dufour"])
        #expect(cycle.status == 1)
        #expect(cycle.stderr.contains("reporting cycle"))
        #expect(cycle.stderr.contains("nothing was written"))
        #expect(read(file) == before)
        #expect(try stakemap(["format", "--check", file]).status == 0)  // still canonical
    }

    @Test func logAppendsAnInteractionAndMovesTheLastContact() throws {
        let dir = try samples()
        let file = "\(dir)/banque-exemple.yaml"
        let before = try stakemap(["gaps", file, "--as-of", "2026-11-27", "--format", "json"])
        #expect(before.stdout.contains("our.am→nicolas.meunier"))
        let r = try stakemap([
            "log", file, "--ours", "our.am", "--theirs", "nicolas.meunier", "--date", "2026-11-26", "--kind", "lunch", "--note", "Budget 2027",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "logged; last contact of our.am→nicolas.meunier is now 2026-11-26\n")
        let after = try stakemap(["gaps", file, "--as-of", "2026-11-27", "--format", "json"])
        #expect(!after.stdout.contains("\"our.am→nicolas.meunier\""))
        #expect(read(file).contains("Budget 2027"))
    }

    @Test func forgetErasesEveryTraceIncludingTheDirectory() throws {
        let dir = try samples()
        let file = "\(dir)/maison-lumiere.yaml"
        let r = try stakemap(["forget", file, "xavier.ndiaye"])
        #expect(r.status == 0, "\(r.stderr)")
        for path in [file, "\(dir)/maison-lumiere-directory/people.csv", "\(dir)/maison-lumiere-directory/links.csv"] {
            #expect(!read(path).contains("xavier.ndiaye"), "\(path)")
            #expect(!read(path).contains("Xavier N"), "\(path)")
        }
        #expect(try stakemap(["validate", file]).status == 0)
    }

    @Test func addAndRemove() throws {
        let dir = try samples()
        let file = "\(dir)/banque-exemple.yaml"
        #expect(
            try stakemap(["add", "person", file, "--id", "new.cfo", "--name", "Nadia Nouvelle", "--reports-to", "manon.dupont", "--roles", "economic-buyer"])
                .status == 0)
        #expect(
            try stakemap([
                "add", "relationship", file, "--ours", "our.ceo", "--theirs", "new.cfo", "--level", "credible-source", "--last-contact", "2026-11-01",
            ]).status == 0)
        #expect(try stakemap(["add", "link", file, "--from", "new.cfo", "--to", "julie.dufour", "--strength", "0.6"]).status == 0)
        let dup = try stakemap(["add", "person", file, "--id", "new.cfo", "--name", "X"])
        #expect(dup.status == 1 && dup.stderr.contains("already used"))
        let referenced = try stakemap(["remove", "person", file, "new.cfo"])
        #expect(referenced.status == 1)
        #expect(referenced.stderr.contains("still referred to (1 link, 1 relationship)"))
        #expect(try stakemap(["remove", "link", file, "--from", "new.cfo", "--to", "julie.dufour"]).status == 0)
        #expect(try stakemap(["remove", "relationship", file, "--ours", "our.ceo", "--theirs", "new.cfo"]).status == 0)
        #expect(try stakemap(["remove", "person", file, "new.cfo"]).status == 0)
        #expect(read(file) == read("\(packageRoot)/samples/banque-exemple.yaml"))
    }

    /// `log` killed at random moments: the file is always the old one or the new one.
    @Test func killingAnEditNeverLeavesAHalfWrittenFile() throws {
        let dir = try samples()
        let file = "\(dir)/banque-exemple.yaml"
        var previous = read(file)
        var delays: UInt64 = 0x9E37_79B9
        for i in 0..<24 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = ["log", file, "--ours", "our.am", "--theirs", "julie.dufour", "--date", "2026-11-\(10 + i % 18)", "--note", "call \(i)"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            delays = delays &* 6364136223846793005 &+ 1442695040888963407
            usleep(UInt32(delays >> 33) % 40_000)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let now = read(file)
            if now != previous {
                #expect(now.contains("call \(i)"), "iteration \(i): the file changed but not to this edit")
            }
            #expect(try stakemap(["validate", "--quiet", file]).status == 0, "iteration \(i) left an invalid file")
            previous = now
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        // A killed writer may leave its temporary file behind; never the account half-written.
        #expect(leftovers.allSatisfy { $0.contains(".tmp-") })
    }

    @Test func anEditWaitsForTheOneBeforeIt() throws {
        let dir = try samples()
        let file = "\(dir)/banque-exemple.yaml"
        let fd = open(file, O_RDONLY)
        #expect(flock(fd, LOCK_EX) == 0)
        let started = ContinuousClock.now
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) {
            flock(fd, LOCK_UN)
            close(fd)
        }
        let r = try stakemap(["set", file, "julie.dufour", "stance=supporter"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(ContinuousClock.now - started >= .milliseconds(450))
        #expect(read(file).contains("stance: supporter"))
    }

    @Test func aFileLockedForLongerThanTheWaitIsNotTouched() throws {
        let dir = try samples()
        let file = "\(dir)/banque-exemple.yaml"
        let fd = open(file, O_RDONLY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        #expect(throws: StakemapError.self) { try EditSession(file, wait: .milliseconds(100)) }
        do { _ = try EditSession(file, wait: .milliseconds(100)) } catch {
            #expect(error.description.contains("another stakemap command is editing this file"))
        }
        #expect(read(file) == read("\(packageRoot)/samples/banque-exemple.yaml"))
    }

    @Test func concurrentEditsNeverLoseAnUpdate() async throws {
        let dir = try samples()
        let file = "\(dir)/banque-exemple.yaml"
        let people = ["julie.dufour", "theo.laurent", "remi.nguyen", "marion.legall", "aurelien.morin", "maelle.roche"]
        let results = try await withThrowingTaskGroup(of: (String, Int32).self) { group in
            for id in people {
                group.addTask { (id, try stakemap(["set", file, id, "notes=edited by a parallel run"]).status) }
            }
            var out: [(String, Int32)] = []
            for try await r in group { out.append(r) }
            return out
        }
        // Each edit waits for the one before it: every one succeeds and is in the file.
        #expect(results.allSatisfy { $0.1 == 0 }, "\(results)")
        let text = read(file)
        for (id, status) in results where status == 0 {
            guard let range = text.range(of: "- id: \(id)\n") else { Issue.record("\(id) missing"); continue }
            let block = text[range.upperBound...].prefix { _ in true }.split(separator: "- id:", maxSplits: 1).first ?? ""
            #expect(block.contains("edited by a parallel run"), "\(id)'s edit was lost")
        }
        #expect(try stakemap(["validate", file]).status == 0)
    }
}

@Suite struct BadEditInputTests {
    @Test func hurriedMistakesGetAClearMessageAndAFailingExit() throws {
        let dir = scratch()
        try FileManager.default.copyItem(atPath: "\(packageRoot)/samples/banque-exemple.yaml", toPath: "\(dir)/b.yaml")
        let file = "\(dir)/b.yaml"
        let before = FileManager.default.contents(atPath: file)
        let swapped = try stakemap(["log", file, "--ours", "julie.dufour", "--theirs", "our.am"])
        #expect(swapped.status == 1)
        #expect(swapped.stderr == "\(file): error: --ours: 'julie.dufour' is one of their people; name the colleague of ours in contact\n")
        let typo = try stakemap(["log", file, "--ours", "our.am", "--theirs", "julie.dufuor"])
        #expect(typo.status == 1)
        #expect(typo.stderr == "\(file): error: unknown id 'julie.dufuor' — did you mean 'julie.dufour'?\n")
        let noStrength = try stakemap(["add", "link", file, "--from", "julie.dufour", "--to", "manon.dupont"])
        #expect(noStrength.status == 64)
        #expect(noStrength.stderr.contains("an influence link needs --strength, a number in (0, 1]"))
        let missingLink = try stakemap(["remove", "link", file, "--from", "julie.dufour", "--to", "manon.dupont"])
        #expect(missingLink.status == 1)
        #expect(missingLink.stderr == "\(file): error: no link from 'julie.dufour' to 'manon.dupont'\n")
        #expect(FileManager.default.contents(atPath: file) == before)
        let csv = try stakemap(["export", file, "--format", "csv"])
        #expect(csv.status == 64)
        #expect(csv.stderr.contains("--format csv writes people.csv and links.csv: name their folder with -o"))
        let nowhere = try stakemap(["portfolio", "\(dir)/no-such-folder"])
        #expect(nowhere.status == 1)
        #expect(nowhere.stderr == "\(dir)/no-such-folder: error: no such file or folder\n")
    }
}
