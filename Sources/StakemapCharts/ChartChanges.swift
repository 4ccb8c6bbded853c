import Foundation
import StakemapCore

/// A previous snapshot of the account to draw the changes against (`ChartOptions.changes`):
/// the org and influence views then mark who joined, who moved, whose roles, stance, power
/// or title changed, and draw who left as a dashed grey "ghost" at their old place.
///
/// The comparison is `AccountChanges` (the same as `stakemap diff`); the previous analysis
/// is kept for what the changes do not carry: the old manager of someone who left, and
/// the old roles, stance and power, to write them as badges.
///
/// Not promised: relationship changes and score changes are not drawn (the diff and the
/// account review list them); the coverage, grid and path views draw no marks.
public struct ChartChanges: Sendable {
    /// The older snapshot, analysed as of its own day.
    public let previous: AccountAnalysis
    /// What changed from `previous` to the analysis being drawn.
    public let changes: AccountChanges
    /// What the legend calls the previous snapshot: "banque.yaml at HEAD~5 (abc1234,
    /// 2026-10-01)", or a file's name and the day it is analysed as of.
    public let label: String

    /// Compares `previous` with `current`, the analysis the chart will draw.
    public init(previous: AccountAnalysis, current: AccountAnalysis, label: String) {
        self.init(previous: previous, changes: AccountChanges(old: previous, new: current), label: label)
    }

    /// Uses changes already computed (they must be from `previous` to the analysis drawn).
    public init(previous: AccountAnalysis, changes: AccountChanges, label: String) {
        self.previous = previous
        self.changes = changes
        self.label = label
    }

    /// How many people joined, moved, changed otherwise and left: "2 joined, 1 moved,
    /// 3 changed, 1 left" (kinds with nobody are left out; "no change in people" when empty).
    public var summary: String {
        var joined = Set<String>(), moved = Set<String>(), changed = Set<String>(), left = Set<String>()
        for c in changes.changes {
            switch c.kind {
            case .joined: joined.insert(c.subject)
            case .left: left.insert(c.subject)
            case .newManager, .movedUnit: moved.insert(c.subject)
            case .newTitle, .roles, .stance, .power: changed.insert(c.subject)
            case .relationshipGained, .relationshipLost, .relationshipStale: break
            }
        }
        changed.subtract(moved)
        let parts = [(joined.count, "joined"), (moved.count, "moved"), (changed.count, "changed"), (left.count, "left")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "no change in people" : parts.joined(separator: ", ")
    }
}

/// How a person's box is marked against the previous snapshot.
enum ChangeMark: Int, Sendable, Comparable {
    case changed, moved, joined
    static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The border colour, and the colour of the lines that say what changed.
    var colour: String {
        switch self {
        case .joined: "#6a3d9a"
        case .moved: "#d95f02"
        case .changed: "#01665e"
        }
    }

    static let ghostColour = "#999999"
    static let ghostText = "#6b6b6b"
}

/// The marks of one chart, worked out once per `Builder` from `ChartOptions.changes`:
/// each current person's mark and lines, and the ghosts of the people who left, each
/// placed under its old manager (a person of the chart, or another ghost) or at the top.
struct ChangeMarks {
    /// Someone who left, drawn where they were.
    struct Ghost {
        var id: String
        var name: String
        var title: String
        /// "left 2026-08-07", or "left · no longer listed".
        var note: String
        /// The old manager's node in the chart, or -1.
        var manager: Int
        /// The old manager's ghost (an index in `ghosts`), or -1.
        var managerGhost: Int
    }

    let label: String
    /// Per node of the current graph.
    var mark: [ChangeMark?]
    var lines: [[String]]
    var ghosts: [Ghost] = []
    /// The ghosts whose old manager is each node, in previous-snapshot order.
    var ghostsUnder: [[Int]]
    /// The ghosts under each ghost.
    var ghostKids: [[Int]] = []
    /// The ghosts whose old manager is in neither snapshot's chart: drawn at the top.
    var topGhosts: [Int] = []

    init(_ b: Builder, _ c: ChartChanges) {
        let g = b.g
        let n = g.nodeCount
        label = c.label
        mark = [ChangeMark?](repeating: nil, count: n)
        lines = [[String]](repeating: [], count: n)
        ghostsUnder = [[Int]](repeating: [], count: n)
        let prev = c.previous
        func old(_ id: String) -> Person? { prev.graph.node(id).flatMap { prev.person($0) } }
        func oldIndex(_ id: String) -> Int? { prev.graph.node(id).flatMap { prev.person($0) == nil ? nil : $0 } }
        /// A person's name as this chart writes it: a current person through the builder
        /// (pseudonyms included), someone who left from the previous snapshot.
        func display(_ id: String?) -> String? {
            guard let id else { return nil }
            if let v = g.node(id), !g.isTeam(v) { return b.name(v) }
            guard let p = old(id) else { return id }
            if b.o.anonymize { return "\(p.title ?? "Person") (left)" }
            return p.name
        }
        func raise(_ v: Int, _ m: ChangeMark) { mark[v] = max(mark[v] ?? m, m) }
        for change in c.changes.changes {
            guard let v = g.node(change.subject), !g.isTeam(v), let now = b.a.person(v) else { continue }
            let was = old(change.subject)
            switch change.kind {
            case .joined:
                raise(v, .joined)
                lines[v].append("NEW · joined")
            case .movedUnit:
                raise(v, .moved)
                // Where from comes before whom under (the changes list the manager first).
                let at = lines[v].firstIndex { $0.hasPrefix("was under") || $0 == "had no manager" } ?? lines[v].count
                lines[v].insert(was?.unit.map { "moved from \($0)" } ?? "moved (no unit before)", at: at)
            case .newManager:
                raise(v, .moved)
                lines[v].append(display(was?.reportsTo).map { "was under \($0)" } ?? "had no manager")
            case .roles:
                raise(v, .changed)
                let before = was?.roles ?? []
                let gained = now.roles.filter { !before.contains($0) }.map { "+" + ChartBuilder.badge($0) }
                let lost = before.filter { !now.roles.contains($0) }.map { "−" + ChartBuilder.badge($0) }
                lines[v].append("roles " + (gained + lost).joined(separator: " "))
            case .stance:
                raise(v, .changed)
                lines[v].append("stance \(was.map { ChartBuilder.mark($0.stance) } ?? "?") → \(ChartBuilder.mark(now.stance))")
            case .power:
                raise(v, .changed)
                lines[v].append("power \(Self.power(was?.power ?? .unknown)) → \(Self.power(now.power))")
            case .newTitle:
                raise(v, .changed)
                // Anonymised charts draw no titles, old or new.
                if !b.o.anonymize { lines[v].append(was?.title.map { "was \($0)" } ?? "new title") }
            case .left, .relationshipGained, .relationshipLost, .relationshipStale:
                break
            }
        }
        // The people who left, in the previous snapshot's order.
        var left: [(index: Int, person: Person, note: String)] = []
        for change in c.changes.changes where change.kind == .left {
            guard let k = oldIndex(change.subject), let p = prev.person(k) else { continue }
            let note = change.after.map { $0.hasPrefix("left") ? $0 : "left · \($0)" } ?? "left"
            left.append((k, p, note))
        }
        left.sort { $0.index < $1.index }
        var ghostOf: [String: Int] = [:]
        for (k, entry) in left.enumerated() {
            ghostOf[entry.person.id] = k
            let name = b.o.anonymize ? "\(entry.person.title ?? "Person") (left)" : entry.person.name
            ghosts.append(
                Ghost(
                    id: "g\(entry.index)", name: name, title: b.o.anonymize ? "" : entry.person.title ?? "",
                    note: entry.note, manager: -1, managerGhost: -1))
        }
        ghostKids = [[Int]](repeating: [], count: ghosts.count)
        // A chart focused on a part of the organisation draws no ghost from outside it.
        let focused = b.o.root != nil || b.o.around != nil
        for (k, entry) in left.enumerated() {
            if let m = entry.person.reportsTo, let mv = g.node(m), !g.isTeam(mv) {
                ghosts[k].manager = mv
                ghostsUnder[mv].append(k)
            } else if let m = entry.person.reportsTo, let mg = ghostOf[m], mg != k {
                ghosts[k].managerGhost = mg
                ghostKids[mg].append(k)
            } else if !focused {
                topGhosts.append(k)
            }
        }
    }

    static func power(_ p: Power) -> String {
        switch p {
        case .innerCircle: "★ inner circle"
        case .politicalStructure: "political"
        case .outside: "outside"
        case .unknown: "?"
        }
    }

    /// Whether node `v` has anything to draw against the previous snapshot.
    func isMarked(_ v: Int) -> Bool { mark[v] != nil || !ghostsUnder[v].isEmpty }

    /// The ghosts in the subtree of ghost `k`, `k` first.
    func ghostTree(_ k: Int) -> [Int] {
        var out: [Int] = []
        var stack = [k]
        var seen = Set<Int>()
        while let x = stack.popLast() {
            guard seen.insert(x).inserted else { continue }
            out.append(x)
            stack.append(contentsOf: ghostKids[x].reversed())
        }
        return out
    }
}
