/// Where in an account a problem lies, independent of any file: the entity list,
/// the entry's position in it, and the path of keys below the entry.
///
/// The formats layer maps a subject to a file, line and column.
public struct Subject: Sendable, Hashable, CustomStringConvertible {
    public enum Entity: String, Sendable, Hashable, CaseIterable {
        case document, account, settings, team, people, links, relationships, opportunities, interactions
    }

    public var entity: Entity
    /// Position in the entity list; nil for `account`, `settings` and `document`.
    public var index: Int?
    /// Keys (and list positions, as decimal strings) below the entry.
    public var path: [String]

    public init(_ entity: Entity, _ index: Int? = nil, _ path: [String] = []) {
        self.entity = entity
        self.index = index
        self.path = path
    }

    /// `people/3/dotted/1`: the key used by source maps.
    public var description: String {
        var parts = [entity.rawValue]
        if let index { parts.append(String(index)) }
        parts += path
        return parts.joined(separator: "/")
    }
}

/// A finding about account data: an error makes the data invalid, a warning does not.
public struct Problem: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning
        public static func < (a: Self, b: Self) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    public var subject: Subject
    public var message: String

    public init(_ severity: Severity, _ subject: Subject, _ message: String) {
        self.severity = severity
        self.subject = subject
        self.message = message
    }
}

/// Something else Stakemap does about what a message reports. Messages say it in words
/// ("record when they last spoke"); a front end may add its own way to get there (the
/// command line names the command to type).
public enum NextStep: Sendable, Hashable {
    /// Record a contact between one of ours and one of theirs, by id (it dates the relationship).
    case logContact(ours: String, theirs: String)
    /// Plan executive visits.
    case planVisits
    /// Remove one of our team, by id (their relationships go too).
    case removeMember(String)
    /// Record the day a person left, by id (they stay in the history).
    case markLeft(String)
    /// Erase a person and every reference to them, by id.
    case forget(String)
    /// Start a new account file from the commented template.
    case newAccount
}

/// Suggests the nearest known word for a misspelt one ("did you mean …?").
public struct Suggester: Sendable {
    private var byLength: [Int: [String]] = [:]

    public init<S: Sequence>(_ words: S) where S.Element == String {
        for w in words { byLength[w.count, default: []].append(w) }
        for k in byLength.keys { byLength[k]?.sort() }
    }

    /// The closest word within an edit distance of about a third of its length, or nil.
    /// Ties go to the alphabetically first word, so the answer is deterministic.
    public func suggestion(for word: String) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        let limit = max(1, min(3, target.count / 3))
        var bestDistance = limit + 1
        var best: String? = nil
        for length in (target.count - limit)...(target.count + limit) {
            for candidate in byLength[length] ?? [] {
                guard let d = Suggester.distance(target, Array(candidate.lowercased().unicodeScalars), limit: min(bestDistance, limit)) else { continue }
                if d < bestDistance || (d == bestDistance && best.map { candidate < $0 } ?? true) {
                    bestDistance = d
                    best = candidate
                }
            }
        }
        return best
    }

    /// Levenshtein distance with transpositions counted as one edit, or nil above `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prevPrev = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, prevPrev[j - 2] + 1) }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return nil }
            (prevPrev, prev, cur) = (prev, cur, prevPrev)
        }
        return prev[b.count] <= limit ? prev[b.count] : nil
    }

    /// The hint every message about a misspelt word ends with: " — did you mean 'x'?",
    /// or an empty string when no known word is close. The one place the phrase is
    /// written, so that every layer's messages read alike.
    public func hint(for word: String) -> String {
        suggestion(for: word).map { " — did you mean '\($0)'?" } ?? ""
    }
}
