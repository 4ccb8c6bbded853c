/// Placing the visit plan's meetings in a working week (docs/ANALYSES.md §6.1, the plan
/// as calendar drafts). Pure logic: no clock, no time zone, no I/O.

extension Day {
    /// The day of the week, Monday 0 … Sunday 6 (1970-01-01 was a Thursday).
    public var weekdayFromMonday: Int { ((daysSinceEpoch + 3) % 7 + 7) % 7 }
}

/// The working days of one week: Monday to Friday.
public struct WorkWeek: Sendable, Hashable {
    /// The week's Monday.
    public let monday: Day

    /// The week that holds `day`, weeks starting on Monday (ISO 8601): a Saturday or a
    /// Sunday belongs to the week that began on the Monday before it.
    public init(containing day: Day) {
        monday = day.adding(days: -day.weekdayFromMonday)
    }

    /// Monday to Friday, in order.
    public var days: [Day] { (0..<5).map { monday.adding(days: $0) } }
    public var friday: Day { monday.adding(days: 4) }
}

/// A time of day on the wall clock, without a time zone.
public struct ClockTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Minutes since midnight, 0 ..< 1440.
    public let minutes: Int

    /// Creates a time, or nil for an hour outside 0–23 or a minute outside 0–59.
    public init?(hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        minutes = hour * 60 + minute
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    /// `HH:MM`.
    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    public static func < (a: Self, b: Self) -> Bool { a.minutes < b.minutes }
}

/// A meeting slot of a working day: from `start` to `end`, the same on every day.
public struct MeetingSlot: Sendable, Hashable, Comparable {
    public let start: ClockTime
    public let end: ClockTime

    /// Creates a slot, or nil unless it starts before it ends.
    public init?(start: ClockTime, end: ClockTime) {
        guard start < end else { return nil }
        self.start = start
        self.end = end
    }

    /// Whether the two slots share some minute.
    public func overlaps(_ other: MeetingSlot) -> Bool { start < other.end && other.start < end }

    public static func < (a: Self, b: Self) -> Bool { a.start != b.start ? a.start < b.start : a.end < b.end }

    /// One hour at 09:30, 11:00, 14:00 and 15:30: four meetings a day, with time to travel
    /// between them and a lunch break.
    public static let standard: [MeetingSlot] = [(9, 30), (11, 0), (14, 0), (15, 30)].compactMap { h, m in
        guard let start = ClockTime(hour: h, minute: m), let end = ClockTime(hour: h + 1, minute: m) else { return nil }
        return MeetingSlot(start: start, end: end)
    }
}

/// What the scheduler needs to know of one meeting: who of ours goes, and where.
public struct MeetingRequest: Sendable, Hashable {
    /// Our colleague (any stable number: the plan uses graph nodes).
    public let colleague: Int
    /// Where the meeting takes place (their person's site); nil when unknown.
    public let site: String?
    /// How many meetings this colleague may have in the week; nil: no limit.
    public let capacity: Int?

    public init(colleague: Int, site: String?, capacity: Int?) {
        self.colleague = colleague
        self.site = site
        self.capacity = capacity
    }
}

/// A meeting given a day and a slot.
public struct ScheduledMeeting: Sendable, Hashable {
    /// The meeting's position in the requests (for a plan: in `plan.visits`).
    public let meeting: Int
    public let colleague: Int
    public let day: Day
    public let slot: MeetingSlot
}

/// A meeting that found no place in the week, and why.
public struct UnplacedMeeting: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The colleague already has as many meetings as their capacity.
        case capacityReached(Int)
        /// Every slot of the colleague's week is taken.
        case weekFull(slotsPerDay: Int)
    }

    /// The meeting's position in the requests.
    public let meeting: Int
    public let colleague: Int
    public let reason: Reason

    /// Why, in words ("every one of the week's 20 slots (4 a day, Monday to Friday) is taken").
    public var explanation: String {
        switch reason {
        case .capacityReached(let n):
            return "the colleague's capacity of \(n) meeting\(n == 1 ? "" : "s") a week is reached"
        case .weekFull(let perDay):
            return "every one of the colleague's \(5 * perDay) slots of the week (\(perDay) a day, Monday to Friday) is taken"
        }
    }
}

/// The meetings of a plan placed in a working week.
///
/// Rules, in order of precedence:
/// - each colleague has at most their capacity of meetings (the first ones, in request
///   order), and never two at overlapping times;
/// - meetings on one site are placed on one day while the colleagues going there have free
///   slots on it; what does not fit goes to the next best day, so a site spans several days
///   only when it must;
/// - sites are taken in the order of their first meeting (for a plan: the most valuable
///   first); a site's day is the one where most of its meetings fit, then where fewer of its
///   colleagues are already booked at another site, then the least busy, then the earliest;
/// - within a day, each meeting takes its colleague's earliest free slot, so one colleague's
///   meetings on a site follow each other. Meetings with no site are grouped like one more
///   site.
/// A meeting that cannot be placed is listed in `unplaced` with its reason, never dropped.
/// Deterministic: the result depends only on the requests, the week and the slots.
///
/// Complexity: O(sites · days · meetings · slots) at worst; a plan has a handful of meetings.
public struct VisitSchedule: Sendable, Hashable {
    public let week: WorkWeek
    /// The slots of every working day, in time order.
    public let slots: [MeetingSlot]
    /// The placed meetings by day, then start time, then request order.
    public let meetings: [ScheduledMeeting]
    /// The meetings left out, in request order.
    public let unplaced: [UnplacedMeeting]

    /// Places `requests` in `week`, on `slots` of each working day (see the type's rules).
    public init(arranging requests: [MeetingRequest], in week: WorkWeek, slots given: [MeetingSlot] = MeetingSlot.standard) {
        let slots = Array(Set(given)).sorted()
        self.week = week
        self.slots = slots
        var unplaced: [UnplacedMeeting] = []

        // Capacity first: a colleague's meetings beyond it, in request order, are out.
        var counted: [Int: Int] = [:]
        var admitted: [Int] = []
        for (i, r) in requests.enumerated() {
            let n = counted[r.colleague, default: 0]
            if let cap = r.capacity, n >= max(0, cap) {
                unplaced.append(UnplacedMeeting(meeting: i, colleague: r.colleague, reason: .capacityReached(max(0, cap))))
                continue
            }
            counted[r.colleague] = n + 1
            admitted.append(i)
        }

        // Sites in the order of their first meeting.
        var siteOrder: [String?] = []
        var groups: [String?: [Int]] = [:]
        for i in admitted {
            let site = requests[i].site
            if groups[site] == nil { siteOrder.append(site) }
            groups[site, default: []].append(i)
        }

        var booked: [Int: [[MeetingSlot]]] = [:]  // colleague → per weekday, the slots taken
        var sitesOn: [Int: [Set<String?>]] = [:]  // colleague → per weekday, the sites visited
        var load = [Int](repeating: 0, count: 5)  // meetings per weekday
        var placed: [ScheduledMeeting] = []
        func freeSlots(_ c: Int, _ d: Int) -> [MeetingSlot] {
            let taken = booked[c]?[d] ?? []
            return slots.filter { s in !taken.contains { $0.overlaps(s) } }
        }

        for site in siteOrder {
            var pending = groups[site] ?? []
            while !pending.isEmpty {
                var needs: [Int: Int] = [:]
                for i in pending { needs[requests[i].colleague, default: 0] += 1 }
                let colleagues = needs.keys.sorted()
                func fit(_ d: Int) -> Int { colleagues.reduce(0) { $0 + min(needs[$1] ?? 0, freeSlots($1, d).count) } }
                func elsewhere(_ d: Int) -> Int {
                    colleagues.filter { c in (sitesOn[c]?[d] ?? []).contains { $0 != site } }.count
                }
                let best = (0..<5).map { (day: $0, fit: fit($0), elsewhere: elsewhere($0)) }.min { a, b in
                    if a.fit != b.fit { return a.fit > b.fit }
                    if a.elsewhere != b.elsewhere { return a.elsewhere < b.elsewhere }
                    if load[a.day] != load[b.day] { return load[a.day] < load[b.day] }
                    return a.day < b.day
                }
                guard let best, best.fit > 0 else {
                    for i in pending {
                        unplaced.append(UnplacedMeeting(meeting: i, colleague: requests[i].colleague, reason: .weekFull(slotsPerDay: slots.count)))
                    }
                    break
                }
                let d = best.day
                var left: [Int] = []
                for i in pending {
                    let c = requests[i].colleague
                    guard let slot = freeSlots(c, d).first else {
                        left.append(i)
                        continue
                    }
                    booked[c, default: Array(repeating: [], count: 5)][d].append(slot)
                    sitesOn[c, default: Array(repeating: [], count: 5)][d].insert(site)
                    load[d] += 1
                    placed.append(ScheduledMeeting(meeting: i, colleague: c, day: week.monday.adding(days: d), slot: slot))
                }
                pending = left
            }
        }
        self.meetings = placed.sorted { a, b in
            if a.day != b.day { return a.day < b.day }
            if a.slot != b.slot { return a.slot < b.slot }
            return a.meeting < b.meeting
        }
        self.unplaced = unplaced.sorted { $0.meeting < $1.meeting }
    }
}

extension AccountAnalysis {
    /// Places the meetings of `plan` in `week` (see `VisitSchedule`): each meeting on its
    /// person's site, each colleague within their `capacity`.
    public func schedule(_ plan: VisitPlan, in week: WorkWeek, slots: [MeetingSlot] = MeetingSlot.standard) -> VisitSchedule {
        let requests = plan.visits.map { v in
            MeetingRequest(
                colleague: v.colleague, site: person(v.person)?.site,
                capacity: graph.teamIndex(v.colleague).flatMap { account.team[$0].capacity })
        }
        return VisitSchedule(arranging: requests, in: week, slots: slots)
    }
}
