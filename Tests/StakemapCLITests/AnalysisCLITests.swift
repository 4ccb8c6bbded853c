import Foundation
import Testing

/// Parses a JSON document printed by the CLI.
func json(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return object as? [String: Any] ?? [:]
}

/// A small account with a hand-computable answer (see docs/ANALYSES.md §2–3).
let small = """
    stakemap: 1
    account: { name: Petit Compte, owner: t }
    team:
      - { id: t, name: Théo Ours, level: director }
    people:
      - { id: ceo, name: "Claire \\"CEO\\" <Dupont>", level: executive, roles: [economic-buyer] }
      - { id: cfo, name: Chloé Finances, level: executive, reports_to: ceo }
      - { id: dev, name: Dév Eloppeur, level: staff, reports_to: cfo, roles: [user] }
    relationships:
      - { ours: t, theirs: cfo, level: problem-solver, last_contact: 2026-06-01 }

    """

@Suite struct AnalysisCLITests {
    func write(_ text: String) throws -> String {
        let dir = scratch()
        let path = dir + "/small.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// STAKEMAP_TRACE adds stage timings on standard error, in order, and changes no output.
    @Test func traceTimesEachStageWithoutChangingTheOutput() throws {
        let arguments = ["gaps", "samples/maison-lumiere.yaml", "--as-of", "2026-06-01"]
        let plain = try stakemap(arguments)
        let traced = try runProgram(executable, arguments, in: packageRoot, environment: ["NO_COLOR": "1", "STAKEMAP_TRACE": "1"])
        #expect(plain.status == 0 && traced.status == 0)
        #expect(traced.stdout == plain.stdout && plain.stderr.isEmpty)
        let lines = traced.stderr.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix("[trace] ") && $0.contains(" MB  ") }, "each mark with the peak memory: \(lines)")
        func position(_ label: String) -> Int? { lines.firstIndex { $0.hasSuffix("  " + label) } }
        let stages = ["started", "account file read", "directory read", "checked", "graph built", "coverage", "gaps", "written"]
        let found = stages.compactMap(position)
        #expect(found.count == stages.count && found == found.sorted(), "\(lines)")
        // The main thread's stages in order of time (the reader threads' marks may interleave).
        let times = found.compactMap { Double(lines[$0].dropFirst(8).split(separator: " ").first ?? "") }
        #expect(times.count == stages.count && times == times.sorted())
    }

    /// Output that cannot be written (a full disk) is an error with status 1 and a sentence,
    /// not a crash nor a success: the table, the streamed JSON, a whole JSON document and
    /// what the commands print alike.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
    func aFullDiskIsSaidSo() throws {
        let file = "samples/banque-exemple.yaml"
        let commands = [
            "gaps \(file) --as-of 2026-11-01", "coverage --all --format json \(file) --as-of 2026-11-01", "rank --format json \(file) --as-of 2026-11-01",
            "show \(file) --as-of 2026-11-01", "validate \(file)",
        ]
        for command in commands {
            let r = try shell("'\(executable)' \(command) > /dev/full", in: packageRoot)
            #expect(r.status == 1, "\(command): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: could not write the output: "), "\(command): \(r.stderr)")
            #expect(!r.stderr.contains("crashed") && r.stderr.split(separator: "\n").count == 1, "\(command): \(r.stderr)")
        }
    }

    @Test func coverageJSONHasTheDocumentedShapeAndHandComputedValues() throws {
        let path = try write(small)
        let r = try stakemap(["coverage", path, "--all", "--as-of", "2026-06-01", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r.stdout)
        let people = doc["people"] as? [[String: Any]] ?? []
        #expect(people.map { $0["id"] as? String } == ["ceo", "cfo", "dev"])
        let coverage = people.compactMap { $0["coverage"] as? Double }
        #expect(coverage.count == 3 && zip(coverage, [0.375, 0.75, 0.6]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(people.first?["best_path"] as? [String] == ["t", "cfo", "ceo"])
        #expect(abs((doc["score"] as? Double ?? 0) - 100 * 0.555 / 1.3) < 1e-9)
        #expect(doc["as_of"] as? String == "2026-06-01")
        // Same input, same bytes.
        #expect(try stakemap(["coverage", path, "--all", "--as-of", "2026-06-01", "--format", "json"]).stdout == r.stdout)
    }

    @Test func decayFollowsTheAsOfDate() throws {
        let path = try write(small)
        let r = try stakemap(["coverage", path, "--all", "--as-of", "2026-11-28", "--format", "json"])
        let people = try json(r.stdout)["people"] as? [[String: Any]] ?? []
        #expect(people.first { $0["id"] as? String == "cfo" }?["coverage"] as? Double == 0.375)  // 180 days: halved
    }

    @Test func pathsListsTheKBestWithTheirEdges() throws {
        let r = try stakemap(["paths", "samples/banque-exemple.yaml", "--to", "julie.dufour", "-k", "3", "--as-of", "2026-11-27", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let paths = try json(r.stdout)["paths"] as? [[String: Any]] ?? []
        #expect(paths.count == 3)
        let strengths = paths.compactMap { $0["strength"] as? Double }
        #expect(strengths == strengths.sorted(by: >))
        for p in paths {
            let nodes = p["nodes"] as? [String] ?? []
            #expect(nodes.last == "julie.dufour")
            #expect(nodes.first?.hasPrefix("our.") == true)
            let edges = p["edges"] as? [[String: Any]] ?? []
            let product = edges.reduce(1.0) { $0 * ($1["strength"] as? Double ?? 0) }
            #expect(abs(product - (p["strength"] as? Double ?? 0)) < 1e-12)
        }
    }

    @Test func unknownIdsAndOpportunitiesGetSuggestions() throws {
        let a = try stakemap(["paths", "samples/banque-exemple.yaml", "--to", "julie.dufuor"])
        #expect(a.status == 1)
        #expect(a.stderr == "samples/banque-exemple.yaml: error: --to: unknown person 'julie.dufuor' — did you mean 'julie.dufour'?\n")
        let b = try stakemap(["gaps", "samples/banque-exemple.yaml", "--opportunity", "tma-2072"])
        #expect(b.status == 1)
        #expect(b.stderr == "samples/banque-exemple.yaml: error: unknown opportunity 'tma-2072' — did you mean 'tma-2027'?\n")
        let c = try stakemap(["plan-visits", "samples/banque-exemple.yaml", "--with", "julie.dufour"])
        #expect(c.status == 1)
        #expect(c.stderr.contains("'julie.dufour' is one of their people, not one of our team"))
        let d = try stakemap(["coverage", "samples/banque-exemple.yaml", "--threshold", "nan"])
        #expect(d.status == 64)
        #expect(d.stderr.contains("--threshold: coverage_threshold must be a number in [0, 1], not nan"))
        let e = try stakemap(["gaps", "samples/banque-exemple.yaml", "--as-of", "2026-02-30"])
        #expect(e.status == 64)
    }

    @Test func gapsOnEverySampleAreOrderedAndFiltered() throws {
        for sample in ["banque-exemple", "mutuelle-horizon", "maison-lumiere"] {
            let r = try stakemap(["gaps", "samples/\(sample).yaml", "--as-of", "2026-11-27", "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let gaps = try json(r.stdout)["gaps"] as? [[String: Any]] ?? []
            #expect(!gaps.isEmpty)
            let order = ["high", "medium", "low"]
            let ranks = gaps.compactMap { order.firstIndex(of: $0["severity"] as? String ?? "") }
            #expect(ranks == ranks.sorted())
            let high = try stakemap(["gaps", "samples/\(sample).yaml", "--as-of", "2026-11-27", "--min-severity", "high", "--format", "csv"])
            let lines = high.stdout.split(separator: "\n")
            #expect(lines.first == "severity,kind,subject,opportunity,reason,action")
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("high,") })
        }
    }

    /// A gap whose remedy is a command names that command, with the file and the ids typed in.
    @Test func gapsNameTheCommandThatClosesThem() throws {
        func actions(_ sample: String) throws -> [String] {
            let r = try stakemap(["gaps", "samples/\(sample).yaml", "--as-of", "2026-11-27", "--format", "json"])
            return (try json(r.stdout)["gaps"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        }
        let bank = try actions("banque-exemple")
        #expect(bank.contains { $0.hasSuffix("(stakemap log samples/banque-exemple.yaml --ours our.am --theirs nicolas.meunier)") }, "\(bank)")
        let retailer = try actions("maison-lumiere")
        #expect(retailer.contains { $0.hasSuffix("(stakemap plan-visits samples/maison-lumiere.yaml)") }, "\(retailer)")
    }

    @Test func scoreIsAPortfolioSortedLowestFirstAndExplained() throws {
        let r = try stakemap([
            "score", "samples/banque-exemple.yaml", "samples/mutuelle-horizon.yaml", "samples/maison-lumiere.yaml",
            "--as-of", "2026-11-27", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let accounts = try json(r.stdout)["accounts"] as? [[String: Any]] ?? []
        let scores = accounts.compactMap { $0["score"] as? Double }
        #expect(scores.count == 3 && scores == scores.sorted())
        let path = try write(small)
        let e = try stakemap(["score", path, "--explain", "--as-of", "2026-06-01"])
        #expect(e.stdout.contains("Score = 100 × 0.555 / 1.3 = 42.7"))
        #expect(e.stdout.contains("Claire \"CEO\" <Dupont>"))
    }

    @Test func rankAndVisitPlanRunOnTheSamples() throws {
        let r = try stakemap(["rank", "samples/maison-lumiere.yaml", "--as-of", "2026-11-27", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r.stdout)
        let people = doc["people"] as? [[String: Any]] ?? []
        let total = people.reduce(0.0) { $0 + ($1["pagerank"] as? Double ?? 0) }
        #expect(abs(total - 1) < 1e-9)
        #expect((doc["pagerank"] as? [String: Any])?["converged"] as? Bool == true)
        let v = try stakemap(["plan-visits", "samples/banque-exemple.yaml", "--visits", "3", "--as-of", "2026-11-27", "--format", "json"])
        #expect(v.status == 0, "\(v.stderr)")
        let plan = try json(v.stdout)
        let visits = plan["visits"] as? [[String: Any]] ?? []
        #expect(visits.count == 3)
        let gains = visits.compactMap { $0["gain"] as? Double }
        #expect(gains == gains.sorted(by: >))
        #expect((plan["score_after"] as? Double ?? 0) > (plan["score_before"] as? Double ?? 100))
    }
}
