import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats

/// How a result is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Options every analysis takes: the as-of date, the output format, and overrides of
/// the account's settings.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "Analyse the account as of this day (YYYY-MM-DD; default today).")
    var asOf: Day?

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table

    @Option(help: "Coverage below which a role holder is a gap (overrides the account's settings).")
    var threshold: Double?

    @Option(help: "Days for a relationship's strength to halve.")
    var halfLife: Int?

    @Option(help: "Days without contact after which a relationship is stale.")
    var staleAfter: Int?

    @Option(help: "Strength of manager → report edges.")
    var down: Double?

    @Option(help: "Strength of report → manager edges.")
    var up: Double?

    @Option(help: "Strength of dotted-line manager → report edges.")
    var dottedDown: Double?

    @Option(help: "Strength of report → dotted-line manager edges.")
    var dottedUp: Double?

    @Option(help: "Strength of the relationship a planned visit creates.")
    var visitStrength: Double?

    func validate() throws {
        var p = AnalysisParameters()
        apply(to: &p)
        if let problem = p.problem() { throw ValidationError("--" + problem) }
    }

    func apply(to p: inout AnalysisParameters) {
        if let threshold { p.coverageThreshold = threshold }
        if let halfLife { p.halfLife = halfLife }
        if let staleAfter { p.staleAfter = staleAfter }
        if let down { p.down = down }
        if let up { p.up = up }
        if let dottedDown { p.dottedDown = dottedDown }
        if let dottedUp { p.dottedUp = dottedUp }
        if let visitStrength { p.visitStrength = visitStrength }
    }

    var day: Day { asOf ?? today() }

    /// Loads `path` and builds the shared analysis; prints the problem and exits 1 otherwise.
    func analysis(_ path: String, scope: AnalysisScope = .account, paths: Int? = nil) throws -> AccountAnalysis {
        let file = try loadOrExit(path, quietWarnings: true)
        var parameters = file.account.settings.resolved
        apply(to: &parameters)
        if let paths { parameters.paths = paths }
        if let problem = parameters.problem() {
            printError("\(path): error: settings: \(problem)")
            throw ExitCode(1)
        }
        do {
            Trace.mark("loaded")
            defer { Trace.mark("analysed") }
            return try AccountAnalysis(account: file.account, asOf: day, parameters: parameters, scope: scope, index: file.index)
        } catch {
            printError("\(path): error: \(error.message)")
            throw ExitCode(1)
        }
    }

    /// Prints a result in the chosen format; `title` and `footer` frame the table only.
    func emit(_ result: AnalysisResult, title: String? = nil, footer: [String] = [],
              style: (Int, String) -> String = { $1 }) {
        switch format {
        case .json: write(result.json.json())
        case .csv: write(result.table.csv())
        case .table:
            var out = ""
            if let title { out += paint(title, "1") + "\n\n" }
            if result.table.rows.isEmpty { out += "(nothing to show)\n" } else {
                out += result.table.aligned(style: style, header: { paint($0, "1;4") })
            }
            if !footer.isEmpty { out += "\n" + footer.joined(separator: "\n") + "\n" }
            write(out)
        }
    }

    /// Prints the result and ends the process (see `finish`).
    func emitAndFinish(_ result: AnalysisResult, title: String? = nil, footer: [String] = [],
                       style: (Int, String) -> String = { $1 }) -> Never {
        emit(result, title: title, footer: footer, style: style)
        finish()
    }
}

func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Resolves a person id given on the command line to a node, or exits 1 with a hint.
func resolvePerson(_ id: String, in a: AccountAnalysis, file: String, flag: String) throws -> Int {
    if let v = a.graph.node(id) { return v }
    if let p = a.account.people.first(where: { $0.id == id }), let left = p.left {
        printError("\(file): error: \(flag) '\(id)': \(p.name) left on \(left) and is out of the analysis as of \(a.asOf)")
        throw ExitCode(1)
    }
    let ids = a.account.people.map(\.id) + a.account.team.map(\.id)
    let hint = Suggester(ids).suggestion(for: id).map { " — did you mean '\($0)'?" } ?? ""
    printError("\(file): error: \(flag): unknown person '\(id)'\(hint)")
    throw ExitCode(1)
}

func scopeOption(_ id: String?) -> AnalysisScope { id.map { .opportunity($0) } ?? .account }

/// Colours the severity column of gap tables.
func severityStyle(column: Int) -> (Int, String) -> String {
    { c, text in
        guard c == column else { return text }
        if text.hasPrefix("high") { return paint(text, "1;31") }
        if text.hasPrefix("medium") { return paint(text, "33") }
        return paint(text, "2")
    }
}

struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "How strongly our team reaches each role holder and inner-circle person.",
        discussion: "Coverage is the strength of the best path from any of our colleagues (product of the edge strengths). The table lists the weakest first.")

    @Argument(help: "The account file.") var file: String
    @Option(help: "Analyse one opportunity's buying centre.") var opportunity: String?
    @Flag(help: "List everyone, not only role holders and the inner circle.") var all = false
    @OptionGroup var options: AnalysisOptions

    func run() throws {
        let a = try options.analysis(file, scope: scopeOption(opportunity))
        let result = AnalysisOutput.coverage(a, all: all, json: options.format == .json)
        options.emitAndFinish(result, title: "Coverage — \(a.account.info.name), as of \(a.asOf)",
                     footer: ["Score: \(AnalysisOutput.scoreText(a.score.value)) / 100 (threshold \(formatStrength(a.parameters.coverageThreshold)))"],
                     style: { c, t in
                         guard c == 3, let v = Double(t.trimmingCharacters(in: .whitespaces)) else { return t }
                         return v < a.parameters.coverageThreshold ? paint(t, "31") : t
                     })
    }
}

struct Paths: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The strongest ways our team reaches one person (Yen's k best loopless paths).")

    @Argument(help: "The account file.") var file: String
    @Option(help: "The person to reach.") var to: String
    @Option(name: .short, help: "How many paths (default: the account's settings, else 3).") var k: Int?
    @Option(help: "Start from these colleagues only (repeatable; default all of our team).") var from: [String] = []
    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if let k, k < 1 { throw ValidationError("-k must be at least 1") }
        if let k, k > 1000 { throw ValidationError("-k must be at most 1000") }
    }

    func run() throws {
        let a = try options.analysis(file, paths: k)
        let target = try resolvePerson(to, in: a, file: file, flag: "--to")
        var sources = a.graph.team
        if !from.isEmpty {
            sources = []
            for id in from {
                let v = try resolvePerson(id, in: a, file: file, flag: "--from")
                guard a.graph.isTeam(v) else {
                    printError("\(file): error: --from '\(id)' is one of their people; --from takes our colleagues' ids")
                    throw ExitCode(1)
                }
                sources.append(v)
            }
        }
        let found = a.graph.bestPaths(from: sources, to: target, count: a.parameters.paths, tree: from.isEmpty ? a.paths : nil)
        var footer: [String] = []
        if found.isEmpty { footer.append("Nobody of ours reaches \(a.name(target)).") }
        options.emitAndFinish(AnalysisOutput.paths(a, target: target, found),
                     title: "Paths to \(a.name(target)) (\(to)), as of \(a.asOf)", footer: footer)
    }
}

struct Gaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Contact-coverage gaps, most severe first, each with a suggested action.")

    @Argument(help: "The account file.") var file: String
    @Option(help: "Analyse one opportunity's buying centre.") var opportunity: String?
    @Option(help: "Show gaps of this severity and above: \(GapSeverity.allCases.map(\.rawValue).joined(separator: ", ")).")
    var minSeverity: GapSeverity = .low
    @OptionGroup var options: AnalysisOptions

    func run() throws {
        let a = try options.analysis(file, scope: scopeOption(opportunity))
        let gaps = a.gaps().filter { $0.severity <= minSeverity }
        Trace.mark("gaps")
        let counts = GapSeverity.allCases.map { s in "\(gaps.filter { $0.severity == s }.count) \(s.rawValue)" }
        options.emitAndFinish(AnalysisOutput.gaps(a, gaps), title: "Gaps — \(a.account.info.name), as of \(a.asOf)",
                     footer: [counts.joined(separator: ", ") + "; score \(AnalysisOutput.scoreText(a.score.value))"],
                     style: severityStyle(column: 0))
    }
}

extension GapSeverity: ExpressibleByArgument {}

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Key players: power rank (PageRank on reversed influence), brokers (betweenness), hidden influencers.")

    @Argument(help: "The account file.") var file: String
    @Option(help: "Rows in the table (JSON and CSV list everyone).") var top: Int = 20
    @Option(help: "Betweenness is exact up to this many people, then sampled.") var exactUpTo: Int = 2000
    @Option(help: "Sampled source people for betweenness on larger accounts (each costs one full search: ~0.2 s at 100,000 people).") var samples: Int = 50
    @Option(help: "Seed of the betweenness sample.") var seed: UInt64 = 1
    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if samples < 1 { throw ValidationError("--samples must be at least 1") }
    }

    func run() throws {
        let a = try options.analysis(file)
        let pr = a.graph.pageRank()
        let bc = a.graph.betweenness(exactUpTo: exactUpTo, samples: samples, seed: seed)
        let players = a.keyPlayers(pageRank: pr, betweenness: bc)
        var footer: [String] = []
        if !pr.converged { footer.append("warning: PageRank did not converge in \(pr.iterations) iterations; values are approximate") }
        if let k = bc.sampledSources { footer.append("Betweenness estimated from \(k) sampled people (seed \(seed)).") }
        if !pr.converged { printError("\(file): warning: PageRank did not converge in \(pr.iterations) iterations") }
        var result = AnalysisOutput.rank(a, players, pageRank: pr, betweenness: bc, top: options.format == .table ? top : nil)
        if options.format == .csv { result = AnalysisOutput.rank(a, players, pageRank: pr, betweenness: bc, top: nil) }
        options.emitAndFinish(result, title: "Key players — \(a.account.info.name), as of \(a.asOf)", footer: footer)
    }
}

struct PlanVisits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan-visits",
        abstract: "Choose the executive meetings that raise the account score most.",
        discussion: "Greedy on the score gain: each meeting adds a relationship of --visit-strength (default 0.8). Our colleague's level is at most one step below theirs; capacities are respected.")

    @Argument(help: "The account file.") var file: String
    @Option(help: "How many meetings.") var visits: Int = 5
    @Option(name: .customLong("with"), parsing: .upToNextOption,
            help: "Our colleagues who may visit (default: our executives and directors).")
    var colleagues: [String] = []
    @Option(help: "Plan for one opportunity's buying centre.") var opportunity: String?
    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if visits < 1 { throw ValidationError("--visits must be at least 1") }
    }

    func run() throws {
        let a = try options.analysis(file, scope: scopeOption(opportunity))
        let who: [Int]
        do { who = try a.visitingColleagues(colleagues) } catch {
            printError("\(file): error: --with: \(error.message)")
            throw ExitCode(1)
        }
        let plan = a.planVisits(count: visits, colleagues: who)
        var footer = ["Score: \(AnalysisOutput.scoreText(plan.scoreBefore)) → \(AnalysisOutput.scoreText(plan.scoreAfter))"]
        if plan.visits.isEmpty { footer.append("No meeting would raise the score (or no colleague may meet the people who would).") }
        for g in plan.bySite {
            let names = g.visits.map { "#\($0 + 1) \(a.name(plan.visits[$0].person))" }
            footer.append("\(g.site.isEmpty ? "(no site)" : g.site): " + names.joined(separator: ", "))
        }
        options.emitAndFinish(AnalysisOutput.visits(a, plan), title: "Executive visit plan — \(a.account.info.name), as of \(a.asOf)", footer: footer)
    }
}

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The account score of each file: a portfolio table, lowest first.",
        discussion: "Score = 100 × Σ weight × coverage / Σ weight over the role holders (docs/ANALYSES.md). --explain lists every term.")

    @Argument(help: "Account files.") var files: [String]
    @Flag(help: "List every term of each score.") var explain = false
    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one account file") }
    }

    func run() throws {
        var rows: [AnalysisOutput.PortfolioRow] = []
        var failed = false
        for path in files {
            do {
                let a = try options.analysis(path)
                rows.append(.init(file: path, analysis: a, gaps: a.gaps()))
            } catch let e as ExitCode where e == ExitCode(1) {
                failed = true
            }
        }
        if explain {
            if options.format == .json {
                write(ResultValue.array(rows.map { AnalysisOutput.scoreTerms($0.analysis).json }).json())
            } else {
                for r in rows {
                    let terms = AnalysisOutput.scoreTerms(r.analysis)
                    let s = r.analysis.score
                    options.emit(terms, title: "\(r.analysis.account.info.name) — score \(AnalysisOutput.scoreText(s.value))",
                                 footer: options.format == .table ? [explanation(s)] : [])
                    if options.format == .table { write("\n") }
                }
            }
        } else {
            options.emit(AnalysisOutput.portfolio(rows), title: "Account scores, as of \(options.day)", style: { c, t in
                guard c == 1, let v = Double(t.trimmingCharacters(in: .whitespaces)) else { return t }
                return v < 40 ? paint(t, "1;31") : v < 70 ? paint(t, "33") : paint(t, "32")
            })
        }
        if failed { throw ExitCode(1) }
    }

    func explanation(_ s: AccountScore) -> String {
        guard let v = s.value else { return "No role holder: no score." }
        return "Score = 100 × \(String(format: "%.3f", s.weightedSum)) / \(String(format: "%.1f", s.weightSum)) = \(String(format: "%.1f", v)): each role holder counts with the weight of their most important role, times how strongly we reach them."
    }
}
