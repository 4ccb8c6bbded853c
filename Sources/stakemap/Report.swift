import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats
import StakemapReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The account review for a meeting: HTML (self-contained, prints on A4) or Markdown.",
        discussion:
            "Sections: the account at a glance and its score in words, what changed (with --previous or --since), gaps and actions, key players, paths to the deciders, the executive visit plan, the org chart and the coverage map. Markdown writes the charts beside the file as SVG."
    )

    @Argument(help: "The account file.") var file: String
    @Option(name: .shortAndLong, help: "review.html or review.md") var output: String
    @Option(help: "Compare with this older account file.") var previous: String?
    @Option(help: "Compare with the file at this git revision.") var since: String?
    @Option(help: "The day of the review (YYYY-MM-DD; default today).") var asOf: Day?
    @Option(help: "The day the previous snapshot is analysed as of (default: its commit date, or --as-of).") var previousAsOf: Day?
    @OptionGroup var scope: ScopeOption
    @Flag(help: "Also write the visit plan's one-page briefs beside the review (NAME-briefs.html), linked from the plan.")
    var withBriefs = false
    @OptionGroup var overrides: RunOverrides

    func validate() throws {
        if AccountReview.Output(path: output) == nil { throw ValidationError("-o must end in .html or .md") }
        if previous != nil && since != nil { throw ValidationError("--previous and --since both name the older snapshot: give one") }
    }

    func run() throws {
        let request = AnalysisRequest(asOf: asOf ?? today(), overrides: overrides.settings, scope: scope.scope)
        let older = AccountSource.older(than: file, previous: previous, since: since)
        let review = try orExit { try AccountReview.open(.file(file), request: request, older: older, olderAsOf: previousAsOf) }
        let briefs = try orExit { try review.write(to: output, briefs: withBriefs) }
        print("wrote \(output)" + (briefs.map { " and \($0)" } ?? ""))
    }
}
