import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise an account, or print its organisation as a tree.",
        discussion:
            "Tree markers: stance ++ mentor, + supporter, = neutral, - non-supporter, -- enemy, ? unknown; ★ inner circle; ⋯ dotted-line manager; (placeholder)."
    )

    @Argument(help: "The account file.")
    var file: String

    @Flag(help: "Print the organisation as an indented tree.")
    var tree = false

    @Option(help: "The day people who left are counted out (YYYY-MM-DD; default today).")
    var asOf: Day?

    func run() throws {
        let account = try open(file).account
        let day = asOf ?? today()
        if tree { printTree(account, asOf: day) } else { printSummary(account, asOf: day) }
    }

    func printSummary(_ a: Account, asOf day: Day) {
        let s = a.summary(asOf: day)
        var lines: [String] = []
        lines.append(paint(a.info.name, "1") + (a.info.sector.map { " — \($0)" } ?? ""))
        if let r = a.info.referencing {
            var text = "Referencing: \(r.status.rawValue)"
            if let p = r.partner { text += " (through \(p))" }
            if let d = r.renewal { text += ", renewal \(d) (\(d.days(since: day)) days)" }
            lines.append(text)
        } else {
            lines.append("Referencing: not recorded")
        }
        let owner = a.info.owner.flatMap { id in a.team.first { $0.id == id } }
        lines.append("Owner: " + (owner.map { "\($0.name) (\($0.id))" } ?? a.info.owner ?? "none"))
        lines.append("")
        lines.append(
            "People: \(s.activePeople) active" + (s.leftPeople > 0 ? ", \(s.leftPeople) left" : "")
                + (s.placeholders > 0 ? ", \(s.placeholders) placeholder\(s.placeholders == 1 ? "" : "s")" : ""))
        lines.append("Links: \(s.influenceLinks) influence, \(s.conflictLinks) conflict")
        lines.append("Relationships: \(s.relationships); opportunities: \(s.opportunities)")
        lines.append("")
        lines.append(paint("Roles", "1"))
        let names = Dictionary(a.people.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        let width = s.roleHolders.map(\.role.rawValue.count).max() ?? 0
        if s.roleHolders.isEmpty {
            let elsewhere = a.opportunitiesWithRoles(asOf: day)
            if let first = elsewhere.first {
                let list = elsewhere.map { "\($0.id) (\($0.holders) \($0.holders == 1 ? "person" : "people"))" }.joined(separator: ", ")
                lines.append("  (none at account level; roles are recorded on \(elsewhere.count == 1 ? "opportunity" : "opportunities") \(list):")
                lines.append("   see them with --opportunity, e.g. stakemap gaps \(file) --opportunity \(first.id))")
            } else {
                lines.append("  (no role holder yet)")
            }
        }
        for (role, ids) in s.roleHolders.map({ ($0.role, $0.people) }) {
            let who = ids.map { id -> String in
                guard let p = names[id] else { return id }
                return "\(p.name) (\(Self.stanceMark(p.stance)))"
            }
            lines.append("  " + role.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + who.joined(separator: ", "))
        }
        lines.append("")
        lines.append(paint("Our team", "1"))
        for m in a.team {
            let count = a.relationships.filter { $0.ours == m.id }.count
            lines.append("  \(m.name) — \(m.title ?? "")\(m.level.map { ", \($0.rawValue)" } ?? "") · \(count) relationship\(count == 1 ? "" : "s")")
        }
        if a.team.isEmpty { lines.append("  (nobody yet)") }
        lines.append("")
        lines.append(paint("Missing", "1"))
        if s.missing.isEmpty { lines.append("  nothing obvious") }
        for m in s.missing { lines.append("  " + paint("! ", "33") + m) }
        print(lines.joined(separator: "\n"))
    }

    static func stanceMark(_ s: Stance) -> String { OrgTree.stanceMark(s) }

    func printTree(_ a: Account, asOf day: Day) {
        write(OrgTree.text(a, asOf: day, paint: { paint($0, $1) }))
    }
}
