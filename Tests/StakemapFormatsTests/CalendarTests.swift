import Foundation
import Testing
import StakemapCore
@testable import StakemapFormats

private let family = "👩‍👩‍👧‍👦"  // one grapheme cluster of 25 octets

/// The physical lines of iCalendar text, checked: CRLF ends only, at most 75 octets each,
/// each valid UTF-8 on its own (no character cut between two lines).
private func physicalLines(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    let bytes = Array(text.utf8)
    #expect(bytes.suffix(2) == [13, 10], "ends in CRLF", sourceLocation: sourceLocation)
    var lines: [[UInt8]] = [[]]
    var i = 0
    while i < bytes.count {
        if bytes[i] == 13 {
            #expect(i + 1 < bytes.count && bytes[i + 1] == 10, "CR without LF at \(i)", sourceLocation: sourceLocation)
            lines.append([])
            i += 2
            continue
        }
        #expect(bytes[i] != 10, "LF without CR at \(i)", sourceLocation: sourceLocation)
        lines[lines.count - 1].append(bytes[i])
        i += 1
    }
    lines.removeLast()
    return lines.map { line in
        #expect(line.count <= 75, "\(line.count) octets", sourceLocation: sourceLocation)
        let text = String(validating: line, as: UTF8.self)
        #expect(text != nil, "a line is not valid UTF-8 on its own", sourceLocation: sourceLocation)
        return text ?? ""
    }
}

/// An account whose names, titles, sites and notes hold every character that needs care.
private func hostileAccount() -> Account {
    Account(
        info: AccountInfo(name: "Banque \"Ex\" <&> ; Test, SA"),
        team: [TeamMember(id: "o.brien", name: "Seán O'Brien <b>&amp;</b>", level: .executive, capacity: 3)],
        people: [
            Person(
                id: "z.dupont", name: "Zoé \"Zaza\"\nDupont 👩‍💻", title: "Head, IT; R&D \\ ops", unit: "DSI",
                site: "Paris; La Défense, Tour \"A\"", level: .executive, roles: [.economicBuyer], stance: .enemy,
                power: .innerCircle, criteria: [.price], notes: "Line one\r\nLine two 🎉 <script>alert(1)</script>\n\(family) & co."),
            Person(id: "m.roy", name: "Marc Roy", title: "Achats", level: .director, reportsTo: "z.dupont", roles: [.procurement]),
        ])
}

@Suite struct CalendarTests {
    @Test func textIsEscapedPerRFC5545() {
        #expect(ICalendar.escaped("a\\b;c,d\ne\r\nf\rg\"<&>:\t\u{7}x") == "a\\\\b\\;c\\,d\\ne\\nf\\ng\"<&>:\t x")
        #expect(ICalendar.unescaped("a\\\\b\\;c\\,d\\ne\\Nf") == "a\\b;c,d\ne\nf")
        #expect(ICalendar.contentLine("DTSTART", "20261130T093000") == "DTSTART:20261130T093000\r\n")
    }

    /// Whatever the position of a long character against the 75th octet, lines stay within
    /// the limit, no character is cut, and unfolding gives back the line.
    @Test func foldingKeepsCharactersWhole() {
        for shift in 0..<80 {
            let text = String(repeating: "a", count: shift) + " é, \(family); \\ 👍🏽\n" + String(repeating: "€\(family)", count: 6)
            let line = ICalendar.textLine("DESCRIPTION", text)
            let physical = physicalLines(line)
            #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
            #expect(physical.map { $0.components(separatedBy: family).count - 1 }.reduce(0, +) == 7, "shift \(shift): an emoji was cut")
            #expect(physical.allSatisfy { !$0.hasSuffix("\\") || $0.hasSuffix("\\\\") }, "an escape sequence was cut")
            let logical = ICalendar.unfolded(line)
            #expect(logical.count == 1)
            #expect(logical.first.map { ICalendar.unescaped(String($0.dropFirst("DESCRIPTION:".count))) } == text)
        }
        // A grapheme cluster longer than a line is cut between scalars, still valid UTF-8.
        let zalgo = "e" + String(repeating: "\u{301}", count: 100)
        let line = ICalendar.textLine("SUMMARY", zalgo)
        #expect(physicalLines(line).count == 3)
        #expect(ICalendar.unfolded(line) == ["SUMMARY:" + zalgo])
    }

    @Test func namesAndNotesComeOutAsText() throws {
        let account = hostileAccount()
        let a = try AccountAnalysis(account: account, asOf: Day(iso: "2026-11-27") ?? Day(daysSinceEpoch: 0), parameters: AnalysisParameters())
        let plan = a.planVisits(count: 5, colleagues: a.graph.team)
        #expect(plan.visits.count == 2)
        let week = WorkWeek(containing: Day(iso: "2026-12-02") ?? Day(daysSinceEpoch: 0))
        let schedule = a.schedule(plan, in: week)
        let text = VisitCalendar.text(a, plan, schedule)
        #expect(text == VisitCalendar.text(a, plan, a.schedule(plan, in: week)))  // same input, same bytes
        _ = physicalLines(text)
        let lines = ICalendar.unfolded(text)
        func values(_ name: String) -> [String] {
            lines.filter { $0.hasPrefix(name + ":") }.map { ICalendar.unescaped(String($0.dropFirst(name.count + 1))) }
        }
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 2)
        #expect(!lines.contains { $0.hasPrefix("METHOD") })
        #expect(values("SUMMARY").contains("Seán O'Brien <b>&amp;</b> meets Zoé \"Zaza\"\nDupont 👩‍💻 (Head, IT; R&D \\ ops)"))
        #expect(values("LOCATION") == ["Paris; La Défense, Tour \"A\""])
        #expect(lines.contains("LOCATION:Paris\\; La Défense\\, Tour \"A\""))
        let description = values("DESCRIPTION").first { $0.contains("Zaza") } ?? ""
        #expect(description.contains("Notes: Line one\nLine two 🎉 <script>alert(1)</script>\n\(family) & co."))
        #expect(description.hasPrefix("Why this meeting: +"))
        // The brief's words: its talking points and its way in.
        #expect(description.contains("What to talk about: They sign: talk about outcomes, cost and risk, not features. They work against us:"))
        #expect(description.contains("Cost weighs with them:"))
        #expect(description.contains("The way in: Nobody of ours reaches"))
        #expect(values("DTSTAMP") == ["20261127T000000Z", "20261127T000000Z"])
        #expect(values("DTSTART").allSatisfy { v in week.days.contains { v.hasPrefix(VisitCalendar.dateText($0) + "T") } && !v.hasSuffix("Z") })
        #expect(values("STATUS") == ["TENTATIVE", "TENTATIVE"])
    }

    @Test func uidsAreStableAndNameNobody() {
        let w = WorkWeek(containing: Day(iso: "2026-12-02") ?? Day(daysSinceEpoch: 0))
        let uid = VisitCalendar.uid(account: "Banque Exemple", ours: "our.ceo", theirs: "noemie.dubois", week: w)
        #expect(uid == VisitCalendar.uid(account: "Banque Exemple", ours: "our.ceo", theirs: "noemie.dubois", week: WorkWeek(containing: w.monday)))
        #expect(uid.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil, "\(uid)")
        let others = [
            VisitCalendar.uid(account: "Banque Exemple", ours: "our.am", theirs: "noemie.dubois", week: w),
            VisitCalendar.uid(account: "Banque Exemple", ours: "our.ceo", theirs: "nicolas.meunier", week: w),
            VisitCalendar.uid(account: "Banque Exemple", ours: "our.ceo", theirs: "noemie.dubois", week: WorkWeek(containing: w.monday.adding(days: 7))),
            VisitCalendar.uid(account: "Mutuelle", ours: "our.ceo", theirs: "noemie.dubois", week: w),
        ]
        #expect(Set(others + [uid]).count == 5)
    }
}
