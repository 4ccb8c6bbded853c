import Foundation
import StakemapCore

/// An account's score at one point of its git history.
public struct ScorePoint: Sendable, Hashable {
    /// The commit's date (or the as-of day of the current file), YYYY-MM-DD.
    public let date: String
    /// nil when nobody held a role then.
    public let score: Double?

    public init(date: String, score: Double?) {
        self.date = date
        self.score = score
    }
}

/// Scores of an account file over its git history, each revision analysed as of its
/// commit's date with the file's settings of then and the run's overrides.
public enum ScoreHistory {
    /// The revision a comparison point names: `90d` is the last commit that changed
    /// `file` on or before 90 days before `day`; anything else is a git revision as given.
    /// nil when git has no such commit.
    public static func revision(of file: String, since: String, asOf day: Day) -> String? {
        if since.hasSuffix("d"), let days = Int(since.dropLast()), days >= 0 {
            return try? GitHistory.revision(of: file, onOrBefore: day.adding(days: -days).description)
        }
        return since
    }

    /// The score of `file` at `revision`; nil when git lacks it or it does not load then.
    public static func score(of file: String, at revision: String, overrides: Settings = Settings()) -> ScorePoint? {
        guard let opened = try? OpenAccount(.revision(file: file, revision: revision)), let day = opened.committed,
            let analysis = try? opened.analysis(AnalysisRequest(asOf: day, overrides: overrides))
        else { return nil }
        return ScorePoint(date: day.description, score: analysis.score.value)
    }

    /// The scores of the last `limit` commits that changed `file`, oldest first (empty
    /// outside git).
    public static func trend(of file: String, limit: Int, overrides: Settings = Settings()) -> [ScorePoint] {
        let revisions = (try? GitHistory.revisions(of: file, limit: limit)) ?? []
        return revisions.reversed().compactMap { score(of: file, at: $0.revision, overrides: overrides) }
    }
}
