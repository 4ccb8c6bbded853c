import Foundation
import StakemapCore

/// Writes directory CSV files (`people.csv`, `links.csv`) as an HR export would hold them.
public enum DirectoryWriter {
    public static let peopleColumns = ["id", "name", "title", "unit", "site", "level", "email", "reports_to", "dotted", "left"]
    /// The column added after `email` when someone has a CRM record id (files without
    /// one keep the columns above, byte for byte).
    public static let crmIdColumn = "crm_id"
    public static let linkColumns = ["from", "to", "type", "strength"]

    /// `p` with only what `peopleCSV` writes: curated fields (roles, stance, power,
    /// criteria, placeholder, notes) back to their defaults, so that whatever a rewritten
    /// directory no longer holds is written to the account file instead of being lost.
    public static func directoryPart(_ p: Person) -> Person {
        Person(
            id: p.id, name: p.name, title: p.title, unit: p.unit, site: p.site, level: p.level, email: p.email,
            reportsTo: p.reportsTo, dotted: p.dotted, left: p.left, crmId: p.crmId)
    }

    public static func peopleCSV(_ people: [Person]) -> String {
        let crm = people.contains { $0.crmId != nil }
        var columns = peopleColumns
        if crm, let e = columns.firstIndex(of: "email") { columns.insert(crmIdColumn, at: e + 1) }
        var out = columns.joined(separator: ",") + "\n"
        out.reserveCapacity(people.count * 120)
        for p in people {
            var cells = [
                p.id, p.name, p.title ?? "", p.unit ?? "", p.site ?? "", p.level?.rawValue ?? "", p.email ?? "",
                p.reportsTo ?? "", p.dotted.joined(separator: "|"), p.left?.description ?? "",
            ]
            if crm { cells.insert(p.crmId ?? "", at: 7) }
            for (i, cell) in cells.enumerated() {
                if i > 0 { out += "," }
                out += field(cell)
            }
            out += "\n"
        }
        return out
    }

    public static func linksCSV(_ links: [Link]) -> String {
        var out = linkColumns.joined(separator: ",") + "\n"
        out.reserveCapacity(links.count * 48)
        for l in links {
            let strength = l.strength.map { AccountWriter.number($0) }.map { v -> String in if case .number(let s) = v { s } else { "" } } ?? ""
            out += [l.from, l.to, l.type.rawValue, strength].map(field).joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// A CSV field, quoted when it holds a separator, a quote, a line break or edge spaces.
    public static func field(_ s: String) -> String {
        var needs = false
        for b in s.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D || b == 0x3B {
            needs = true
            break
        }
        if !needs, let f = s.utf8.first, let l = s.utf8.last, f == 0x20 || l == 0x20 { needs = true }
        return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
