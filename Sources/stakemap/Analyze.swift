import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats
import StakemapReport

/// How a result is printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// The run's overrides of the account's settings: the same flags on every command that
/// analyses an account.
struct RunOverrides: ParsableArguments {
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

    /// The overrides as settings (only what was given is set).
    var settings: Settings {
        Settings(
            down: down, up: up, dottedDown: dottedDown, dottedUp: dottedUp, halfLife: halfLife, staleAfter: staleAfter,
            coverageThreshold: threshold, visitStrength: visitStrength)
    }

    func validate() throws {
        if let problem = settings.problems().first { throw ValidationError(Self.flagged(problem)) }
    }

    /// A setting's problem in the words of the option that set it.
    static func flagged(_ problem: SettingProblem) -> String {
        let flag =
            switch problem.setting {
            case .coverageThreshold: "--threshold"
            case .halfLife: "--half-life"
            case .staleAfter: "--stale-after"
            case .down: "--down"
            case .up: "--up"
            case .dottedDown: "--dotted-down"
            case .dottedUp: "--dotted-up"
            case .visitStrength: "--visit-strength"
            case .paths: "-k"
            }
        return "\(flag): \(problem.message)"
    }
}

/// What an analysis looks at: the whole account, or one opportunity's buying centre. The
/// same option on every command that analyses an account.
struct ScopeOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Analyse one opportunity's buying centre: the roles recorded on it replace the people's account-level roles.",
            valueName: "id"))
    var opportunity: String?

    var scope: AnalysisScope { opportunity.map { .opportunity($0) } ?? .account }
}

/// Options every analysis takes: the as-of date, the output format, the scope and the
/// run's overrides of the account's settings.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "Analyse the account as of this day (YYYY-MM-DD; default today).")
    var asOf: Day?

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .table

    @OptionGroup var scope: ScopeOption

    @OptionGroup var overrides: RunOverrides

    var day: Day { asOf ?? today() }

    /// The run: the day, the overrides (and `paths` best paths, when given), the scope.
    func request(paths: Int? = nil) -> AnalysisRequest {
        var settings = overrides.settings
        settings.paths = paths
        return AnalysisRequest(asOf: day, overrides: settings, scope: scope.scope)
    }

    /// Opens `path` and builds the shared analysis; prints the problem and exits 1 otherwise.
    func analysis(_ path: String, paths: Int? = nil) throws -> AccountAnalysis {
        let request = request(paths: paths)
        let opened = try open(path)
        Trace.mark("loaded")
        defer { Trace.mark("analysed") }
        return try orExit { try opened.analysis(request) }
    }

    /// Prints a result in the chosen format; `title` and `footer` frame the table only.
    func emit(
        _ result: AnalysisResult, title: String? = nil, footer: [String] = [],
        style: (Int, String) -> String = { $1 }
    ) {
        switch format {
        case .json: write(result.json.json())
        case .csv: write(result.table.csv())
        case .table:
            var out = ""
            if let title { out += paint(title, "1") + "\n\n" }
            if result.table.rows.isEmpty {
                out += "(nothing to show)\n"
            } else {
                out += result.table.aligned(style: style, header: { paint($0, "1;4") })
            }
            if !footer.isEmpty { out += "\n" + footer.joined(separator: "\n") + "\n" }
            write(out)
        }
    }

    /// Prints the result and ends the process (see `finish`).
    func emitAndFinish(
        _ result: AnalysisResult, title: String? = nil, footer: [String] = [],
        style: (Int, String) -> String = { $1 }
    ) -> Never {
        emit(result, title: title, footer: footer, style: style)
        finish()
    }
}

func write(_ text: String) { write(bytes: Data(text.utf8)) }

func write(_ bytes: [UInt8]) { write(bytes: bytes) }

/// Writes to standard output; a failed write (a full disk) ends the process with
/// status 1 and says so.
func write(bytes: some DataProtocol) {
    do { try FileHandle.standardOutput.write(contentsOf: bytes) } catch { outputFailed(error.localizedDescription) }
}

/// Says that the output could not be written (`reason`: the system's words) and ends the
/// process with status 1.
func outputFailed(_ reason: String) -> Never {
    printError("error: could not write the output: \(reason)")
    exit(1)
}

/// Runs an analysis call that may refuse an id the user typed after `flag`; prints
/// `FILE: error: FLAG: why` and exits 1 then.
func resolving<T>(_ file: String, flag: String, _ body: () throws(AnalysisError) -> T) throws -> T {
    do { return try body() } catch {
        printError("\(file): error: \(flag): \(error.message)")
        throw ExitCode(1)
    }
}

/// Why `a` has no score (a sentence saying so), and what to run instead; nil when it has
/// one. When the roles are only on opportunities, it names the option that analyses one,
/// and the import option that makes its roles the account's.
func noScoreHint(_ a: AccountAnalysis) -> String? {
    guard let reason = a.noScoreReason else { return nil }
    guard let first = a.rolesOnOpportunities.first else { return reason }
    return reason + "; analyse one with --opportunity \(first.id), or import again with --roles-to-account \(first.id) to make its roles the account's"
}

/// `text` as a sentence: a capital first letter and a full stop.
func sentence(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".") }

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
    @Flag(help: "List everyone, not only role holders and the inner circle.") var all = false
    @OptionGroup var options: AnalysisOptions

    func run() throws {
        let a = try options.analysis(file)
        if options.format == .json {
            // Streamed: 100,000 people are tens of megabytes of JSON, never held whole.
            AnalysisOutput.writeCoverageJSON(a, all: all, to: write)
            finish()
        }
        let result = AnalysisOutput.coverage(a, all: all, json: false)
        options.emitAndFinish(
            result, title: "Coverage — \(a.account.info.name), as of \(a.asOf)",
            footer: ["Score: \(AnalysisOutput.scoreText(a.score.value)) / 100 (threshold \(formatStrength(a.parameters.coverageThreshold)))"]
                + (noScoreHint(a).map { [sentence($0)] } ?? []),
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
        let target = try resolving(file, flag: "--to") { () throws(AnalysisError) in try a.node(named: to) }
        let sources = try resolving(file, flag: "--from") { () throws(AnalysisError) in try a.colleagues(named: from) }
        let found = a.graph.bestPaths(from: sources, to: target, count: a.parameters.paths, tree: from.isEmpty ? a.paths : nil)
        var footer: [String] = []
        if found.isEmpty { footer.append("Nobody of ours reaches \(a.name(target)).") }
        options.emitAndFinish(
            AnalysisOutput.paths(a, target: target, found),
            title: "Paths to \(a.name(target)) (\(to)), as of \(a.asOf)", footer: footer)
    }
}

struct Gaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Contact-coverage gaps, most severe first, each with a suggested action.")

    @Argument(help: "The account file.") var file: String
    @Option(help: "Show gaps of this severity and above: \(GapSeverity.allCases.map(\.rawValue).joined(separator: ", ")).")
    var minSeverity: GapSeverity = .low
    @OptionGroup var options: AnalysisOptions

    func run() throws {
        let a = try options.analysis(file)
        let gaps = a.gaps().filter { $0.severity <= minSeverity }
        Trace.mark("gaps")
        let counts = GapSeverity.allCases.map { s in "\(gaps.filter { $0.severity == s }.count) \(s.rawValue)" }
        let score = noScoreHint(a).map { "; \($0)" } ?? "; score \(AnalysisOutput.scoreText(a.score.value))"
        options.emitAndFinish(
            AnalysisOutput.gaps(a, gaps, nextStep: { command(for: $0, file: file) }), title: "Gaps — \(a.account.info.name), as of \(a.asOf)",
            footer: [counts.joined(separator: ", ") + score],
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
    @Option(
        help:
            "Sampled source people for betweenness on larger accounts (default: 512 up to 20,000 people, then fewer, 102 at 100,000): fewer are faster, and less sure of who the brokers are (each costs one full search, ~15 ms at 100,000 people, spread over the cores)."
    )
    var samples: Int?
    @Option(help: "Seed of the betweenness sample.") var seed: UInt64 = 1
    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1") }
    }

    func run() throws {
        let a = try options.analysis(file)
        let pr = a.graph.pageRank()
        Trace.mark("pagerank")
        let bc = a.graph.betweenness(exactUpTo: exactUpTo, samples: samples, seed: seed)
        Trace.mark("betweenness")
        let players = a.keyPlayers(pageRank: pr, betweenness: bc)
        Trace.mark("key players")
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
        discussion:
            "Greedy on the score gain: each meeting adds a relationship of --visit-strength (default 0.8). Our colleague's level is at most one step below theirs; capacities are respected. With --ics and --week, the meetings are also written as draft calendar events on that week's working days (docs/ANALYSES.md)."
    )

    @Argument(help: "The account file.") var file: String
    @Option(help: "How many meetings.") var visits: Int = 5
    @Option(
        name: .customLong("with"), parsing: .upToNextOption,
        help: "Our colleagues who may visit (default: our executives and directors).")
    var colleagues: [String] = []
    @Option(help: ArgumentHelp("Also write the meetings as draft calendar events (RFC 5545) to this file; needs --week.", valueName: "path"))
    var ics: String?
    @Option(help: ArgumentHelp("The week of the events: any day of it (YYYY-MM-DD); meetings go Monday to Friday.", valueName: "day"))
    var week: Day?
    @Option(help: ArgumentHelp("Also write the visit pack here: a cover with the plan and one A4 brief per meeting (.pdf or .html).", valueName: "path"))
    var pack: String?
    @Flag(help: "Replace names, ids and notes by pseudonyms, in the table, the calendar and the pack.") var anonymize = false
    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if visits < 1 { throw ValidationError("--visits must be at least 1") }
        if let pack, VisitPack.Output(path: pack) == nil { throw ValidationError("--pack must end in .pdf or .html") }
        if ics != nil && week == nil { throw ValidationError("--ics needs --week: the week to place the meetings in (any day of it, YYYY-MM-DD)") }
        if week != nil && ics == nil { throw ValidationError("--week needs --ics: the calendar file to write the meetings to") }
    }

    func run() throws {
        let real = try options.analysis(file)
        let who = try resolving(file, flag: "--with") { () throws(AnalysisError) in try real.visitingColleagues(colleagues) }
        var a = real
        var plan = real.planVisits(count: visits, colleagues: who)
        if let pack {
            let visitPack = try resolving(file, flag: "--pack") { () throws(AnalysisError) in try VisitPack(plan: plan, of: real, anonymize: anonymize) }
            let pages = try orExit { try visitPack.write(to: pack) }
            printError("wrote \(pack) (\(pages) page\(pages == 1 ? "" : "s"): the plan and \(plan.visits.count) brief\(plan.visits.count == 1 ? "" : "s"))")
        }
        if anonymize {
            let shared = try resolving(file, flag: "--anonymize") { () throws(AnalysisError) in try real.anonymized(plan) }
            (a, plan) = (shared.analysis, shared.plan)
        }
        if let ics, let week {
            let schedule = try orExit { try VisitCalendar.write(a, plan, week: WorkWeek(containing: week), to: ics) }
            let n = schedule.meetings.count
            printError("wrote \(ics) (\(n) event\(n == 1 ? "" : "s"), Monday \(schedule.week.monday) – Friday \(schedule.week.friday))")
            report(schedule.unplaced.map { Diagnostic(.warning, at: nil, file: file, VisitCalendar.unplacedText(a, plan, $0)) })
        }
        var footer = ["Score: \(AnalysisOutput.scoreText(plan.scoreBefore)) → \(AnalysisOutput.scoreText(plan.scoreAfter))"]
        if let why = noScoreHint(real) { footer.append(sentence(why)) }
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
        discussion: """
            Score = 100 × Σ weight × coverage / Σ weight over the role holders (docs/ANALYSES.md). --explain lists every term. \
            --opportunity scores one deal's buying centre. An account whose roles are recorded only on opportunities \
            (as a CRM's contact roles are) has no account score: the table says so and names them.
            """)

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
                    options.emit(
                        terms, title: "\(r.analysis.account.info.name) — score \(AnalysisOutput.scoreText(s.value))",
                        footer: options.format == .table ? [explanation(r.analysis)] : [])
                    if options.format == .table { write("\n") }
                }
            }
        } else {
            let notes = rows.compactMap { r in noScoreHint(r.analysis).map { "\(r.file): \($0)." } }
            options.emit(
                AnalysisOutput.portfolio(rows), title: "Account scores, as of \(options.day)",
                footer: options.format == .table ? notes : [],
                style: { c, t in
                    guard c == 1, let v = Double(t.trimmingCharacters(in: .whitespaces)) else { return t }
                    return v < 40 ? paint(t, "1;31") : v < 70 ? paint(t, "33") : paint(t, "32")
                })
            if options.format != .table { for n in notes { printError(n) } }
        }
        if failed { throw ExitCode(1) }
    }

    func explanation(_ a: AccountAnalysis) -> String {
        let s = a.score
        guard let v = s.value else { return sentence(noScoreHint(a) ?? "nobody holds a buying role, so there is no score") }
        return
            "Score = 100 × \(String(format: "%.3f", s.weightedSum)) / \(String(format: "%.1f", s.weightSum)) = \(String(format: "%.1f", v)): each role holder counts with the weight of their most important role, times how strongly we reach them."
    }
}

struct Brief: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One A4 page about a person to meet: why, who they are, our history with them, the way in.",
        discussion:
            "The page a visit pack holds for each meeting (plan-visits --pack), for anyone, planned or not. --ours names who of ours meets them (default: the start of our best path to them)."
    )

    @Argument(help: "The account file.") var file: String
    @Option(help: "Their person to meet.") var person: String
    @Option(help: "Our colleague who meets them.") var ours: String?
    @Option(name: .shortAndLong, help: "brief.pdf or brief.html") var output: String
    @Flag(help: "Replace names, ids and notes by pseudonyms.") var anonymize = false
    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if VisitPack.Output(path: output) == nil { throw ValidationError("-o must end in .pdf or .html") }
    }

    func run() throws {
        let a = try options.analysis(file)
        let v = try resolving(file, flag: "--person") { () throws(AnalysisError) in try a.node(named: person) }
        guard !a.graph.isTeam(v) else {
            printError("\(file): error: --person: '\(person)' is one of our team; name one of their people")
            throw ExitCode(1)
        }
        let colleague = try ours.map { id in try resolving(file, flag: "--ours") { () throws(AnalysisError) in try a.colleagues(named: [id])[0] } }
        let brief = try resolving(file, flag: "--person") { () throws(AnalysisError) in
            try VisitPack(brief: v, colleague: colleague, of: a, anonymize: anonymize)
        }
        _ = try orExit { try brief.write(to: output) }
        print("wrote \(output) (brief on \(brief.analysis.name(brief.briefs[0].person)))")
    }
}
