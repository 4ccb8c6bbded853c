import Testing
@testable import StakemapCore

private func d(_ s: String) -> Day { Day(iso: s) ?? Day(daysSinceEpoch: 0) }
private let week = WorkWeek(containing: d("2026-12-02"))

private func request(_ colleague: Int, _ site: String?, capacity: Int? = nil) -> MeetingRequest {
    MeetingRequest(colleague: colleague, site: site, capacity: capacity)
}

/// The placement of each request, by request position.
private func placements(_ s: VisitSchedule) -> [Int: ScheduledMeeting] {
    Dictionary(uniqueKeysWithValues: s.meetings.map { ($0.meeting, $0) })
}

/// The rules every schedule keeps, whatever the requests.
private func checkRules(_ s: VisitSchedule, _ requests: [MeetingRequest], sourceLocation: SourceLocation = #_sourceLocation) {
    // Every request is placed or reported, once.
    let seen = (s.meetings.map(\.meeting) + s.unplaced.map(\.meeting)).sorted()
    #expect(seen == Array(requests.indices), sourceLocation: sourceLocation)
    for m in s.meetings {
        #expect(week.days.contains(m.day), sourceLocation: sourceLocation)
        #expect(MeetingSlot.standard.contains(m.slot), sourceLocation: sourceLocation)
        #expect(m.colleague == requests[m.meeting].colleague, sourceLocation: sourceLocation)
    }
    // Capacity, and no two meetings of one colleague at once.
    for c in Set(requests.map(\.colleague)) {
        let mine = s.meetings.filter { $0.colleague == c }
        if let cap = requests.first(where: { $0.colleague == c })?.capacity { #expect(mine.count <= cap, sourceLocation: sourceLocation) }
        for (i, a) in mine.enumerated() {
            for b in mine[(i + 1)...] where a.day == b.day {
                #expect(!a.slot.overlaps(b.slot), "colleague \(c) double-booked on \(a.day)", sourceLocation: sourceLocation)
            }
        }
    }
    // The schedule lists meetings in time order.
    #expect(
        s.meetings.map { [$0.day.daysSinceEpoch, $0.slot.start.minutes] }
            == s.meetings.map { [$0.day.daysSinceEpoch, $0.slot.start.minutes] }.sorted { $0.lexicographicallyPrecedes($1) },
        sourceLocation: sourceLocation)
}

@Suite struct VisitScheduleTests {
    @Test func theWeekStartsOnTheMondayOfTheGivenDay() {
        #expect(d("2026-11-30").weekdayFromMonday == 0)
        #expect(d("2027-01-01").weekdayFromMonday == 4)
        #expect(d("1969-12-28").weekdayFromMonday == 6)  // before the epoch
        for day in ["2026-11-30", "2026-12-02", "2026-12-04", "2026-12-05", "2026-12-06"] {
            #expect(WorkWeek(containing: d(day)).monday == d("2026-11-30"), "\(day)")
        }
        #expect(WorkWeek(containing: d("2027-01-01")).monday == d("2026-12-28"))  // across the year
        #expect(week.days.map(\.description) == ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"])
        #expect(week.friday == d("2026-12-04"))
    }

    @Test func theStandardSlotsAreFourHoursApart() {
        #expect(MeetingSlot.standard.map { "\($0.start)–\($0.end)" } == ["09:30–10:30", "11:00–12:00", "14:00–15:00", "15:30–16:30"])
        #expect(ClockTime(hour: 24, minute: 0) == nil)
        #expect(ClockTime(hour: 9, minute: 0).flatMap { t in MeetingSlot(start: t, end: t) } == nil)
    }

    /// One colleague's three Strasbourg meetings follow each other on one day; the Lille
    /// meetings go to the next day, where that colleague is not already elsewhere.
    @Test func meetingsOnOneSiteShareADayInConsecutiveSlots() {
        let requests = [request(0, "Strasbourg"), request(1, "Lille"), request(0, "Strasbourg"), request(0, "Lille"), request(0, "Strasbourg")]
        let s = VisitSchedule(arranging: requests, in: week)
        checkRules(s, requests)
        #expect(s.unplaced.isEmpty)
        let at = placements(s)
        for (i, start) in [(0, "09:30"), (2, "11:00"), (4, "14:00")] {
            #expect(at[i]?.day == d("2026-11-30") && at[i]?.slot.start.description == start, "meeting \(i)")
        }
        #expect(at[1]?.day == d("2026-12-01") && at[3]?.day == d("2026-12-01"))
        #expect(at[1]?.slot.start.description == "09:30" && at[3]?.slot.start.description == "09:30")  // two colleagues, one slot
        #expect(s.meetings.map(\.meeting) == [0, 2, 4, 1, 3])
    }

    /// Sites take the days in the order of their first meeting, the least busy day first.
    @Test func sitesSpreadOverTheWeekInPlanOrder() {
        let requests = ["Lyon", "Nantes", "Lyon", "Lille", "Nantes"].map { request(0, $0) }
        let s = VisitSchedule(arranging: requests, in: week)
        checkRules(s, requests)
        let at = placements(s)
        #expect([0, 2].allSatisfy { at[$0]?.day == d("2026-11-30") })
        #expect([1, 4].allSatisfy { at[$0]?.day == d("2026-12-01") })
        #expect(at[3]?.day == d("2026-12-02"))
    }

    @Test func aSiteSpillsToAnotherDayOnlyWhenItsDayIsFull() {
        let requests = (0..<6).map { _ in request(0, "Paris") }
        let s = VisitSchedule(arranging: requests, in: week)
        checkRules(s, requests)
        #expect(s.meetings.filter { $0.day == d("2026-11-30") }.count == 4)
        #expect(s.meetings.filter { $0.day == d("2026-12-01") }.count == 2)
    }

    @Test func capacityIsNeverExceededAndTheRestIsReported() {
        let requests = [request(0, "A", capacity: 2), request(1, "A", capacity: 0), request(0, "B", capacity: 2), request(0, "A", capacity: 2)]
        let s = VisitSchedule(arranging: requests, in: week)
        checkRules(s, requests)
        #expect(s.meetings.map(\.meeting).sorted() == [0, 2])
        #expect(
            s.unplaced == [
                UnplacedMeeting(meeting: 1, colleague: 1, reason: .capacityReached(0)),
                UnplacedMeeting(meeting: 3, colleague: 0, reason: .capacityReached(2)),
            ])
        #expect(s.unplaced[1].explanation == "the colleague's capacity of 2 meetings a week is reached")
    }

    /// Twenty-two meetings for one colleague: the week's twenty slots, and two reported.
    @Test func moreMeetingsThanSlotsAreReportedNotDropped() {
        let requests = (0..<22).map { request(0, $0 % 2 == 0 ? "Paris" : nil) } + [request(1, "Paris")]
        let s = VisitSchedule(arranging: requests, in: week)
        checkRules(s, requests)
        #expect(s.meetings.filter { $0.colleague == 0 }.count == 20)
        #expect(s.unplaced.map(\.meeting) == [19, 21])
        #expect(s.unplaced.allSatisfy { $0.reason == .weekFull(slotsPerDay: 4) })
        #expect(s.unplaced[0].explanation == "every one of the colleague's 20 slots of the week (4 a day, Monday to Friday) is taken")
        #expect(placements(s)[22] != nil)  // another colleague still has room
    }

    /// Random requests against the rules; the first site (nothing booked before it) is on
    /// one day whenever no colleague has more meetings there than a day has slots.
    @Test func randomRequestsKeepEveryRule() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<300 {
            let colleagues = rng.int(1...4)
            let capacity = (0..<colleagues).map { _ in rng.chance(0.5) ? Optional(rng.int(0...25)) : nil }
            let sites: [String?] = ["Paris", "Lyon", "Lille", nil]
            let requests = (0..<rng.int(0...40)).map { _ in
                let c = rng.int(0...colleagues - 1)
                return request(c, rng.pick(sites), capacity: capacity[c])
            }
            let s = VisitSchedule(arranging: requests, in: week)
            checkRules(s, requests)
            #expect(s == VisitSchedule(arranging: requests, in: week))  // deterministic
            let refused = Set(s.unplaced.filter { if case .capacityReached = $0.reason { true } else { false } }.map(\.meeting))
            guard let i = requests.indices.first(where: { !refused.contains($0) }) else { continue }
            let first = requests[i].site
            let firstSite = s.meetings.filter { requests[$0.meeting].site == first }
            var perColleague: [Int: Int] = [:]
            for m in firstSite { perColleague[m.colleague, default: 0] += 1 }
            if perColleague.values.allSatisfy({ $0 <= 4 }) { #expect(Set(firstSite.map(\.day)).count <= 1) }
        }
    }

    /// Through an analysis: sites from the people, capacities from the team.
    @Test func aPlanIsScheduledWithItsPeoplesSitesAndOurCapacities() throws {
        var account = smallAccount()
        account.team = [TeamMember(id: "t", name: "T", level: .executive, capacity: 2)]
        account.people = account.people.map { p in
            var q = p
            q.site = p.id == "dev" ? "Lyon" : "Paris"
            q.roles = [.sponsor]
            return q
        }
        account.relationships = []
        let a = try analyse(account)
        let plan = a.planVisits(count: 5, colleagues: a.graph.team)
        #expect(plan.visits.count == 2)
        let s = a.schedule(plan, in: week)
        #expect(s.meetings.count == 2 && s.unplaced.isEmpty)
        let sites = s.meetings.map { a.person(plan.visits[$0.meeting].person)?.site }
        #expect(s == a.schedule(plan, in: week))
        // Two sites, one colleague: one day each.
        if sites[0] != sites[1] { #expect(s.meetings[0].day != s.meetings[1].day) }
    }

    /// The anonymized plan has the same meetings and numbers under pseudonyms.
    @Test func anAnonymizedPlanKeepsItsMeetingsUnderPseudonyms() throws {
        var rng = SeededGenerator(seed: 21)
        let account = randomAccount(&rng, people: 30, team: 3)
        let a = try analyse(account)
        let plan = a.planVisits(count: 4, colleagues: a.graph.team)
        let shared = try a.anonymized(plan)
        #expect(shared.plan.visits.count == plan.visits.count)
        for (v, w) in zip(plan.visits, shared.plan.visits) {
            #expect(v.gain == w.gain && v.coverageBefore == w.coverageBefore && v.coverageAfter == w.coverageAfter)
            #expect(shared.analysis.coverage(w.person) == a.coverage(v.person))
            #expect(shared.analysis.graph.ids[w.person].hasPrefix("person-"))
            #expect(shared.analysis.graph.ids[w.colleague].hasPrefix("colleague-"))
            #expect(w.introduction?.count == v.introduction?.count)
        }
        #expect(shared.analysis.account.info.name == "Account")
        #expect(abs((shared.analysis.score.value ?? -1) - (a.score.value ?? 0)) < 1e-9)  // summed in another order
        #expect(shared.plan.scoreBefore == plan.scoreBefore && shared.plan.scoreAfter == plan.scoreAfter)
    }
}
