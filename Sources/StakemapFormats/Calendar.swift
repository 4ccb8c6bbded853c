import Foundation
import StakemapCore

/// The text rules of iCalendar (RFC 5545 §3.1, §3.3.11): escaping TEXT values, folding
/// content lines at 75 octets, CRLF line ends.
public enum ICalendar {
    /// The longest physical line, in octets, line break not counted.
    public static let lineLimit = 75

    /// `text` as a TEXT value: backslash, semicolon and comma escaped with a backslash,
    /// every line break (LF, CR or CRLF) as `\n`, other control characters (but tab) as a
    /// space, which content lines may not hold.
    public static func escaped(_ text: String) -> String { escapedPieces(text).joined() }

    /// A property whose value is text, escaped and folded (see `contentLine`).
    public static func textLine(_ name: String, _ text: String) -> String {
        fold(Array(name).map(String.init) + [":"] + escapedPieces(text))
    }

    /// A property whose value is already in iCalendar form (a date, a keyword), folded,
    /// ending in CRLF.
    public static func contentLine(_ name: String, _ value: String) -> String {
        fold(Array(name + ":" + value).map(String.init))
    }

    /// The logical lines of iCalendar text: folds (CRLF followed by a space or a tab)
    /// removed, split at CRLF. The inverse of `contentLine` and `textLine`.
    /// Works on octets: a continuation may start with a combining mark, which makes one
    /// character with the space before it.
    public static func unfolded(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var lines: [String] = []
        var line: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 13, i + 1 < bytes.count, bytes[i + 1] == 10 {
                if i + 2 < bytes.count, bytes[i + 2] == 32 || bytes[i + 2] == 9 {
                    i += 3
                    continue
                }
                lines.append(String(decoding: line, as: UTF8.self))
                line = []
                i += 2
                continue
            }
            line.append(bytes[i])
            i += 1
        }
        if !line.isEmpty { lines.append(String(decoding: line, as: UTF8.self)) }
        return lines
    }

    /// The text a TEXT value stands for: the inverse of `escaped` (which has lost only
    /// the difference between kinds of line break and the control characters).
    public static func unescaped(_ value: String) -> String {
        var out = ""
        var escaping = false
        for c in value {
            if escaping {
                out.append(c == "n" || c == "N" ? "\n" : c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The escaped value as pieces that folding keeps whole: one per character (a whole
    /// grapheme cluster, so an emoji is never cut), an escape sequence being one piece.
    static func escapedPieces(_ text: String) -> [String] {
        text.map { c -> String in
            switch c {
            case "\\": return "\\\\"
            case ";": return "\\;"
            case ",": return "\\,"
            case "\n", "\r", "\r\n": return "\\n"
            default:
                if c.unicodeScalars.contains(where: { ($0.value < 0x20 && $0.value != 0x09) || $0.value == 0x7F }) { return " " }
                return String(c)
            }
        }
    }

    /// Joins `pieces` into physical lines of at most `lineLimit` octets, each continuation
    /// starting with one space, each line ending in CRLF. A piece longer than a line (a
    /// grapheme cluster of dozens of combining marks) is cut between Unicode scalars, so
    /// the UTF-8 stays valid.
    static func fold(_ pieces: [String]) -> String {
        var out = ""
        var width = 0
        func add(_ piece: String) {
            let n = piece.utf8.count
            if width + n > lineLimit {
                out += "\r\n "
                width = 1
            }
            out += piece
            width += n
        }
        for piece in pieces {
            if piece.utf8.count <= lineLimit - 1 {
                add(piece)
            } else {
                for scalar in piece.unicodeScalars { add(String(scalar)) }
            }
        }
        return out + "\r\n"
    }
}

/// The visit plan as draft calendar events (RFC 5545): one VEVENT a placed meeting.
///
/// Each event: SUMMARY "Ours meets Theirs (title)", LOCATION the person's site,
/// DTSTART/DTEND in floating local time (no time zone: the file cannot know where the
/// meeting happens, so it shows at the same wall-clock time wherever it is opened),
/// STATUS:TENTATIVE, CLASS:PRIVATE (the description holds the team's opinion of the
/// person), a DESCRIPTION with why the meeting (gain, coverage before → after), who
/// introduces us, the talking points, the person and the team's notes on them. The
/// calendar has no METHOD: it is a file to import, not an invitation (RFC 5546's PUBLISH
/// would want an ORGANIZER, and drafts have none).
///
/// Deterministic: the same analysis, plan and week give the same bytes. UIDs are
/// UUID-shaped hashes of the account name, both people's ids and the week's Monday, so
/// importing the file again updates its events instead of adding new ones; DTSTAMP is the
/// as-of day at midnight UTC, never the clock.
public enum VisitCalendar {
    /// The calendar of `schedule`, the placement of `plan`'s meetings.
    public static func text(_ a: AccountAnalysis, _ plan: VisitPlan, _ schedule: VisitSchedule) -> String {
        var out = ICalendar.contentLine("BEGIN", "VCALENDAR")
        out += ICalendar.contentLine("VERSION", "2.0")
        out += ICalendar.contentLine("PRODID", "-//Stakemap//Visit plan//EN")
        out += ICalendar.contentLine("CALSCALE", "GREGORIAN")
        let stamp = dateText(a.asOf) + "T000000Z"
        let briefs = a.briefs(for: plan)
        for m in schedule.meetings {
            let v = plan.visits[m.meeting]
            let p = a.person(v.person)
            out += ICalendar.contentLine("BEGIN", "VEVENT")
            out += ICalendar.contentLine(
                "UID",
                uid(
                    account: a.account.info.name, ours: a.graph.ids[v.colleague],
                    theirs: a.graph.ids[v.person], week: schedule.week))
            out += ICalendar.contentLine("DTSTAMP", stamp)
            out += ICalendar.contentLine("DTSTART", dateTimeText(m.day, m.slot.start))
            out += ICalendar.contentLine("DTEND", dateTimeText(m.day, m.slot.end))
            out += ICalendar.textLine("SUMMARY", summary(a, v))
            if let site = p?.site, !site.isEmpty { out += ICalendar.textLine("LOCATION", site) }
            out += ICalendar.textLine("DESCRIPTION", description(a, plan, briefs[m.meeting]))
            out += ICalendar.contentLine("STATUS", "TENTATIVE")
            out += ICalendar.contentLine("CLASS", "PRIVATE")
            out += ICalendar.contentLine("TRANSP", "OPAQUE")
            out += ICalendar.contentLine("END", "VEVENT")
        }
        out += ICalendar.contentLine("END", "VCALENDAR")
        return out
    }

    /// Places `plan`'s meetings in `week` and writes the calendar to `path` atomically.
    /// - Returns: the schedule written (its `unplaced` meetings are not in the file).
    /// - Throws: `StakemapError` when the file cannot be written.
    @discardableResult
    public static func write(_ a: AccountAnalysis, _ plan: VisitPlan, week: WorkWeek, to path: String) throws(StakemapError) -> VisitSchedule {
        let schedule = a.schedule(plan, in: week)
        try AtomicFile.write(text: text(a, plan, schedule), to: path)
        return schedule
    }

    /// "Paul Renaud meets Noémie Dubois (DSI)".
    public static func summary(_ a: AccountAnalysis, _ v: PlannedVisit) -> String {
        let title = a.person(v.person)?.title.map { " (\($0))" } ?? ""
        return "\(a.name(v.colleague)) meets \(a.name(v.person))\(title)"
    }

    /// The event's description: the first lines of the meeting's brief — why this
    /// meeting, the way in, what to talk about, the person, the team's notes — and where
    /// the draft comes from. Lines end in "\n".
    public static func description(_ a: AccountAnalysis, _ plan: VisitPlan, _ brief: VisitBrief) -> String {
        let name = a.name(brief.person)
        let i = brief.meeting ?? 0
        let closes = brief.gapsClosed.count
        var lines = [
            "Why this meeting: +\(AnalysisOutput.fixed(brief.gain, 1)) points on the account score; coverage of \(name) "
                + "\(AnalysisOutput.fixed(brief.coverageBefore)) → \(AnalysisOutput.fixed(brief.coverageAfter))"
                + (closes == 0 ? "." : "; it closes \(closes) gap\(closes == 1 ? "" : "s")."),
            "The way in: \(brief.ask)",
            "What to talk about: \(brief.talkingPoints.joined(separator: " "))",
        ]
        if let p = a.person(brief.person) {
            var facts: [String] = []
            if let title = p.title { facts.append(title) }
            if let unit = p.unit { facts.append("unit \(unit)") }
            if let level = p.level { facts.append("level \(level.rawValue)") }
            if p.power != .unknown { facts.append("power \(p.power.rawValue)") }
            if !facts.isEmpty { lines.append("\(name): \(facts.joined(separator: ", ")).") }
            if let notes = p.notes, !notes.isEmpty { lines.append("Notes: \(notes)") }
        }
        lines.append(
            "Meeting \(i + 1) of \(plan.visits.count) in the visit plan for \(a.account.info.name), as of \(a.asOf); "
                + "score \(AnalysisOutput.scoreText(plan.scoreBefore)) → \(AnalysisOutput.scoreText(plan.scoreAfter)) "
                + "if every meeting happens. A draft: confirm the time with both sides.")
        return lines.joined(separator: "\n")
    }

    /// Why a meeting is not in the calendar, naming both people.
    public static func unplacedText(_ a: AccountAnalysis, _ plan: VisitPlan, _ u: UnplacedMeeting) -> String {
        let v = plan.visits[u.meeting]
        return "meeting #\(u.meeting + 1), \(a.name(v.colleague)) with \(a.name(v.person)), is not in the calendar: \(u.explanation)"
    }

    /// A stable, UUID-shaped UID (RFC 9562 version 8, custom): two 64-bit FNV-1a hashes of
    /// the account name, our colleague's id, their person's id and the week's Monday. No
    /// name can be read from it (RFC 7986 §5.3).
    public static func uid(account: String, ours: String, theirs: String, week: WorkWeek) -> String {
        let key = Array(["stakemap-visit", account, ours, theirs, week.monday.description].joined(separator: "\u{1F}").utf8)
        var bytes = fnv1aBytes(key, basis: 0xcbf2_9ce4_8422_2325) + fnv1aBytes(key + [0x1F], basis: 0x6c62_272e_07bb_0142)
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { b in String(b >> 4, radix: 16) + String(b & 0x0F, radix: 16) }.joined()
        let h = Array(hex)
        return [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
    }

    /// The 64-bit FNV-1a hash of `bytes` from `basis`, big-endian.
    static func fnv1aBytes(_ bytes: [UInt8], basis: UInt64) -> [UInt8] {
        let h = fnv1a(bytes, basis: basis)
        return (0..<8).map { UInt8(truncatingIfNeeded: h >> (56 - 8 * $0)) }
    }

    /// `YYYYMMDD`.
    static func dateText(_ d: Day) -> String { d.description.replacingOccurrences(of: "-", with: "") }

    /// `YYYYMMDDTHHMMSS`, floating (no `Z`, no TZID).
    static func dateTimeText(_ d: Day, _ t: ClockTime) -> String {
        dateText(d) + "T" + t.description.replacingOccurrences(of: ":", with: "") + "00"
    }
}
