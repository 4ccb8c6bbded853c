import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats
import StakemapReport

struct PortfolioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio",
        abstract: "One row per account, riskiest first: score and its change, gaps, stale relationships, referencing and renewal, owner.",
        discussion: """
            Takes account files or folders of them (.yaml, .yml, .json). --since 90d compares with each file as it was \
            90 days before --as-of in its git history; --since REV with a git revision. Risk = 100 − score + 10 per \
            high-severity gap + 20 when the referencing renewal is within 90 days. -o portfolio.html adds each \
            account's score over its git history as a small chart.
            """)

    @Argument(help: "Account files or folders.") var paths: [String]
    @Option(help: "Compare with: a number of days (90d) or a git revision.") var since: String?
    @Option(help: "The day of the portfolio (YYYY-MM-DD; default today).") var asOf: Day?
    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).") var format: OutputFormat = .table
    @Option(name: .shortAndLong, help: "Also write the portfolio as HTML here.") var output: String?
    @Option(help: "Points of history in the HTML trend (commits of each file).") var history: Int = 8

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name account files or folders") }
        if let output, !output.lowercased().hasSuffix(".html") { throw ValidationError("-o must end in .html") }
        if history < 1 { throw ValidationError("--history must be at least 1") }
    }

    /// The account files named, folders expanded, in a stable order.
    func files() throws -> [String] {
        var out: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                printError("\(p): error: no such file or folder")
                throw ExitCode(1)
            }
            if isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
                out += names.filter { n in [".yaml", ".yml", ".json"].contains { n.lowercased().hasSuffix($0) } && !n.hasPrefix(".") }
                    .sorted().map { (p as NSString).appendingPathComponent($0) }
            } else {
                out.append(p)
            }
        }
        return out
    }

    func analyse(_ path: String, _ day: Day) -> AccountAnalysis? {
        let r = AccountLoader.load(path: path, keepDirectory: false)
        guard let f = r.file, !r.hasErrors else { return nil }
        return try? AccountAnalysis(account: f.account, asOf: day, parameters: f.account.settings.resolved, index: f.index)
    }

    /// The score of `file` at git revision `rev`, analysed as of the commit's date.
    func score(of file: String, at rev: String) -> (score: Double?, date: String)? {
        guard let snap = try? GitHistory.snapshot(of: file, at: rev) else { return nil }
        defer { try? FileManager.default.removeItem(atPath: snap.folder) }
        guard let day = Day(iso: snap.date), let a = analyse(snap.path, day) else { return nil }
        return (a.score.value, snap.date)
    }

    func run() throws {
        let day = asOf ?? today()
        var entries: [PortfolioEntry] = []
        var failed = false
        for file in try files() {
            let loaded = AccountLoader.load(path: file, keepDirectory: false)
            report(loaded.errors)
            guard let f = loaded.file, !loaded.hasErrors else {
                printError("\(file): skipped (\(loaded.errors.count) error\(loaded.errors.count == 1 ? "" : "s"))")
                failed = true
                continue
            }
            guard let a = try? AccountAnalysis(account: f.account, asOf: day, parameters: f.account.settings.resolved, index: f.index) else { continue }
            var previous: Double? = nil
            var label: String? = nil
            if let since {
                var rev: String? = since
                if since.hasSuffix("d"), let days = Int(since.dropLast()) {
                    rev = try? GitHistory.revision(of: file, onOrBefore: day.adding(days: -days).description)
                }
                if let rev, let then = score(of: file, at: rev) {
                    previous = then.score
                    label = "\(rev) (\(then.date))"
                }
            }
            var trend: [ScorePoint] = []
            if output != nil, let revs = try? GitHistory.revisions(of: file, limit: history) {
                for r in revs.reversed() { if let s = score(of: file, at: r.revision) { trend.append(ScorePoint(date: s.date, score: s.score)) } }
            }
            trend.append(ScorePoint(date: day.description, score: a.score.value))
            entries.append(PortfolioEntry(file: file, analysis: a, gaps: a.gaps(), previousScore: previous, previousLabel: label, history: trend))
        }
        switch format {
        case .json: write(Portfolio.json(entries).json())
        case .csv: write(Portfolio.table(entries).csv())
        case .table:
            write(paint("Portfolio, as of \(day)\(since.map { " (change since \($0))" } ?? "")", "1") + "\n\n"
                  + Portfolio.table(entries).aligned(header: { paint($0, "1;4") }))
        }
        if let output {
            do { try AtomicFile.write(Array(Portfolio.html(entries, asOf: day).utf8), to: output) } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            printError("wrote \(output)")
        }
        if failed { throw ExitCode(1) }
    }
}
