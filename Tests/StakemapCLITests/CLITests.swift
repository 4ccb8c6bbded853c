import Foundation
import Testing

/// The built `stakemap` executable, beside this test bundle.
let executable: String = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("stakemap").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir.deleteLastPathComponent()
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/stakemap").path
}()

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program and collects its exit status and output.
func runProgram(_ path: String, _ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:]) throws -> Run {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    p.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Standard error is read on another thread, so that a program filling one pipe while
    // the other is being read never waits for ever.
    let e = Collected()
    let reading = DispatchGroup()
    reading.enter()
    DispatchQueue.global().async {
        e.data = err.fileHandleForReading.readDataToEndOfFile()
        reading.leave()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    reading.wait()
    p.waitUntilExit()
    return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e.data, as: UTF8.self))
}

/// Bytes read on one thread and used on another once it has finished (`runProgram` waits).
private final class Collected: @unchecked Sendable {
    var data = Data()
}

/// Runs the CLI with `arguments` in `directory`, with colour off.
func stakemap(_ arguments: [String], in directory: String = packageRoot) throws -> Run {
    try runProgram(executable, arguments, in: directory, environment: ["NO_COLOR": "1"])
}

/// Runs a shell command, with a git identity for commits.
func shell(_ command: String, in directory: String) throws -> Run {
    try runProgram(
        "/bin/sh", ["-c", command], in: directory,
        environment: [
            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com",
        ])
}

/// Runs a Python script.
func python(_ script: String) throws -> Run {
    try runProgram("/usr/bin/env", ["python3", "-c", script])
}

func scratch() -> String {
    let path = NSTemporaryDirectory() + "stakemap-cli-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct HarnessTests {
    /// A command's long standard error arrives whole (the tests read both pipes at once).
    @Test func aLongStandardErrorArrivesWhole() throws {
        let r = try runProgram("/bin/sh", ["-c", "head -c 300000 /dev/zero | tr '\\0' e >&2; echo done"])
        #expect(r.status == 0)
        #expect(r.stderr.count == 300_000 && r.stdout == "done\n")
    }
}

let header = "stakemap: 1\naccount: { name: A, owner: a.martin }\nteam:\n  - { id: a.martin, name: Alice }\n"

@Suite struct CLITests {
    @Test func validatesTheSamples() throws {
        let r = try stakemap(["validate", "samples/banque-exemple.yaml", "samples/mutuelle-horizon.yaml", "samples/maison-lumiere.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("samples/maison-lumiere.yaml: ok — 120 people"))
        #expect(r.stderr.isEmpty)
    }

    /// One bad input of each class, with the exact located message and exit status 1.
    @Test(arguments: [
        (
            "account:\n  name: X: Y\n",
            "bad.yaml:2:10: error: YAML syntax: mapping values are not allowed in this context; quote a value that contains ': ' (for example \"Head: IT\")"
        ),
        (
            header + "people:\n  - { id: p, nmae: P }\n",
            "bad.yaml:6:14: error: unknown key 'nmae' in person — did you mean 'name'?; valid keys: id, name, title, unit, site, level, email, crm_id, reports_to, dotted, roles, stance, power, criteria, placeholder, left, notes"
        ),
        (
            header + "people:\n  - { id: p, name: P, roles: boss }\n",
            "bad.yaml:6:30: error: unknown role 'boss'; valid values: economic-buyer, sponsor, decision-maker, procurement, technical-evaluator, user, champion, coach, influencer, gatekeeper, legal"
        ),
        (header + "people:\n  - { id: p, name: [P] }\n", "bad.yaml:6:20: error: name must be a single value, not a list"),
        (
            header + "people:\n  - { id: p, name: P }\n  - { id: p, name: Q }\n",
            "bad.yaml:7:11: error: duplicate person id 'p' (first at line 6); ids must be unique"
        ),
        (
            header + "people:\n  - { id: h.dubois, name: H }\n  - { id: f, name: F, reports_to: h.dubios }\n",
            "bad.yaml:7:35: error: unknown person 'h.dubios' in reports_to of 'f' — did you mean 'h.dubois'?"
        ),
        (
            header + "people:\n  - { id: a, name: A, reports_to: b }\n  - { id: b, name: B, reports_to: a }\n",
            "bad.yaml:6:35: error: reporting cycle: a → b → a; break it by correcting one reports_to"
        ),
        (
            header + "people:\n  - { id: a, name: A }\nlinks:\n  - { from: a, to: a, strength: 0.5 }\n",
            "bad.yaml:8:20: error: link from 'a' to themselves; a link joins two different people"
        ),
        (
            header + "people:\n  - { id: a, name: A }\n  - { id: b, name: B }\nlinks:\n  - { from: a, to: b, strength: .nan }\n",
            "bad.yaml:9:33: error: strength is NaN; give a number in (0, 1], such as 0.5"
        ),
        (
            header + "people:\n  - { id: a, name: A }\n  - { id: b, name: B }\nlinks:\n  - { from: a, to: b, strength: 0 }\n",
            "bad.yaml:9:33: error: strength 0.0 is not above 0; give a number in (0, 1], such as 0.5"
        ),
        (
            header + "people:\n  - { id: a, name: A }\n  - { id: b, name: B }\nlinks:\n  - { from: a, to: b, strength: 1.2 }\n",
            "bad.yaml:9:33: error: strength 1.2 is above 1; give a number in (0, 1], such as 0.5"
        ),
        (
            header + "people:\n  - { id: a, name: A, left: 2026-02-30 }\n",
            "bad.yaml:6:29: error: left: '2026-02-30' is not a real date (no such day in that month)"
        ),
    ])
    func reportsEachClassOfBadInput(_ text: String, _ expected: String) throws {
        let dir = scratch()
        try text.write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let r = try stakemap(["validate", "bad.yaml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").map(String.init).contains(expected), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
    }

    @Test func reportsABadCSVRow() throws {
        let dir = scratch()
        try FileManager.default.createDirectory(atPath: dir + "/org", withIntermediateDirectories: true)
        try "id,name,reports_to\na,A,\nb,B,a,extra\n".write(toFile: dir + "/org/people.csv", atomically: true, encoding: .utf8)
        try "stakemap: 1\naccount: { name: A }\ndirectory: org\n".write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let r = try stakemap(["validate", "a.yaml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("org/people.csv:3:4: error: row has 4 fields but the header has 3"), "\(r.stderr)")
    }

    @Test func reportsAllProblemsInOneRun() throws {
        let dir = scratch()
        try (header + "people:\n  - { id: a, name: A, stance: foe }\n  - { id: b, name: B, power: big, reports_to: zz }\n")
            .write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let r = try stakemap(["validate", "bad.yaml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }.count == 3)
        #expect(r.stdout == "bad.yaml: 3 errors, 0 warnings\n")
    }

    @Test func missingFilesAndBadUsage() throws {
        let r = try stakemap(["validate", "nope.yaml"], in: scratch())
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("nope.yaml: error: no such file; check the path"))
        #expect(try stakemap(["validate"]).status == 64)
        #expect(try stakemap(["generate", "--people", "0", "-o", "x.yaml"]).status == 64)
        #expect(try stakemap(["show", "samples/banque-exemple.yaml", "--as-of", "2026-02-30"]).status == 64)
    }

    @Test func generateIsDeterministicAndValid() throws {
        let dir = scratch()
        for name in ["a", "b"] {
            let r = try stakemap(["generate", "--people", "1500", "--seed", "42", "-o", "\(name).yaml"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        for file in ["%@.yaml", "%@-directory/people.csv", "%@-directory/links.csv"] {
            let a = FileManager.default.contents(atPath: dir + "/" + file.replacingOccurrences(of: "%@", with: "a"))
            var b = FileManager.default.contents(atPath: dir + "/" + file.replacingOccurrences(of: "%@", with: "b"))
            if file == "%@.yaml", let data = b {
                b = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "directory: b-directory", with: "directory: a-directory").utf8)
            }
            #expect(a != nil && a == b, "\(file) differs")
        }
        let v = try stakemap(["validate", "a.yaml"], in: dir)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("a.yaml: ok — 1500 people"))
    }

    @Test func initWritesAFileThatValidatesAndNeverOverwrites() throws {
        let dir = scratch()
        #expect(try stakemap(["init", "new.yaml", "--name", "Crédit \"Test\": Île"], in: dir).status == 0)
        let v = try stakemap(["validate", "new.yaml"], in: dir)
        #expect(v.status == 0, "\(v.stderr)")
        let again = try stakemap(["init", "new.yaml", "--name", "Other"], in: dir)
        #expect(again.status == 1)
        #expect(again.stderr.contains("the file exists; pass --force to replace it"))
        let show = try stakemap(["show", "new.yaml", "--as-of", "2026-11-27"], in: dir)
        #expect(show.stdout.hasPrefix("Crédit \"Test\": Île"))
    }

    @Test func showPrintsTheSummaryAndTheTree() throws {
        let summary = try stakemap(["show", "samples/banque-exemple.yaml", "--as-of", "2026-11-27"])
        #expect(summary.status == 0)
        #expect(summary.stdout.contains("Referencing: shortlisted, renewal 2027-03-31 (124 days)"))
        #expect(summary.stdout.contains("economic-buyer"))
        #expect(summary.stdout.contains("sponsor held by an unknown person ((unknown) CFO Banque de détail)"))
        let tree = try stakemap(["show", "--tree", "samples/banque-exemple.yaml", "--as-of", "2026-11-27"])
        #expect(tree.status == 0)
        let lines = tree.stdout.split(separator: "\n")
        #expect(lines.count == 60)  // every active person once
        #expect(lines.first?.contains("★") == true)
        #expect(tree.stdout.contains("⋯ "))
        #expect(tree.stdout.contains("(placeholder)"))
    }

    @Test func formatKeepsCanonicalFilesByteForByte() throws {
        let dir = scratch()
        let sample = try String(contentsOfFile: packageRoot + "/samples/banque-exemple.yaml", encoding: .utf8)
        try sample.write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        #expect(try stakemap(["format", "--check", "b.yaml"], in: dir).status == 0)
        try (header + "people:\n  - {name: P, id: p, roles: [user, champion, user]}\n").write(toFile: dir + "/m.yaml", atomically: true, encoding: .utf8)
        #expect(try stakemap(["format", "--check", "m.yaml"], in: dir).status == 1)
        #expect(try stakemap(["format", "m.yaml"], in: dir).status == 0)
        let text = try String(contentsOfFile: dir + "/m.yaml", encoding: .utf8)
        #expect(text.contains("  - id: p\n    name: P\n    roles: [user, champion]\n"))
        #expect(try stakemap(["format", "--check", "m.yaml"], in: dir).status == 0)
    }
}
