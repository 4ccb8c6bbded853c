extension Account {
    /// The account with everything that names or describes a person replaced, for files
    /// that leave the team: people become `person-001`… (in file order) named after their
    /// title ("Directrice financière 12") or "Person 12"; our colleagues become
    /// `colleague-1`… ("Colleague 1"); e-mails, CRM record ids and every free-text note
    /// are dropped; the account is called "Account". Units, sites, levels, roles, stances,
    /// strengths and dates are kept, so every analysis gives the same numbers.
    public func anonymized() -> Account {
        var personIds: [String: String] = [:]
        var teamIds: [String: String] = [:]
        let width = String(people.count).count
        for (i, p) in people.enumerated() where personIds[p.id] == nil {
            let n = String(i + 1)
            personIds[p.id] = "person-" + String(repeating: "0", count: max(0, max(3, width) - n.count)) + n
        }
        for (i, t) in team.enumerated() where teamIds[t.id] == nil { teamIds[t.id] = "colleague-\(i + 1)" }
        func person(_ id: String) -> String { personIds[id] ?? teamIds[id] ?? id }
        func colleague(_ id: String) -> String { teamIds[id] ?? personIds[id] ?? id }

        var a = self
        a.info = AccountInfo(
            name: "Account", sector: info.sector,
            referencing: info.referencing.map { Referencing(status: $0.status, partner: $0.partner == nil ? nil : "Partner", renewal: $0.renewal) },
            owner: info.owner.map(colleague), notes: nil)
        a.team = team.enumerated().map { i, t in
            TeamMember(id: colleague(t.id), name: "Colleague \(i + 1)", title: t.title, level: t.level, capacity: t.capacity)
        }
        a.people = people.enumerated().map { i, p in
            var q = p
            q.id = person(p.id)
            q.name = p.title.map { "\($0) \(i + 1)" } ?? "Person \(i + 1)"
            q.email = nil
            q.crmId = nil
            q.notes = nil
            q.reportsTo = p.reportsTo.map(person)
            q.dotted = p.dotted.map(person).canonicalSet()
            return q
        }
        a.links = links.map { Link(from: person($0.from), to: person($0.to), type: $0.type, strength: $0.strength) }
        a.relationships = relationships.map {
            Relationship(ours: colleague($0.ours), theirs: person($0.theirs), level: $0.level, strength: $0.strength, lastContact: $0.lastContact)
        }
        a.opportunities = opportunities.enumerated().map { i, o in
            Opportunity(
                id: "opportunity-\(i + 1)", name: "Opportunity \(i + 1)", stage: o.stage, close: o.close, amount: o.amount,
                roles: o.roles.mapValues { $0.map(person).sorted() })
        }
        a.interactions = interactions.map { Interaction(date: $0.date, ours: colleague($0.ours), theirs: person($0.theirs), kind: $0.kind) }
        return a
    }
}
