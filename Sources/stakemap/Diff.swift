import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What changed between two snapshots: people, reporting lines, roles, relationships, score and gaps.",
        discussion: """
            stakemap diff OLD NEW compares two files; stakemap diff FILE --since REV compares FILE with itself \
            at a git revision (a hash, a tag, HEAD~3, main@{2026-09-01}). The older snapshot is analysed as of \
            --old-as-of (default: the revision's commit date, or --as-of), the newer as of --as-of (default today).
            """)

    @Argument(help: "The older file (or, with --since, the file).") var old: String
    @Argument(help: "The newer file.") var new: String?
    @Option(help: "Compare FILE with itself at this git revision.") var since: String?
    @Option(help: "The day the older snapshot is analysed as of (YYYY-MM-DD).") var oldAsOf: Day?
    @Option(help: "The day the newer snapshot is analysed as of (YYYY-MM-DD; default today).") var asOf: Day?
    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).") var format: OutputFormat = .table
    @OptionGroup var scope: ScopeOption
    @OptionGroup var overrides: RunOverrides

    func validate() throws {
        if new == nil && since == nil { throw ValidationError("name two files, or one file and --since REV") }
        if new != nil && since != nil { throw ValidationError("--since compares one file with its history; name one file only") }
    }

    func run() throws {
        // Two files, or FILE and itself at --since.
        let newPath = since == nil ? (new ?? old) : old
        let older: AccountSource = since.map { .revision(file: old, revision: $0) } ?? .file(old)
        let request = AnalysisRequest(asOf: asOf ?? today(), overrides: overrides.settings, scope: scope.scope)
        let comparison = try orExit { try Comparison(newer: .file(newPath), older: older, request: request, olderAsOf: oldAsOf) }
        let (before, after, changes, oldLabel) = (comparison.older, comparison.newer, comparison.changes, comparison.olderLabel)
        let result = AnalysisOutput.changes(changes, old: before, new: after, oldLabel: oldLabel, newLabel: newPath)
        switch format {
        case .json: write(result.json.json())
        case .csv: write(result.table.csv())
        case .table:
            var out = paint("Changes — \(after.account.info.name): \(oldLabel) → \(newPath)", "1") + "\n\n"
            out += result.table.rows.isEmpty ? "(no change in people, roles or relationships)\n" : result.table.aligned(header: { paint($0, "1;4") })
            out += "\nScore: \(AnalysisOutput.scoreText(changes.scoreBefore)) → \(AnalysisOutput.scoreText(changes.scoreAfter))\n"
            let counts = { (gaps: [Gap]) in GapSeverity.allCases.map { s in "\(gaps.filter { $0.severity == s }.count) \(s.rawValue)" }.joined(separator: ", ")
            }
            out += "Gaps: \(counts(changes.gapsBefore)) → \(counts(changes.gapsAfter))\n"
            for g in changes.newGaps where g.severity == .high { out += "  new: " + paint(g.reason, "31") + "\n" }
            for g in changes.resolvedGaps where g.severity == .high { out += "  resolved: " + g.reason + "\n" }
            write(out)
        }
    }
}
