import Foundation
import StakemapCore
import StakemapFormats

extension Portfolio {
    /// The account files that `paths` name: files as given, folders expanded to the
    /// `.yaml`, `.yml` and `.json` files in them (not hidden ones), in name order.
    /// - Throws: `StakemapError` for a path that names nothing.
    public static func files(_ paths: [String]) throws(StakemapError) -> [String] {
        var out: [String] = []
        for p in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory) else {
                throw StakemapError(file: p, "no such file or folder")
            }
            guard isDirectory.boolValue else {
                out.append(p)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
            out += names.filter { n in !n.hasPrefix(".") && [".yaml", ".yml", ".json"].contains { n.lowercased().hasSuffix($0) } }
                .sorted().map { (p as NSString).appendingPathComponent($0) }
        }
        return out
    }

    /// What opening a portfolio gave: an entry per account that opened, and the
    /// problems of those that did not (skipped).
    public struct Opening: Sendable {
        public var entries: [PortfolioEntry] = []
        /// The accounts that did not open, each with why.
        public var skipped: [Skipped] = []
    }

    /// An account left out of the portfolio.
    public struct Skipped: Sendable {
        public let file: String
        public let error: StakemapError
    }

    /// Opens every account of `files` for `request`. With `since` (a number of days such
    /// as `90d`, or a git revision) each entry carries its score then; with `history`, its
    /// score over that many commits of its git history, then today's.
    public static func open(_ files: [String], request: AnalysisRequest, since: String? = nil, history: Int? = nil) -> Opening {
        var opening = Opening()
        for file in files {
            let analysis: AccountAnalysis
            do { analysis = try OpenAccount.analysis(of: .file(file), request) } catch {
                opening.skipped.append(Skipped(file: file, error: error))
                continue
            }
            var previous: ScorePoint?
            var label: String?
            if let since, let revision = ScoreHistory.revision(of: file, since: since, asOf: request.asOf),
                let then = ScoreHistory.score(of: file, at: revision, overrides: request.overrides)
            {
                previous = then
                label = "\(revision) (\(then.date))"
            }
            var trend = history.map { ScoreHistory.trend(of: file, limit: $0, overrides: request.overrides) } ?? []
            trend.append(ScorePoint(date: request.asOf.description, score: analysis.score.value))
            opening.entries.append(
                PortfolioEntry(
                    file: file, analysis: analysis, gaps: analysis.gaps(), previousScore: previous?.score,
                    previousLabel: label, history: trend))
        }
        return opening
    }
}
