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
    @OptionGroup var overrides: RunOverrides

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name account files or folders") }
        if let output, !output.lowercased().hasSuffix(".html") { throw ValidationError("-o must end in .html") }
        if history < 1 { throw ValidationError("--history must be at least 1") }
    }

    func run() throws {
        let day = asOf ?? today()
        let files = try orExit { try Portfolio.files(paths) }
        let request = AnalysisRequest(asOf: day, overrides: overrides.settings)
        let opening = Portfolio.open(files, request: request, since: since, history: output == nil ? nil : history)
        for skipped in opening.skipped {
            report(skipped.error.diagnostics)
            let n = skipped.error.diagnostics.count
            printError("\(skipped.file): skipped (\(n) error\(n == 1 ? "" : "s"))")
        }
        let entries = opening.entries
        switch format {
        case .json: write(Portfolio.json(entries).json())
        case .csv: write(Portfolio.table(entries).csv())
        case .table:
            write(
                paint("Portfolio, as of \(day)\(since.map { " (change since \($0))" } ?? "")", "1") + "\n\n"
                    + Portfolio.table(entries).aligned(header: { paint($0, "1;4") }))
        }
        if let output {
            try orExit { try AtomicFile.write(text: Portfolio.html(entries, asOf: day), to: output) }
            printError("wrote \(output)")
        }
        if !opening.skipped.isEmpty { throw ExitCode(1) }
    }
}
