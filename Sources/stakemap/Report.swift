import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats
import StakemapReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The account review for a meeting: HTML (self-contained, prints on A4) or Markdown.",
        discussion: "Sections: the account at a glance and its score in words, what changed (with --previous or --since), gaps and actions, key players, paths to the deciders, the executive visit plan, the org chart and the coverage map. Markdown writes the charts beside the file as SVG.")

    @Argument(help: "The account file.") var file: String
    @Option(name: .shortAndLong, help: "review.html or review.md") var output: String
    @Option(help: "Compare with this older account file.") var previous: String?
    @Option(help: "Compare with the file at this git revision.") var since: String?
    @Option(help: "The day of the review (YYYY-MM-DD; default today).") var asOf: Day?
    @Option(help: "The day the previous snapshot is analysed as of (default: its commit date, or --as-of).") var previousAsOf: Day?
    @Option(help: "Review one opportunity: its buying centre, its gaps and the paths to its deciders.") var opportunity: String?

    func validate() throws {
        let ext = (output as NSString).pathExtension.lowercased()
        if !["html", "htm", "md", "markdown"].contains(ext) { throw ValidationError("-o must end in .html or .md") }
        if previous != nil && since != nil { throw ValidationError("--previous and --since both name the older snapshot: give one") }
    }

    /// Analyses `path` in the review's scope. An older snapshot that predates the
    /// opportunity is analysed with an empty buying centre: no score, every role missing.
    func analyse(_ path: String, _ day: Day, older: Bool = false) throws -> AccountAnalysis {
        try analyseOrExit(path, asOf: day, scope: scopeOption(opportunity)) { account in
            if older, let opportunity, !account.opportunities.contains(where: { $0.id == opportunity }) {
                account.opportunities.append(Opportunity(id: opportunity, name: opportunity))
            }
        }
    }

    func run() throws {
        let day = asOf ?? today()
        let current = try analyse(file, day)
        var review = AccountReview(analysis: current)
        if let snapshot = try previousSnapshotOrExit(of: file, previous: previous, since: since) {
            defer { snapshot.remove() }
            let older = try analyse(snapshot.path, previousAsOf ?? snapshot.day ?? day, older: true)
            review = AccountReview(analysis: current, changes: AccountChanges(old: older, new: current), previousLabel: snapshot.label,
                                   previous: older)
        }
        let charts: [AccountReview.Chart]
        do { charts = try review.charts() } catch {
            printError("\(output): error: \(error)")
            throw ExitCode(1)
        }
        let ext = (output as NSString).pathExtension.lowercased()
        do {
            if ext == "md" || ext == "markdown" {
                let prefix = ((output as NSString).lastPathComponent as NSString).deletingPathExtension
                let folder = (output as NSString).deletingLastPathComponent
                for c in charts where !c.svg.isEmpty {
                    let path = (folder.isEmpty ? "" : folder + "/") + "\(prefix)-\(c.name).svg"
                    try AtomicFile.write(Array(c.svg.utf8), to: path)
                }
                try AtomicFile.write(Array(review.markdown(charts: charts, chartPrefix: prefix).utf8), to: output)
            } else {
                try AtomicFile.write(Array(review.html(charts: charts).utf8), to: output)
            }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        print("wrote \(output)")
    }
}
