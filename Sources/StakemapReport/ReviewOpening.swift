import Foundation
import StakemapCore
import StakemapFormats

extension AccountReview {
    /// The review of the account at `source` for `request`, compared with `older` when
    /// given (analysed as of `olderAsOf`, else its commit's date, else the request's day).
    public static func open(
        _ source: AccountSource, request: AnalysisRequest, older: AccountSource? = nil,
        olderAsOf: Day? = nil
    ) throws(StakemapError) -> AccountReview {
        let current = try OpenAccount(source).analysis(request)
        guard let older else { return AccountReview(analysis: current) }
        let comparison = try Comparison(newer: current, older: older, request: request, olderAsOf: olderAsOf)
        return AccountReview(
            analysis: current, changes: comparison.changes, previousLabel: comparison.olderLabel,
            previous: comparison.older)
    }

    /// The forms a review is written in, told by the output's extension.
    public enum Output: Sendable {
        case html
        /// Markdown, with each chart as an SVG file beside it (`NAME-org.svg`, …).
        case markdown

        /// The form for a path ending in .html/.htm or .md/.markdown; nil otherwise.
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "html", "htm": self = .html
            case "md", "markdown": self = .markdown
            default: return nil
            }
        }
    }

    /// Draws the charts and writes the review to `path` (HTML, or Markdown with its
    /// charts beside it), each file atomically. With `briefs`, the visit plan's one-page
    /// briefs go beside it as `NAME-briefs.html`, and the plan links to them.
    /// - Returns: the briefs' path, when written.
    /// - Throws: `StakemapError` when a chart cannot be drawn or a file written.
    @discardableResult
    public func write(to path: String, briefs: Bool = false) throws(StakemapError) -> String? {
        let form = Output(path: path) ?? .html
        var review = self
        var written: String? = nil
        if briefs {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension + "-briefs.html"
            let folder = (path as NSString).deletingLastPathComponent
            let pack: VisitPack
            do { pack = try VisitPack(plan: visitPlan, of: analysis) } catch { throw StakemapError(file: path, error.message) }
            let target = folder.isEmpty ? name : folder + "/" + name
            try pack.write(to: target)
            review.briefsFile = name
            written = target
        }
        try review.writeReview(to: path, form: form)
        return written
    }

    private func writeReview(to path: String, form: Output) throws(StakemapError) {
        let drawn: [Chart]
        do { drawn = try charts() } catch { throw StakemapError(file: path, "\(error)") }
        switch form {
        case .html:
            try AtomicFile.write(text: html(charts: drawn), to: path)
        case .markdown:
            let prefix = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let folder = (path as NSString).deletingLastPathComponent
            for c in drawn where !c.svg.isEmpty {
                try AtomicFile.write(text: c.svg, to: (folder.isEmpty ? "" : folder + "/") + "\(prefix)-\(c.name).svg")
            }
            try AtomicFile.write(text: markdown(charts: drawn, chartPrefix: prefix), to: path)
        }
    }
}
