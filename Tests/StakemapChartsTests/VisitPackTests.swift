import Foundation
import StakemapCharts
import StakemapCore
import StakemapFormats
import StakemapReport
import Testing

@Suite struct VisitPackTests {
    static let day = Day(iso: "2026-11-01")!

    static func samples() -> [String] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/samples"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir + "/" + $0 }
    }

    /// Every sample's pack: a cover, then one page per meeting naming both people and
    /// holding every section, each word inside the page and clear of the strip.
    @Test(arguments: samples())
    func onePagePerMeetingWithEverySection(_ path: String) throws {
        let a = try OpenAccount.analysis(of: .file(path), AnalysisRequest(asOf: Self.day))
        let plan = a.planVisits(count: 5, colleagues: try a.visitingColleagues([]))
        #expect(!plan.visits.isEmpty)
        let pack = try VisitPack(plan: plan, of: a)
        let out = NSTemporaryDirectory() + "stakemap-pack-\(UUID().uuidString).pdf"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let count = try pack.write(to: out)
        let pages = try pdfPages(Array(try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(count == plan.visits.count + 1)
        #expect(pages.count == plan.visits.count + 1)
        #expect(pages.first?.text.contains("Executive visit plan") == true)
        for (k, visit) in plan.visits.enumerated() {
            let page = pages[k + 1]
            let text = page.text
            for needed in [
                "\(a.name(visit.colleague)) meets \(a.name(visit.person))", "Meeting \(k + 1) of \(plan.visits.count)",
                "Why this meeting", "What to talk about", "Our history with", "The way in", "Power rank", "Stance",
                "page \(k + 2) of \(pages.count)", "Confidential",
            ] {
                #expect(text.contains(needed), "page \(k + 2) of \(path): \(needed)")
            }
            // Inside the paper, and the body above the strip's rule.
            let stripTop = page.height - 36 - 22
            for w in page.words {
                #expect(w.minX >= 30 && w.maxX <= page.width - 30 && w.minY >= 30 && w.maxY <= page.height - 30, "\(w.text)")
            }
            let body = page.words.filter { $0.maxY < stripTop }
            #expect(!body.isEmpty)
            #expect(body.allSatisfy { $0.maxY <= stripTop - 1 })
        }
    }

    static let awkward = """
        stakemap: 1
        account: { name: "R&D <Labs>", owner: ours }
        team:
          - { id: ours, name: "Zoë \\"Z\\" O'Brien", level: executive }
        people:
          - { id: boss, name: "Ana <b>Bold</b> & Co 🚀", title: "CEO\\nand founder", level: executive, roles: [economic-buyer], stance: neutral, criteria: [price], notes: "Line one <script>alert(1)</script>\\nLine two & more — \\"quoted\\" 😀 \(String(repeating: "long note ", count: 80))" }
          - { id: aide, name: Aide, reports_to: boss, level: director }
        relationships:
          - { ours: ours, theirs: aide, level: trusted-advisor, last_contact: 2026-10-01 }
        interactions:
          - { date: 2026-10-01, ours: ours, theirs: boss, kind: call, note: "Said <no> & \\"maybe\\"" }

        """

    /// Names and notes with markup, quotes, newlines and emoji are text in both forms,
    /// and a long note is cut saying how much.
    @Test func awkwardNamesAreText() throws {
        let dir = NSTemporaryDirectory() + "stakemap-pack-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.awkward.write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let a = try OpenAccount.analysis(of: .file(dir + "/a.yaml"), AnalysisRequest(asOf: Self.day))
        let boss = try a.node(named: "boss"), ours = try a.node(named: "ours")
        let brief = try VisitPack(brief: boss, colleague: ours, of: a)
        try brief.write(to: dir + "/b.html")
        try brief.write(to: dir + "/b.pdf")
        let html = try String(contentsOfFile: dir + "/b.html", encoding: .utf8)
        #expect(!html.contains("<script>") && !html.contains("<b>Bold"))
        #expect(html.contains("Ana &lt;b&gt;Bold&lt;/b&gt; &amp; Co 🚀"))
        #expect(html.contains("Zoë &quot;Z&quot; O&#39;Brien meets") || html.contains("Zoë &quot;Z&quot; O&apos;Brien meets"))
        #expect(html.contains("more characters in the account file"))
        let pages = try pdfPages(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/b.pdf"))))
        #expect(pages.count == 1)
        let text = pages[0].text
        #expect(text.contains("Ana <b>Bold</b> & Co"))
        #expect(text.contains("Said <no> & \"maybe\""))
        #expect(text.contains("more characters in the account file"))
        #expect(text.contains("🚀"))
    }

    @Test func anonymizedPackNamesNobody() throws {
        let path = Self.samples().first { $0.hasSuffix("banque-exemple.yaml") }!
        let a = try OpenAccount.analysis(of: .file(path), AnalysisRequest(asOf: Self.day))
        let plan = a.planVisits(count: 5, colleagues: try a.visitingColleagues([]))
        let pack = try VisitPack(plan: plan, of: a, anonymize: true)
        let out = NSTemporaryDirectory() + "stakemap-pack-\(UUID().uuidString).html"
        defer { try? FileManager.default.removeItem(atPath: out) }
        try pack.write(to: out)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        for p in a.account.people where p.name.count > 4 { #expect(!html.contains(p.name), "\(p.name)") }
        for m in a.account.team { #expect(!html.contains(m.name), "\(m.name)") }
        #expect(html.contains("replaced by pseudonyms"))
        #expect(html.components(separatedBy: "<section class=\"page\">").count - 1 == plan.visits.count + 1)
    }
}
