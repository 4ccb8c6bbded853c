import Foundation
import StakemapCore

extension Importer {
    /// Turns the contacts' owners into our team and relationships. An owner is found in
    /// the team by `crm_id` (Salesforce: then in the user export, joining the team when
    /// new) or, for a generic file, by id, `crm_id`, e-mail or name (joining the team,
    /// named by the cell, when nobody matches). Each owned contact gets a relationship
    /// with its owner at `options.ownerLevel`, dated from the contact's last activity;
    /// an existing relationship keeps its level, strength and notes, and its
    /// `last_contact` only ever moves forward. An owner found nowhere is reported once,
    /// at the first row naming it. People who have left get no new relationship.
    static func mergeOwners(
        _ batch: ImportBatch, into account: inout Account, personOf: [String: String], used: inout Set<String>,
        options: ImportOptions, report: inout ImportReport
    ) {
        let owned = batch.people.filter { $0.ownerKey != nil }
        guard !owned.isEmpty else { return }
        let salesforce = batch.salesforceIds
        let crmKey = { (id: String) -> String in salesforce ? salesforceKey(id) : id }
        var teamIndex: [String: Int] = [:]  // every way the team can be named → index
        func index(_ i: Int) {
            let t = account.team[i]
            if let c = t.crmId { teamIndex["crm:" + crmKey(c)] = i }
            guard batch.owners == .byTeam else { return }
            teamIndex["id:" + t.id] = i
            if let e = t.email { teamIndex["email:" + e.lowercased()] = i }
            teamIndex["name:" + t.name.lowercased()] = i
        }
        for i in account.team.indices { index(i) }
        let users = Dictionary(batch.users.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var updatedTeam = Set<String>()

        /// The colleague an owner names, joining or refreshing the team as the export says.
        func colleague(_ key: String) -> String? {
            switch batch.owners {
            case .crmUser:
                let user = users[key]
                var i = teamIndex["crm:" + crmKey(key)]
                if i == nil, let e = user?.email?.lowercased() { i = account.team.firstIndex { $0.email?.lowercased() == e } }
                guard let user else { return i.map { account.team[$0].id } }
                if let i {
                    var t = account.team[i]
                    var fields: [String] = []
                    if t.name != user.name { t.name = user.name; fields.append("name") }
                    if let v = user.title, t.title != v { t.title = v; fields.append("title") }
                    if let v = user.email, t.email != v { t.email = v; fields.append("email") }
                    if t.crmId.map(crmKey) != user.key { t.crmId = user.crmId; fields.append("crm_id") }
                    if !fields.isEmpty, !updatedTeam.contains(t.id) {
                        updatedTeam.insert(t.id)
                        report.teamUpdated.append((t.id, fields))
                    }
                    account.team[i] = t
                    index(i)
                    return t.id
                }
                let stem = user.email.map { slug(String($0.split(separator: "@").first ?? "")) } ?? slug(user.name)
                account.team.append(
                    TeamMember(
                        id: unusedId(stem, &used), name: user.name, title: user.title, email: user.email,
                        crmId: user.crmId))
                index(account.team.count - 1)
                report.teamAdded.append(account.team[account.team.count - 1].id)
                return account.team[account.team.count - 1].id
            case .byTeam:
                let lower = key.lowercased()
                if let i = teamIndex["id:" + key] ?? teamIndex["crm:" + key] ?? teamIndex["email:" + lower] ?? teamIndex["name:" + lower] {
                    return account.team[i].id
                }
                let email = key.contains("@") ? key : nil
                let stem = email.map { slug(String($0.split(separator: "@").first ?? "")) } ?? slug(key)
                account.team.append(TeamMember(id: unusedId(stem, &used), name: key, email: email))
                index(account.team.count - 1)
                report.teamAdded.append(account.team[account.team.count - 1].id)
                return account.team[account.team.count - 1].id
            }
        }

        var resolved: [String: String?] = [:]
        var unknown: [(key: String, at: Location?, contacts: Int)] = []
        var relationshipAt: [String: Int] = [:]
        for (i, r) in account.relationships.enumerated() { relationshipAt[r.ours + "\u{0}" + r.theirs] = i }
        let people = Dictionary(account.people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for q in owned {
            guard let written = q.ownerKey, let theirs = personOf[q.key] else { continue }
            let key = crmKey(written)
            let found: String?
            if let r = resolved[key] {
                found = r
            } else {
                found = colleague(key)
                resolved[key] = found
                if found == nil { unknown.append((written, q.location, 0)) }
            }
            guard let ours = found else {
                if let u = unknown.firstIndex(where: { crmKey($0.key) == key }) { unknown[u].contacts += 1 }
                continue
            }
            if let r = relationshipAt[ours + "\u{0}" + theirs] {
                guard let day = q.lastContact else { continue }
                if let last = account.relationships[r].lastContact, last >= day {
                    if last > day { report.contactsKept += 1 }
                    continue
                }
                account.relationships[r].lastContact = day
                report.contactsRefreshed += 1
            } else {
                guard let p = people[theirs], account.people[p].left == nil else { continue }
                relationshipAt[ours + "\u{0}" + theirs] = account.relationships.count
                account.relationships.append(Relationship(ours: ours, theirs: theirs, level: options.ownerLevel, lastContact: q.lastContact))
                report.relationshipsAdded += 1
            }
        }
        for u in unknown {
            let place = batch.usersFile.map { "the User export (\(($0 as NSString).lastPathComponent))" }
            let why = place.map { "is not in \($0) nor in the team's crm_id" } ?? "is not in the team's crm_id, and no User export was given (--users)"
            let message =
                "owner '\(u.key)' of \(u.contacts) contact\(u.contacts == 1 ? "" : "s") \(why); no relationship was made for \(u.contacts == 1 ? "it" : "them")"
            if let at = u.at {
                report.diagnostics.append(Diagnostic(.warning, at: at, message))
            } else {
                report.diagnostics.append(Diagnostic(.warning, at: nil, file: batch.usersFile ?? "", message))
            }
        }
    }
}
