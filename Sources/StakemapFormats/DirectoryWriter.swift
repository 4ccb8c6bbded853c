import Foundation
import StakemapCore

/// Writes directory CSV files (`people.csv`, `links.csv`) as an HR export would hold them.
public enum DirectoryWriter {
    public static let peopleColumns = ["id", "name", "title", "unit", "site", "level", "email", "reports_to", "dotted", "left"]
    public static let linkColumns = ["from", "to", "type", "strength"]

    /// `p` with only what `peopleCSV` writes: curated fields (roles, stance, power,
    /// criteria, placeholder, notes) back to their defaults, so that whatever a rewritten
    /// directory no longer holds is written to the account file instead of being lost.
    public static func directoryPart(_ p: Person) -> Person {
        Person(id: p.id, name: p.name, title: p.title, unit: p.unit, site: p.site, level: p.level, email: p.email,
               reportsTo: p.reportsTo, dotted: p.dotted, left: p.left)
    }

    public static func peopleCSV(_ people: [Person]) -> String {
        var out = peopleColumns.joined(separator: ",") + "\n"
        out.reserveCapacity(people.count * 120)
        for p in people {
            let cells = [p.id, p.name, p.title ?? "", p.unit ?? "", p.site ?? "", p.level?.rawValue ?? "", p.email ?? "",
                         p.reportsTo ?? "", p.dotted.joined(separator: "|"), p.left?.description ?? ""]
            out += cells.map(field).joined(separator: ",")
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
        let needs = s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" })
            || s.first == " " || s.last == " "
        return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
