import Testing
@testable import StakemapCore

@Suite struct DayTests {
    @Test func parsesRealDaysOnly() {
        #expect(Day(iso: "2026-03-31") == Day(year: 2026, month: 3, day: 31))
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2026-02-30") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "2026-1-01") == nil)
        #expect(Day(iso: "26-01-01") == nil)
        #expect(Day.looksLikeISODate("2026-02-30"))
        #expect(!Day.looksLikeISODate("31/03/2026"))
    }

    @Test func countsDaysFromTheEpoch() {
        #expect(Day(iso: "1970-01-01")!.daysSinceEpoch == 0)
        #expect(Day(iso: "2000-03-01")!.daysSinceEpoch == 11017)
        #expect(Day(iso: "1969-12-31")!.daysSinceEpoch == -1)
        for z in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(Day(daysSinceEpoch: z).daysSinceEpoch == z)
        }
        #expect(Day(iso: "2026-11-27")!.days(since: Day(iso: "2026-01-01")!) == 330)
        #expect(Day(iso: "2024-02-28")!.adding(days: 1).description == "2024-02-29")
    }
}

@Suite struct SuggesterTests {
    @Test func suggestsTheNearestId() {
        let s = Suggester(["h.dubois", "c.morel", "f.lefevre"])
        #expect(s.suggestion(for: "h.dubios") == "h.dubois")
        #expect(s.suggestion(for: "c.morell") == "c.morel")
        #expect(s.suggestion(for: "zzzzzz") == nil)
        #expect(s.hint(for: "f.lefevr") == " — did you mean 'f.lefevre'?")
    }
}
