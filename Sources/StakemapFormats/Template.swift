import StakemapCore

/// The commented starting point written by `stakemap init`.
public enum AccountTemplate {
    public static func text(name: String, sector: String?, today: Day) -> String {
        let quotedName = YAMLEmitter.quoteIfNeeded(name)
        let sectorLine = sector.map { "  sector: \(YAMLEmitter.quoteIfNeeded($0))\n" } ?? "  # sector: banking\n"
        return """
            # A Stakemap account: the client's decision hierarchy and what we know of it.
            # Format reference: docs/FORMAT.md. Check it with: stakemap validate THIS-FILE
            stakemap: 1
            account:
              name: \(quotedName)
            \(sectorLine)  # referencing: { status: shortlisted, renewal: \(today.adding(days: 365)) }  # referenced | shortlisted | via-partner | not-referenced
              # owner: our.am            # our key-account manager (a team id)

            # Our side. level: executive | director | manager | staff; capacity: visits they can make.
            team:
              # - { id: our.am, name: Alice Martin, title: Key account manager, level: director }

            # Their side. One entry per person; reports_to names the manager's id.
            # roles: economic-buyer, sponsor, decision-maker, procurement, technical-evaluator, user,
            #        champion, coach, influencer, gatekeeper, legal
            # stance: mentor | supporter | neutral | non-supporter | enemy | unknown
            # power: inner-circle | political-structure | outside | unknown
            people:
              # - { id: c.morel, name: Claire Morel, title: Directrice générale, level: executive, power: inner-circle }
              # - { id: h.dubois, name: Hélène Dubois, title: DSI, reports_to: c.morel, roles: [economic-buyer], stance: neutral }

            # Informal lines: influence (with a strength in (0, 1]) and conflict.
            links:
              # - { from: f.lefevre, to: h.dubois, type: influence, strength: 0.7 }

            # Who of ours knows whom of theirs. level: vendor | credible-source | problem-solver | trusted-advisor
            relationships:
              # - { ours: our.am, theirs: h.dubois, level: credible-source, last_contact: \(today) }

            """
    }
}
