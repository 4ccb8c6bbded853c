import Foundation
import StakemapCore
import StakemapFormats

/// One account in the portfolio view.
public struct PortfolioEntry: Sendable {
    public let file: String
    public let analysis: AccountAnalysis
    public let gaps: [Gap]
    /// The score at the comparison point (`--since`), when there is one.
    public let previousScore: Double?
    public let previousLabel: String?
    /// Score over time, oldest first, from the file's git history.
    public let history: [ScorePoint]

    public init(
        file: String, analysis: AccountAnalysis, gaps: [Gap], previousScore: Double?, previousLabel: String?,
        history: [ScorePoint]
    ) {
        self.file = file
        self.analysis = analysis
        self.gaps = gaps
        self.previousScore = previousScore
        self.previousLabel = previousLabel
        self.history = history
    }

    public var high: Int { gaps.filter { $0.severity == .high }.count }
    public var medium: Int { gaps.filter { $0.severity == .medium }.count }
    public var low: Int { gaps.filter { $0.severity == .low }.count }
    public var stale: Int { gaps.filter { $0.kind == .stale }.count }

    /// Days to the referencing renewal, if dated.
    public var renewalIn: Int? { analysis.account.info.referencing?.renewal.map { $0.days(since: analysis.asOf) } }

    /// How urgently the account needs attention: 100 − score (no score counts as 0),
    /// plus 10 per high-severity gap, plus 20 when the referencing renewal is within 90
    /// days (or overdue). Higher first.
    public var risk: Double {
        var r = 100 - (analysis.score.value ?? 0) + 10 * Double(high)
        if let d = renewalIn, d <= 90 { r += 20 }
        return r
    }
}

public enum Portfolio {
    /// Entries sorted by risk, highest first, then by name.
    public static func sorted(_ entries: [PortfolioEntry]) -> [PortfolioEntry] {
        entries.sorted { a, b in
            if a.risk != b.risk { return a.risk > b.risk }
            return a.analysis.account.info.name.utf8.lexicographicallyPrecedes(b.analysis.account.info.name.utf8)
        }
    }

    static func fixed(_ d: Double?, _ p: Int = 0) -> String { d.map { String(format: "%.\(p)f", $0) } ?? "—" }

    static func change(_ e: PortfolioEntry) -> String {
        guard let now = e.analysis.score.value, let then = e.previousScore else { return "—" }
        let d = now - then
        return (d >= 0 ? "+" : "−") + String(format: "%.1f", abs(d))
    }

    public static func table(_ entries: [PortfolioEntry]) -> ResultTable {
        var t = ResultTable(headers: ["account", "score", "change", "high", "medium", "low", "stale", "referencing", "renewal", "owner", "file"])
        for e in sorted(entries) {
            let info = e.analysis.account.info
            let owner = info.owner.flatMap { id in e.analysis.account.team.first { $0.id == id }?.name } ?? info.owner ?? ""
            t.rows.append([
                info.name, fixed(e.analysis.score.value, 1), change(e), String(e.high), String(e.medium), String(e.low), String(e.stale),
                info.referencing?.status.rawValue ?? "", info.referencing?.renewal?.description ?? "", owner, e.file,
            ])
        }
        return t
    }

    public static func json(_ entries: [PortfolioEntry]) -> ResultValue {
        .object([
            "accounts": .array(
                sorted(entries).map { e in
                    let info = e.analysis.account.info
                    return .object([
                        "file": .string(e.file), "account": .string(info.name), "score": .number(e.analysis.score.value),
                        "previous_score": .number(e.previousScore), "previous": .string(e.previousLabel), "risk": .number(e.risk),
                        "gaps": .object(["high": .int(e.high), "medium": .int(e.medium), "low": .int(e.low)]),
                        "stale_relationships": .int(e.stale), "referencing": .string(info.referencing?.status.rawValue),
                        "renewal": .string(info.referencing?.renewal?.description), "owner": .string(info.owner),
                        "as_of": .string(e.analysis.asOf.description),
                        "history": .array(e.history.map { .object(["date": .string($0.date), "score": .number($0.score)]) }),
                    ])
                })
        ])
    }

    /// A small inline SVG of the score over time (0–100 scale), or an empty string.
    public static func sparkline(_ history: [ScorePoint]) -> String {
        let points = history.compactMap { h in h.score.map { (h.date, $0) } }
        guard !points.isEmpty else { return "" }
        let w = 120.0, h = 28.0
        let step = points.count > 1 ? w / Double(points.count - 1) : 0
        let coords = points.enumerated().map { i, p in String(format: "%.1f,%.1f", Double(i) * step, h - p.1 / 100 * h) }
        let title = points.map { "\($0.0): \(fixed($0.1))" }.joined(separator: ", ")
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w) + 4)\" height=\"\(Int(h) + 4)\" viewBox=\"-2 -2 \(Int(w) + 4) \(Int(h) + 4)\" role=\"img\"><title>\(AccountReview.html(title))</title>"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(w))\" height=\"\(Int(h))\" fill=\"#f4f6f8\"/>"
        if points.count > 1 { svg += "<polyline fill=\"none\" stroke=\"#2166ac\" stroke-width=\"1.5\" points=\"\(coords.joined(separator: " "))\"/>" }
        for c in coords {
            let xy = c.split(separator: ",")
            svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2\" fill=\"#2166ac\"/>"
        }
        return svg + "</svg>"
    }

    /// The portfolio as one self-contained HTML page.
    public static func html(_ entries: [PortfolioEntry], asOf: Day) -> String {
        let h = AccountReview.html
        var out =
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Portfolio</title>\n<style>\n\(AccountReview.style)\ntd.num { text-align: right; }\n</style>\n</head>\n<body>\n"
        out +=
            "<h1>Key-account portfolio</h1>\n<p class=\"muted\">As of \(asOf) · riskiest first (low score, high-severity gaps, renewal within 90 days) · made with Stakemap</p>\n"
        out +=
            "<table>\n<thead><tr><th>Account</th><th>Score</th><th>Change</th><th>Trend</th><th>High</th><th>Medium</th><th>Low</th><th>Stale</th><th>Referencing</th><th>Renewal</th><th>Owner</th></tr></thead>\n<tbody>\n"
        for e in sorted(entries) {
            let info = e.analysis.account.info
            let owner = info.owner.flatMap { id in e.analysis.account.team.first { $0.id == id }?.name } ?? info.owner ?? ""
            out +=
                "<tr><td>\(h(info.name))</td><td class=\"num\">\(fixed(e.analysis.score.value))</td><td class=\"num\">\(h(change(e)))</td><td>\(sparkline(e.history))</td>"
            out += "<td class=\"num\">\(e.high)</td><td class=\"num\">\(e.medium)</td><td class=\"num\">\(e.low)</td><td class=\"num\">\(e.stale)</td>"
            out +=
                "<td>\(h(info.referencing?.status.rawValue ?? ""))</td><td>\(h(info.referencing?.renewal?.description ?? ""))</td><td>\(h(owner))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</body>\n</html>\n"
    }
}
