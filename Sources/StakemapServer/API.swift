import Foundation
import HTTPTypes
import Hummingbird
import StakemapCore
import StakemapFormats
import StakemapReport

/// The analyses a page's tables and the API give, in the command line's shapes
/// (`AnalysisOutput`: the same JSON as `--format json`, the same table).
enum Answers {
    static func gaps(_ a: AccountAnalysis) -> AnalysisResult { AnalysisOutput.gaps(a, a.gaps()) }

    static func rank(_ a: AccountAnalysis) -> AnalysisResult {
        let pr = a.graph.pageRank()
        let bc = a.graph.betweenness()
        return AnalysisOutput.rank(a, a.keyPlayers(pageRank: pr, betweenness: bc), pageRank: pr, betweenness: bc, top: nil)
    }

    static func plan(_ a: AccountAnalysis, visits: Int = 5) throws(ServerError) -> (AnalysisResult, VisitPlan) {
        let who: [Int]
        do { who = try a.visitingColleagues([]) } catch { throw ServerError(.unprocessableContent, error.message) }
        let plan = a.planVisits(count: visits, colleagues: who)
        return (AnalysisOutput.visits(a, plan), plan)
    }

    /// A table page: its title, the table, and the lines under it.
    static func table(_ kind: String, _ a: AccountAnalysis) -> (String, AnalysisResult, [String]) {
        switch kind {
        case "gaps":
            let g = a.gaps()
            let counts = GapSeverity.allCases.map { s in "\(g.filter { $0.severity == s }.count) \(s.rawValue)" }.joined(separator: ", ")
            return ("Gaps", AnalysisOutput.gaps(a, g), [counts + "; score \(AnalysisOutput.scoreText(a.score.value))"])
        case "players":
            return ("Key players", rank(a), [])
        default:
            guard let (result, plan) = try? plan(a) else {
                return ("Visit plan", AnalysisResult(json: .null, table: ResultTable(headers: [])), ["No colleague of ours may visit."])
            }
            var footer = ["Score: \(AnalysisOutput.scoreText(plan.scoreBefore)) → \(AnalysisOutput.scoreText(plan.scoreAfter))"]
            if plan.visits.isEmpty { footer.append("No meeting would raise the score (or no colleague may meet the people who would).") }
            return ("Visit plan", result, footer)
        }
    }
}

extension StakemapServer {
    /// `/api/…`: JSON in the command line's shapes; edits as JSON objects.
    func api(_ request: Request, _ s: [String]) async throws -> Response {
        let q = try request.query()
        switch (s.first, s.count) {
        case ("openapi.yaml", 1):
            return Reply.text(OpenAPIDocument.yaml, type: "application/yaml; charset=utf-8")
        case ("session", 1):
            return Reply.json(ResultValue.object(["csrf": .string(csrf)]).json())
        case ("accounts", 1):
            return try await accountList()
        case ("accounts", 2), ("accounts", 3):
            let account = try shelf.account(named: s[1])
            let what = s.count == 3 ? s[2] : ""
            if what == "edits" { return try await apiEdit(request, account) }
            let analysisRequest = self.request
            let shelf = self.shelf
            if what == "version" {
                // The files' fingerprint only: nothing is read, however often a page asks.
                return Reply.json(ResultValue.object(["version": .string(shelf.version(of: account))]).json())
            }
            let k = try q.single("k").map { t throws(ServerError) in try count(t, "k", 1...50) }
            let visits = try q.single("visits").map { t throws(ServerError) in try count(t, "visits", 1...100) } ?? 5
            let all = try q.single("all").map { t throws(ServerError) in try flag(t, "all") } ?? false
            let to = try q.single("to").flatMap { $0.isEmpty ? nil : $0 }
            let text = try await offload { () throws -> String in
                let snapshot = try shelf.snapshot(account, analysisRequest)
                let a = snapshot.analysis
                switch what {
                case "": return Self.summary(snapshot).json()
                case "coverage": return AnalysisOutput.coverage(a, all: all).json.json()
                case "gaps": return Answers.gaps(a).json.json()
                case "rank": return Answers.rank(a).json.json()
                case "plan": return try Answers.plan(a, visits: visits).0.json.json()
                case "paths":
                    guard let to else { throw ServerError.badRequest("to: name the person to reach (to=ID)") }
                    let target: Int
                    do { target = try a.node(named: to) } catch let error as AnalysisError { throw ServerError(.notFound, "to: \(error.message)") }
                    let found = a.graph.bestPaths(from: a.graph.team, to: target, count: k ?? a.parameters.paths, tree: a.paths)
                    return AnalysisOutput.paths(a, target: target, found).json.json()
                default: throw ServerError.notFound("no such answer '\(what)' (coverage, paths, gaps, rank, plan, version, edits)")
                }
            }
            return Reply.json(text)
        default:
            throw ServerError.notFound("no such API path (see /api/openapi.yaml)")
        }
    }

    static func summary(_ s: Snapshot) -> ResultValue {
        let a = s.analysis
        return .object([
            "name": .string(s.account.name), "account": .string(a.account.info.name), "as_of": .string(a.asOf.description),
            "score": .number(a.score.value), "version": .string(s.version),
            "people": .number(Double(a.account.people.count)), "team": .number(Double(a.account.team.count)),
        ])
    }

    func accountList() async throws -> Response {
        let accounts = shelf.accounts()
        let request = self.request
        let shelf = self.shelf
        let text = try await offload { () -> String in
            var list: [ResultValue] = []
            var skipped: [ResultValue] = []
            for account in accounts {
                do {
                    let s = try shelf.snapshot(account, request)
                    let g = s.analysis.gaps()
                    var doc = Self.summary(s)
                    if case .object(var o) = doc {
                        o["gaps"] = .object(
                            Dictionary(
                                uniqueKeysWithValues: GapSeverity.allCases.map { sev in
                                    (sev.rawValue, ResultValue.number(Double(g.filter { $0.severity == sev }.count)))
                                }))
                        doc = .object(o)
                    }
                    list.append(doc)
                } catch let error as ServerError {
                    skipped.append(.object(["name": .string(account.name), "error": .string(error.message), "details": .strings(error.details)]))
                } catch {
                    skipped.append(.object(["name": .string(account.name), "error": .string("\(error)")]))
                }
            }
            return ResultValue.object(["as_of": .string(request.asOf.description), "accounts": .array(list), "skipped": .array(skipped)]).json()
        }
        return Reply.json(text)
    }

    /// An edit sent as a JSON object: the same fields as a page's form, strings but for the
    /// strength, a number.
    func apiEdit(_ request: Request, _ account: ServedAccount) async throws -> Response {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw ServerError(.unsupportedMediaType, "send the edit as application/json")
        }
        try checkCSRF(request, form: nil)
        let fields = try Self.jsonFields(try await body(request))
        let result = try await edit(account, fields)
        let shelf = self.shelf
        let analysisRequest = self.request
        // The version of the file as written, as a page's poll will see it.
        let version = (try? await offload { try shelf.snapshot(account, analysisRequest).version }) ?? shelf.version(of: account)
        return Reply.json(ResultValue.object(["result": .string(result.message), "person": .string(result.person), "version": .string(version)]).json())
    }

    /// A flat JSON object's members as fields. Anything else (nesting, arrays, null, a
    /// member of the wrong type) is refused.
    static func jsonFields(_ text: String) throws(ServerError) -> Fields {
        // Refused before parsing: more than a little nesting (a flat object needs none).
        var depth = 0
        var inString = false
        var escaped = false
        for c in text.utf8 {
            if inString {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch c {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > 2 { throw .badRequest("an edit is a flat JSON object of strings and numbers") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        do { return Fields(try JSONDecoder().decode(FlatObject.self, from: Data(text.utf8)).pairs) } catch let e as ServerError {
            throw e
        } catch {
            throw .badRequest("the body is not a JSON object: send one such as {\"edit\": \"log\", \"ours\": \"our.am\", \"theirs\": \"julie.dufour\"}")
        }
    }
}

/// A JSON object of strings (and numbers, for the members that are numbers), as text.
private struct FlatObject: Decodable {
    var pairs: [(key: String, value: String)] = []

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The members that are numbers; every other member is a string.
    static let numbers: Set<String> = ["strength"]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        for key in c.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            let name = key.stringValue
            if Self.numbers.contains(name) {
                guard let d = try? c.decode(Double.self, forKey: key) else { throw ServerError.badRequest("\(name): give a number, such as 0.5") }
                // As written: 2, not 2.0.
                pairs.append((name, d == d.rounded() && abs(d) < 1e15 ? "\(Int(d))" : "\(d)"))
            } else {
                guard let text = try? c.decode(String.self, forKey: key) else { throw ServerError.badRequest("\(name): give a string") }
                pairs.append((name, text))
            }
        }
    }
}

private func count(_ text: String, _ key: String, _ range: ClosedRange<Int>) throws(ServerError) -> Int {
    guard let n = Int(text), range.contains(n) else {
        throw .badRequest("\(key): '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return n
}

private func flag(_ text: String, _ key: String) throws(ServerError) -> Bool {
    switch text {
    case "true": return true
    case "false": return false
    default: throw .badRequest("\(key): '\(text)' is not true or false")
    }
}
