import Foundation
import Testing
import StakemapCore
import StakemapFormats
import StakemapCharts
@testable import StakemapReport
#if canImport(FoundationXML)
    import FoundationXML
#endif

let reportRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let reviewDay = Day(iso: "2026-11-27") ?? Day(daysSinceEpoch: 0)

func review(_ account: Account) throws -> (AccountReview, [AccountReview.Chart]) {
    let a = try AccountAnalysis(account: account, asOf: reviewDay, parameters: account.settings.resolved)
    let r = AccountReview(analysis: a)
    return (r, try r.charts())
}

@Suite struct ReportTests {
    /// With briefs, the visit plan's one-page briefs are written beside the review, one
    /// page per meeting of the very plan the review shows, and the plan links to them.
    @Test func aReviewWithBriefsLinksThePackOfItsPlan() throws {
        let dir = NSTemporaryDirectory() + "stakemap-review-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let r = try AccountReview.open(.file("\(reportRoot)/samples/banque-exemple.yaml"), request: AnalysisRequest(asOf: reviewDay))
        let briefs = try r.write(to: dir + "/review.html", briefs: true)
        #expect(briefs == dir + "/review-briefs.html")
        let html = try String(contentsOfFile: dir + "/review.html", encoding: .utf8)
        #expect(html.contains("<a href=\"review-briefs.html\">One-page briefs for these meetings</a>"))
        let pack = try String(contentsOfFile: dir + "/review-briefs.html", encoding: .utf8)
        let plan = r.visitPlan
        #expect(pack.components(separatedBy: "<section class=\"page\">").count - 1 == plan.visits.count + 1)
        for v in plan.visits { #expect(pack.contains(AccountReview.html("\(r.analysis.name(v.colleague)) meets \(r.analysis.name(v.person))"))) }
        // Without, no briefs and no link.
        #expect(try r.write(to: dir + "/plain.html") == nil)
        #expect(!(try String(contentsOfFile: dir + "/plain.html", encoding: .utf8)).contains("briefs"))
    }

    @Test func aChartTooLargeToDrawIsNamedNotDrawn() throws {
        // A 5,000-deep chain whose bottom person holds a role: the coverage map of the
        // deciders would be the whole chain, more than a chart draws.
        let people = (0..<5_000).map { i in
            Person(id: "p\(i)", name: "Person \(i)", reportsTo: i == 0 ? nil : "p\(i - 1)", roles: i == 4_999 ? [.economicBuyer] : [])
        }
        let account = Account(
            info: AccountInfo(name: "Chain"), team: [TeamMember(id: "t", name: "Ours")], people: people,
            relationships: [Relationship(ours: "t", theirs: "p0", strength: 0.9)])
        let (r, charts) = try review(account)
        let coverage = try #require(charts.first { $0.name == "coverage" })
        #expect(coverage.svg.isEmpty)
        #expect(coverage.caption?.contains("Not drawn: this chart would hold 5000 people") == true)
        let org = try #require(charts.first { $0.name == "org" })
        #expect(!org.svg.isEmpty)
        let html = r.html(charts: charts)
        #expect(html.contains("Not drawn") && !r.markdown(charts: charts, chartPrefix: "x").contains("x-coverage.svg"))
    }

    @Test(arguments: ["banque-exemple", "mutuelle-horizon", "maison-lumiere"])
    func everySampleGivesAWellFormedSelfContainedReview(sample: String) throws {
        let loaded = AccountLoader.load(path: "\(reportRoot)/samples/\(sample).yaml")
        guard let account = loaded.file?.account else { Issue.record("sample does not load"); return }
        let (r, charts) = try review(account)
        let html = r.html(charts: charts)
        // Well-formed (parsed as XML), every section present, nothing fetched from outside.
        let doc = try XMLDocument(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        let titles = try doc.nodes(forXPath: "//*[local-name()='h2']").compactMap(\.stringValue)
        #expect(
            titles.starts(with: ["The account at a glance", "Gaps and what to do", "Key players", "How we reach the people who decide", "Executive visit plan"])
        )
        #expect(titles.suffix(2) == ["Organisation", "Coverage map"])
        for external in ["http://", "https://", "src=", "<link", "<script", "@import"] {
            let hits = html.components(separatedBy: external).count - 1
            // Graphviz's SVG names its namespaces with http:// URIs; those are identifiers, not fetches.
            let allowed = external == "http://" ? html.components(separatedBy: "xmlns").count - 1 + html.components(separatedBy: "DTD").count - 1 : 0
            #expect(hits <= allowed, "\(external) appears \(hits) times")
        }
        #expect(html.contains("@media print"))
        let md = r.markdown(charts: charts, chartPrefix: "review")
        #expect(md.contains("![Organisation](review-org.svg)"))
        #expect(md.contains("## Executive visit plan"))
    }

    /// Given the previous snapshot, the review's org chart marks the changes; the
    /// coverage map does not.
    @Test func theOrgChartOfAReviewWithAPreviousSnapshotMarksTheChanges() throws {
        let loaded = AccountLoader.load(path: "\(reportRoot)/samples/banque-exemple.yaml")
        guard let account = loaded.file?.account else { Issue.record("sample does not load"); return }
        var before = account
        before.people.removeAll { $0.id == "herve.chevalier" }
        before.people.append(Person(id: "pierre.garnier", name: "Pierre Garnier", title: "Trésorier", reportsTo: "maelle.roche"))
        let now = try AccountAnalysis(account: account, asOf: reviewDay, parameters: account.settings.resolved)
        let then = try AccountAnalysis(account: before, asOf: reviewDay, parameters: before.settings.resolved)
        let r = AccountReview(analysis: now, changes: AccountChanges(old: then, new: now), previousLabel: "before.yaml", previous: then)
        let charts = try r.charts()
        let org = try #require(charts.first { $0.name == "org" }).svg
        for text in ["Pierre Garnier", "left · no longer listed", ">NEW<", "Changes since", "before.yaml"] { #expect(org.contains(text), "\(text)") }
        let coverage = try #require(charts.first { $0.name == "coverage" }).svg
        #expect(!coverage.contains("Pierre Garnier") && !coverage.contains("Changes since"))
    }

    @Test func namesAndNotesCanNeverBecomeMarkup() throws {
        let evil = "<script>alert('x')</script> & \"Boss\" | *bold*"
        let account = Account(
            info: AccountInfo(name: "Acme <b>Corp</b> & Co", owner: "t"),
            team: [TeamMember(id: "t", name: "Théo <i>Ours</i>", level: .executive)],
            people: [
                Person(id: "p", name: evil, title: "CFO <img src=x onerror=alert(1)>", level: .executive, roles: [.economicBuyer]),
                Person(id: "q", name: "Quentin", reportsTo: "p", roles: [.user]),
            ],
            relationships: [Relationship(ours: "t", theirs: "q", strength: 0.6, lastContact: reviewDay)])
        let (r, charts) = try review(account)
        let html = r.html(charts: charts)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>Corp</b>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Boss&quot;"))
        let doc = try XMLDocument(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        let text = doc.rootElement()?.stringValue ?? ""
        #expect(text.contains(evil))  // shown as text, exactly
        let md = r.markdown(charts: charts, chartPrefix: "r")
        #expect(!md.contains("<script>"))
        #expect(md.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"Boss\" \\| \\*bold\\*"))
    }

    /// On a large account the review draws what stays legible: the top levels and the deciders.
    @Test func aLargeAccountGetsChartsThatFitAPage() throws {
        let out = OrganisationGenerator(people: 3000, seed: 11, sector: .banking, asOf: reviewDay, name: "Banque Démo").generate()
        let (r, charts) = try review(out.account)
        #expect(charts.map(\.name) == ["org", "coverage"])
        guard let depth = ChartBuilder.depth(fitting: AccountReview.chartBudget, in: r.analysis) else { Issue.record("everyone fits"); return }
        #expect(charts[0].caption?.hasPrefix("The top \(depth + 1) levels of 3000 people") == true)
        #expect(charts[1].caption == "The \(r.analysis.holders.count) people with a buying role and everyone on our best path to them.")
        // The depth chosen is the deepest that keeps the chart within budget.
        var o = ChartOptions(view: .org)
        o.depth = depth
        o.stackLeaves = false
        o.collapse = false
        let people = try ChartBuilder.diagram(r.analysis, o).nodes.filter { $0.id.hasPrefix("n") }.count
        #expect(people <= AccountReview.chartBudget)
        o.depth = depth + 1
        #expect(try ChartBuilder.diagram(r.analysis, o).nodes.filter { $0.id.hasPrefix("n") }.count > AccountReview.chartBudget)
        let html = r.html(charts: charts)
        #expect(html.contains("<figcaption"))
    }
}
