import StakemapCore

/// The organisation as an indented text tree (`stakemap show --tree`).
public enum OrgTree {
    /// How many levels of a hierarchy are indented by default. Deeper people are printed
    /// at this indentation with their depth, so a chain thousands of levels deep still
    /// prints in lines of bounded width (and in time linear in the number of people).
    public static let defaultIndentLimit = 40

    /// The marks of `show --tree` for a stance.
    public static func stanceMark(_ s: Stance) -> String {
        switch s {
        case .mentor: "++"
        case .supporter: "+"
        case .neutral: "="
        case .nonSupporter: "-"
        case .enemy: "--"
        case .unknown: "?"
        }
    }

    /// The tree of the people active on `day`, one line each, managers before their
    /// reports in the order of the account; each root starts a tree. When someone is
    /// deeper than `indentLimit` levels, lines stop indenting there, show the person's
    /// depth as `‹depth›` (the top is depth 0), and a last line says so.
    ///
    /// - Parameter paint: colours a text with an ANSI SGR code (`"1"` bold, `"2"` dim,
    ///   `"36"` cyan); the default leaves text as is.
    /// - Complexity: O(people × indentLimit) characters, whatever the depth; no recursion.
    /// - Not promised: people in a reporting cycle (an error the loader reports) are not printed.
    public static func text(
        _ account: Account, asOf day: Day, indentLimit: Int = defaultIndentLimit,
        paint: (String, String) -> String = { text, _ in text }
    ) -> String {
        let people = account.people.filter { $0.isActive(asOf: day) }
        let h = Hierarchy(people)
        let byId = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        let limit = max(indentLimit, 1)
        var out = ""
        out.reserveCapacity(people.count * 80)
        var deeper = 0, deepest = 0
        func line(_ i: Int, prefix: String, connector: String, depth: Int) {
            let p = people[i]
            var text = prefix + connector
            if depth > limit { text += "‹\(depth)› " }
            text += paint(p.name, p.placeholder ? "2" : "1")
            if let t = p.title, !t.isEmpty { text += " — " + t }
            if p.placeholder { text += " (placeholder)" }
            if !p.roles.isEmpty { text += "  " + paint("[" + p.roles.map(\.rawValue).joined(separator: ", ") + "]", "36") }
            if p.stance != .unknown || !p.roles.isEmpty { text += " " + stanceMark(p.stance) }
            if p.power == .innerCircle { text += " ★" }
            if !p.dotted.isEmpty { text += "  ⋯ " + p.dotted.map { byId[$0]?.name ?? $0 }.joined(separator: ", ") }
            out += text + "\n"
        }
        // Iterative depth-first walk: deep hierarchies must not exhaust the stack. Past the
        // limit the prefix stops growing, so each line's width stays bounded.
        struct Entry { var person: Int; var prefix: String; var connector: String; var childPrefix: String; var depth: Int }
        var stack: [Entry] = h.roots.reversed().map { Entry(person: $0, prefix: "", connector: "", childPrefix: "", depth: 0) }
        while let e = stack.popLast() {
            line(e.person, prefix: e.prefix, connector: e.connector, depth: e.depth)
            if e.depth > limit {
                deeper += 1
                deepest = max(deepest, e.depth)
            }
            let kids = h.reports[e.person]
            for (k, c) in kids.enumerated().reversed() {
                let last = k == kids.count - 1
                let childPrefix = e.depth + 1 >= limit ? e.childPrefix : e.childPrefix + (last ? "    " : "│   ")
                stack.append(
                    Entry(
                        person: c, prefix: e.childPrefix, connector: last ? "└── " : "├── ",
                        childPrefix: childPrefix, depth: e.depth + 1))
            }
        }
        if deeper > 0 {
            out +=
                "(indentation stops at \(limit) levels: \(deeper) \(deeper == 1 ? "person is" : "people are") deeper, down to depth \(deepest), each shown with ‹depth›)\n"
        }
        return out
    }
}
