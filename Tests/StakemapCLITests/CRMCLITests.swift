import Foundation
import StakemapCore
import StakemapFormats
import Testing

/// From a Salesforce export to a map with its coverage, and back: samples/crm holds a
/// Contact, a User and an OpportunityContactRole export as Data Loader writes them.
@Suite struct CRMCLITests {
    let crm = packageRoot + "/samples/crm"
    let sinistres = "0065g00000qm3tsaaj"  // "Refonte SI sinistres 2027", from its OpportunityId

    func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }
    func read(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }

    /// Imports the sample exports into a new account in a fresh folder.
    func imported(_ extra: [String] = []) throws -> (dir: String, file: String, run: Run) {
        let dir = scratch()
        let file = "\(dir)/client.yaml"
        let run = try stakemap(
            [
                "import", "\(crm)/contacts.csv", "--into", file, "--profile", "salesforce", "--users", "\(crm)/users.csv",
                "--roles", "\(crm)/contact-roles.csv", "--name", "Assurances du Rhône", "--date", "2026-12-01",
            ] + extra)
        return (dir, file, run)
    }

    func account(_ path: String) throws -> Account { try OpenAccount(path: path).account }

    @Test func contactsUsersAndRolesGiveATeamDatedRelationshipsAScoreAndGapsNamingColleagues() throws {
        let (_, file, r) = try imported()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.hasPrefix(
                "\(file): 9 added, 0 updated, 0 marked as left, 8 opportunity roles, 3 colleagues added to the team, 8 relationships from owners"))
        // The owner who left our firm is named once, at the first contact naming them, as written.
        #expect(
            r.stderr.contains(
                "contacts.csv:8:10: warning: owner '0055g00000Zz9QxAAJ' of 1 contact is not in the User export (users.csv) nor in the team's crm_id; no relationship was made for it"
            ))
        #expect(r.stderr.contains("contact-roles.csv:8:5: warning: role 'Other' has no Stakemap equivalent"))
        #expect(r.stderr.contains("note: the roles are on opportunities \(sinistres), 0065g00000qm4abaaj only"))
        let a = try account(file)
        // Only users who own a contact join the team; each keeps their User Id.
        #expect(a.team.map(\.id) == ["marc.lambert", "alice.martin", "julien.petit"])
        #expect(a.team.first { $0.id == "alice.martin" }?.crmId == "0055g00000Lp2MaAAJ")
        #expect(a.people.first { $0.id == "thomas.garnier" }?.crmId == "0035g00000KxA1bAAF")
        let garnier = try #require(a.relationships.first { $0.ours == "alice.martin" && $0.theirs == "thomas.garnier" })
        #expect(garnier.level == .credibleSource && garnier.lastContact == Day(iso: "2026-11-03"))
        // No LastActivityDate: an undated relationship, which gaps reports.
        #expect(a.relationships.first { $0.theirs == "nicolas.perrin" }?.lastContact == nil)
        #expect(!a.relationships.contains { $0.theirs == "laurent.dubois" })

        let gaps = try stakemap(["gaps", file, "--as-of", "2026-12-01", "--opportunity", sinistres])
        #expect(gaps.status == 0, "\(gaps.stderr)")
        #expect(gaps.stdout.contains("without Alice Martin, coverage of Thomas Garnier (thomas.garnier) would fall below 0.30"))
        #expect(gaps.stdout.contains("Sophie Lefort (sophie.lefort), economic-buyer: coverage 0.21 is below 0.30"))
        #expect(gaps.stdout.contains("Alice Martin last spoke with Sophie Lefort (sophie.lefort) on 2026-02-15, 289 days ago"))
        #expect(gaps.stdout.contains("4 high, 3 medium, 1 low; score 34.8"))
        let score = try stakemap(["score", file, "--as-of", "2026-12-01", "--opportunity", sinistres, "--format", "json"])
        #expect(score.status == 0, "\(score.stderr)")
        let accounts = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])["accounts"] as? [[String: Any]]
        #expect(abs((accounts?.first?["score"] as? Double ?? 0) - 34.8) < 0.05)
    }

    @Test func anAccountWithOpportunityRolesOnlyIsExplainedNotADash() throws {
        let (_, file, r) = try imported()
        #expect(r.status == 0, "\(r.stderr)")
        let why =
            "no account-level roles, so no account score: the roles are recorded on opportunities \(sinistres) (Refonte SI sinistres 2027) with 6 people and 0065g00000qm4abaaj (TMA Vie 2026) with 2 people"
        let next = "; analyse one with --opportunity \(sinistres), or import again with --roles-to-account \(sinistres) to make its roles the account's"
        let score = try stakemap(["score", file, "--as-of", "2026-12-01"])
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("\(file): \(why)\(next)."))
        let gaps = try stakemap(["gaps", file, "--as-of", "2026-12-01"])
        #expect(gaps.stdout.contains("high      missing-role  account"))
        #expect(gaps.stdout.contains(why))
        #expect(gaps.stdout.contains("analyse the buying centre of opportunity \(sinistres), or make its roles the account's (the import can copy them)"))
        #expect(gaps.stdout.hasSuffix("1 high, 3 medium, 3 low; \(why)\(next)\n"))
        let json = try stakemap(["score", file, "--as-of", "2026-12-01", "--format", "json"])
        #expect(json.stderr == "\(file): \(why)\(next).\n")
        let coverage = try stakemap(["coverage", file, "--as-of", "2026-12-01"])
        #expect(coverage.stdout.contains("Score: — / 100 (threshold 0.30)\nNo account-level roles, so no account score"))
        let show = try stakemap(["show", file])
        #expect(show.stdout.contains("(none at account level; roles are recorded on opportunities \(sinistres) (6 people), 0065g00000qm4abaaj (2 people):"))
        #expect(show.stdout.contains("! no account-level roles (the roles are recorded on opportunities only)"))
        #expect(!show.stdout.contains("no economic buyer identified"))
        // A chart of the deal badges the deal's roles.
        let dir = scratch()
        #expect(try stakemap(["render", file, "--view", "coverage", "-o", "\(dir)/deal.dot", "--opportunity", sinistres, "--as-of", "2026-12-01"]).status == 0)
        #expect(try stakemap(["render", file, "--view", "coverage", "-o", "\(dir)/all.dot", "--as-of", "2026-12-01"]).status == 0)
        #expect(read("\(dir)/deal.dot").contains("Directrice financière</FONT>  <FONT POINT-SIZE=\"8\">EB  ?  cov 0.21"))
        #expect(!read("\(dir)/all.dot").contains("EB  ?"))
        // An account with no role at all says just that.
        let none = "\(scratch())/none.yaml"
        try write(header + "people:\n  - { id: p, name: P }\n", none)
        let bare = try stakemap(["score", none])
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(bare.stdout.contains("\(none): nobody holds a buying role, so there is no score."))
    }

    @Test func rolesToAccountMakesAnOpportunitysBuyingCentreTheAccounts() throws {
        // The Salesforce OpportunityId, as the export writes it, names the opportunity too.
        let (_, file, r) = try imported(["--roles-to-account", "0065g00000Qm3TsAAJ"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(", 6 people given account-level roles"))
        #expect(!r.stderr.contains("note: the roles are on"))
        let a = try account(file)
        #expect(a.people.first { $0.id == "sophie.lefort" }?.roles == [.economicBuyer])
        #expect(a.people.first { $0.id == "nicolas.perrin" }?.roles == [])  // TMA Vie's decision maker stays on TMA Vie
        let score = try stakemap(["score", file, "--as-of", "2026-12-01"])
        #expect(score.stdout.contains("Assurances du Rhône  34.8"))
        let typo = try stakemap(["import", "\(crm)/contacts.csv", "--into", file, "--profile", "salesforce", "--roles-to-account", "0065g00000qm3tsaa"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("unknown opportunity '0065g00000qm3tsaa' — did you mean '\(sinistres)'?"))
    }

    @Test func aReimportMovesLastContactsForwardAndLeavesCuratedLevelsAndNotesAlone() throws {
        let (dir, file, first) = try imported()
        #expect(first.status == 0, "\(first.stderr)")
        // The team curates: Alice is Thomas's trusted advisor, with a note; Claire was met after the export.
        var text = read(file)
        text = text.replacingOccurrences(
            of: """
                  - ours: alice.martin
                    theirs: thomas.garnier
                    level: credible-source
                    last_contact: 2026-11-03
                """,
            with: """
                  - ours: alice.martin
                    theirs: thomas.garnier
                    level: trusted-advisor
                    last_contact: 2026-11-03
                    notes: Déjeuner mensuel
                """)
        text = text.replacingOccurrences(
            of: "theirs: claire.fontaine\n    level: credible-source\n    last_contact: 2026-11-18",
            with: "theirs: claire.fontaine\n    strength: 0.6\n    last_contact: 2026-11-30")
        try write(text, file)
        // A fresh export: newer activity with Thomas and Sophie, an older one with Claire, 15-character Ids.
        let contacts = read("\(crm)/contacts.csv")
            .replacingOccurrences(of: "\"2026-11-03\"", with: "\"2026-11-25T09:30:00.000Z\"")
            .replacingOccurrences(of: "\"2026-02-15\"", with: "\"2026-11-28\"")
            .replacingOccurrences(of: "\"2026-11-18\"", with: "\"2026-10-01\"")
            .replacingOccurrences(of: "AAF\"", with: "\"")
        try write(contacts, "\(dir)/contacts-2.csv")
        let again = try stakemap(["import", "\(dir)/contacts-2.csv", "--into", file, "--profile", "salesforce", "--users", "\(crm)/users.csv"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 added, 0 updated, 0 marked as left, 2 last contacts moved forward"))
        #expect(again.stdout.contains("= 1 last contact newer in the file than in the export, kept"))
        let a = try account(file)
        let garnier = try #require(a.relationships.first { $0.ours == "alice.martin" && $0.theirs == "thomas.garnier" })
        #expect(garnier.level == .trustedAdvisor && garnier.notes == "Déjeuner mensuel" && garnier.lastContact == Day(iso: "2026-11-25"))
        #expect(a.relationships.first { $0.theirs == "sophie.lefort" }?.lastContact == Day(iso: "2026-11-28"))
        let fontaine = try #require(a.relationships.first { $0.theirs == "claire.fontaine" })
        #expect(fontaine.strength == 0.6 && fontaine.level == nil && fontaine.lastContact == Day(iso: "2026-11-30"))
        #expect(a.relationships.count == 8 && a.team.count == 3)
        // The 18-character Ids stay as first imported.
        #expect(a.people.first { $0.id == "thomas.garnier" }?.crmId == "0035g00000KxA1bAAF")
    }

    @Test func ownerLevelIsTheUsersChoice() throws {
        let (_, file, r) = try imported(["--owner-level", "vendor"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try account(file).relationships.allSatisfy { $0.level == .vendor })
        let bad = try stakemap(["import", "\(crm)/contacts.csv", "--into", file, "--profile", "salesforce", "--owner-level", "friend"])
        #expect(bad.status == 64)
    }

    @Test func malformedRowsAreLocatedAndStrictWritesNothing() throws {
        let dir = scratch()
        let lines = read("\(crm)/contacts.csv").split(separator: "\n").map(String.init)
        var broken = lines
        broken[2] = "\"0035g00000KxA1bAAF\",\"0015g00000Rh7LmAAJ\",\"Thomas\""
        broken[3] = broken[3].replacingOccurrences(of: "\"2026-02-15\"", with: "\"15/02/2026\"")
        try write(broken.joined(separator: "\n") + "\n", "\(dir)/contacts.csv")
        try write("\"ID\",\"NAME\",\"TITLE\"\n\"0055g00000Lp2MaAAJ\",\"Alice Martin\"\n", "\(dir)/users.csv")
        try write("OpportunityId,ContactId,Role\n006A,,Economic Buyer\n006A,0035g00000KxA1cAAF\n", "\(dir)/roles.csv")
        let r = try stakemap([
            "import", "\(dir)/contacts.csv", "--into", "\(dir)/a.yaml", "--profile", "salesforce",
            "--users", "\(dir)/users.csv", "--roles", "\(dir)/roles.csv",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("contacts.csv:3:4: warning: row has 3 fields but the header has 11; skipped"))
        #expect(
            r.stderr.contains(
                "contacts.csv:4:11: warning: LASTACTIVITYDATE '15/02/2026' is not a date; write it as YYYY-MM-DD (the row is imported without it)"))
        #expect(r.stderr.contains("users.csv:2:3: warning: row has 2 fields but the header has 3; skipped"))
        #expect(r.stderr.contains("roles.csv:2:2: warning: contact role without a ContactId; skipped"))
        #expect(r.stderr.contains("roles.csv:3:3: warning: row has 2 fields but the header has 3; skipped"))
        #expect(r.stdout.contains("8 added"))
        let strict = try stakemap(["import", "\(dir)/contacts.csv", "--into", "\(dir)/b.yaml", "--profile", "salesforce", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("contacts.csv:3:4: error: row has 3 fields but the header has 11; fix it"))
        #expect(strict.stderr.contains("contacts.csv:4:11: error: LASTACTIVITYDATE '15/02/2026' is not a date; write it as YYYY-MM-DD"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/b.yaml"))
        // Not UTF-8, and an export without the Id: errors, and nothing is written.
        try Data([0x49, 0x44, 0x2C, 0x4C, 0x61, 0x73, 0x74, 0x4E, 0x61, 0x6D, 0x65, 0x0A, 0x31, 0x2C, 0xE9, 0x0A]).write(
            to: URL(fileURLWithPath: "\(dir)/latin1.csv"))
        let latin = try stakemap(["import", "\(dir)/latin1.csv", "--into", "\(dir)/c.yaml", "--profile", "salesforce"])
        #expect(latin.status == 1 && latin.stderr.contains("latin1.csv:2:3: error: the file is not UTF-8 text; export it as UTF-8 CSV"))
        try write("FirstName,LastName\nA,B\n", "\(dir)/noid.csv")
        let noId = try stakemap(["import", "\(dir)/noid.csv", "--into", "\(dir)/c.yaml", "--profile", "salesforce"])
        #expect(noId.status == 1 && noId.stderr.contains("noid.csv:1:1: error: a Contact export needs an Id column"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/c.yaml"))
        let users = try stakemap(["import", "\(dir)/noid.csv", "--into", "\(dir)/c.yaml", "--profile", "generic", "--users", "\(dir)/users.csv"])
        #expect(users.status == 64 && users.stderr.contains("--users goes with --profile salesforce"))
    }

    @Test func aGenericFileNamesOwnersAndLastContactsByMappedColumns() throws {
        let dir = scratch()
        try write(
            """
            Matricule;Nom;Poste;Manager;Chargé de compte;Dernier contact
            1;Hélène Dubois;Directrice générale;;Alice Martin;2026-11-02
            2;Marc Petit;DSI;1;alice@ourfirm.example;2026-10-15
            3;Zoé Martin;Cheffe de projet;2;a.martin;
            4;Luc Blanc;Acheteur;1;Bruno Roy;2026-09-01

            """, "\(dir)/hr.csv")
        try write("stakemap: 1\naccount: { name: Client }\nteam:\n  - { id: a.martin, name: Alice Martin, email: alice@ourfirm.example }\n", "\(dir)/a.yaml")
        let map = "id=Matricule,name=Nom,title=Poste,reports_to=Manager,owner=Chargé de compte,last_contact=Dernier contact"
        let r = try stakemap(["import", "\(dir)/hr.csv", "--into", "\(dir)/a.yaml", "--profile", "generic", "--map", map, "--owner-level", "problem-solver"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4 added, 0 updated, 0 marked as left, 1 colleague added to the team, 4 relationships from owners"))
        #expect(r.stdout.contains("+ bruno.roy (our team)"))
        let a = try account("\(dir)/a.yaml")
        // By name, by e-mail and by id, Alice is one colleague.
        #expect(a.relationships.filter { $0.ours == "a.martin" }.map(\.theirs) == ["1", "2", "3"])
        #expect(a.relationships.first { $0.theirs == "1" }?.lastContact == Day(iso: "2026-11-02"))
        #expect(a.relationships.allSatisfy { $0.level == .problemSolver })
        let noOwner = try stakemap([
            "import", "\(dir)/hr.csv", "--into", "\(dir)/b.yaml", "--profile", "generic",
            "--map", "id=Matricule,name=Nom,last_contact=Dernier contact",
        ])
        #expect(noOwner.status == 1)
        #expect(noOwner.stderr.contains("hr.csv:1:6: error: a last-contact column needs an owner column"))
    }

    @Test func theSalesforceExportMapsBackOneForOne() throws {
        let (dir, file, r) = try imported(["--roles-to-account", sinistres])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try stakemap(["set", file, "sophie.lefort", "stance=supporter", "power=inner-circle"]).status == 0)
        #expect(try stakemap(["set", file, "isabelle.moreau", "stance=mentor", "power=inner-circle", "roles=sponsor,champion"]).status == 0)
        #expect(try stakemap(["set", file, "hugo.marchand", "stance=enemy", "power=political-structure"]).status == 0)
        #expect(try stakemap(["set", file, "laurent.dubois", "power=inner-circle", "stance=non-supporter"]).status == 0)
        let e = try stakemap(["export", file, "--format", "salesforce", "-o", "\(dir)/sf", "--account-plan", "0Xp5g0000001AbCAAU", "--as-of", "2026-12-01"])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stderr == "wrote \(dir)/sf/Contact.csv\nwrote \(dir)/sf/AccountPlanStakeholder.csv\n")
        let a = try account(file)
        let byCRM = Dictionary(uniqueKeysWithValues: a.people.compactMap { p in p.crmId.map { ($0, p) } })
        let imported = try CSVTable.parse(Array(read("\(crm)/contacts.csv").utf8))
        let importedIds = imported.rows.map { imported.field($0, 0) }

        // Contact.csv: every imported contact, once, by its Salesforce Id, with the account's own values.
        let contacts = try CSVTable.parse(Array(read("\(dir)/sf/Contact.csv").utf8))
        #expect(contacts.header == ["Id", "Stakemap_Stance__c", "Stakemap_Power__c", "Stakemap_Roles__c"])
        #expect(contacts.rows.map { contacts.field($0, 0) } == importedIds)
        for row in contacts.rows {
            let p = try #require(byCRM[contacts.field(row, 0)])
            #expect(Stance(rawValue: contacts.field(row, 1)) == p.stance)
            #expect(Power(rawValue: contacts.field(row, 2)) == p.power)
            #expect(contacts.field(row, 3).split(separator: ";").compactMap { BuyingRole(rawValue: String($0)) } == p.roles)
        }

        // AccountPlanStakeholder.csv: the role holders and the inner circle, each value mapping back to Stakemap's.
        let s = try CSVTable.parse(Array(read("\(dir)/sf/AccountPlanStakeholder.csv").utf8))
        #expect(s.header == SalesforceExport.stakeholderColumns)
        let ids = s.rows.map { s.field($0, 1) }
        #expect(Set(ids).count == ids.count && Set(ids).isSubset(of: Set(importedIds)))
        let expected = a.people.filter { !$0.roles.isEmpty || $0.power == .innerCircle }.compactMap(\.crmId)
        #expect(ids == expected)
        for row in s.rows {
            let p = try #require(byCRM[s.field(row, 1)])
            #expect(s.field(row, 0) == "0Xp5g0000001AbCAAU")
            #expect(SalesforceVocabulary.power(influenceLevel: s.field(row, 3)) == p.power)
            #expect(SalesforceVocabulary.stance(strength: s.field(row, 4)) == p.stance)
            let role = SalesforceVocabulary.rolesByName[s.field(row, 2).lowercased()]
            let top = p.roles.first { $0.scoreWeight == p.roleWeight }
            #expect(role == top)
            #expect(s.field(row, 6) == "Stakemap" && s.field(row, 7) == "0Xp5g0000001AbCAAU/" + s.field(row, 1))
        }
        #expect(
            s.rows.contains {
                s.field($0, 1) == "0035g00000KxA1aAAF" && s.field($0, 2) == "Executive Sponsor" && s.field($0, 4) == "Mentor"
                    && s.field($0, 5).hasPrefix("Stakemap, as of 2026-12-01: roles Executive Sponsor, Champion; our coverage ")
            })
        #expect(s.rows.contains { s.field($0, 1) == "0035g00000KxA1gAAF" && s.field($0, 2) == "" && s.field($0, 3) == "High" })

        // The RoleType names come back as the same roles through the import's contact roles.
        var ocr = "OpportunityId,ContactId,Role\n"
        for row in s.rows where !s.field(row, 2).isEmpty { ocr += "006X,\(s.field(row, 1)),\(s.field(row, 2))\n" }
        try write(ocr, "\(dir)/ocr.csv")
        let back = try stakemap(["import", "\(crm)/contacts.csv", "--into", "\(dir)/back.yaml", "--profile", "salesforce", "--roles", "\(dir)/ocr.csv"])
        #expect(back.status == 0 && !back.stderr.contains("no Stakemap equivalent"), "\(back.stderr)")
        let returned = try #require(try account("\(dir)/back.yaml").opportunities.first)
        for (role, people) in returned.orderedRoles {
            for id in people { #expect(a.people.first { $0.id == id }.map { p in p.roles.first { $0.scoreWeight == p.roleWeight } } == role) }
        }
    }

    @Test func theSalesforceExportSaysWhatItCannotDo() throws {
        let plain = try stakemap(["export", "samples/banque-exemple.yaml", "--format", "salesforce", "-o", "\(scratch())/sf"])
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("nobody in the account has a crm_id (a Salesforce Contact Id), so there is nothing to load back"))
        #expect(try stakemap(["export", "samples/banque-exemple.yaml", "--format", "salesforce"]).status == 64)
        #expect(try stakemap(["export", "samples/banque-exemple.yaml", "--format", "salesforce", "-o", "x", "--anonymize"]).status == 64)
        #expect(try stakemap(["export", "samples/banque-exemple.yaml", "--format", "json", "--account-plan", "0Xp"]).status == 64)
        // Without the plan's Id, and with a stakeholder the CRM does not know: said, and the rest is written.
        let (dir, file, _) = try imported(["--roles-to-account", sinistres])
        #expect(try stakemap(["add", "person", file, "--id", "new.cto", "--name", "Nadia Nouvelle", "--reports-to", "isabelle.moreau"]).status == 0)
        #expect(try stakemap(["set", file, "new.cto", "roles=influencer"]).status == 0)
        let e = try stakemap(["export", file, "--format", "salesforce", "-o", "\(dir)/sf"])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stderr.contains("AccountPlanStakeholder.csv: warning: 1 stakeholder has no crm_id (no Salesforce Contact) and is left out: new.cto"))
        #expect(e.stderr.contains("AccountPlanStakeholder.csv: warning: the AccountPlanId column is empty: give the account plan's Id with --account-plan"))
    }

    /// Every command that analyses an account takes the same --opportunity.
    @Test(arguments: [
        ["coverage"], ["paths", "--to", "julie.dufour"], ["gaps"], ["score"], ["rank"], ["plan-visits"],
        ["render", "-o", "OUT/c.dot", "--view", "coverage"], ["report", "-o", "OUT/r.md"], ["export", "--format", "graphml", "-o", "OUT/g.graphml"],
        ["diff", "samples/banque-exemple.yaml"], ["brief", "--person", "julie.dufour", "-o", "OUT/b.html"],
    ])
    func everyAnalysisTakesTheOpportunity(_ command: [String]) throws {
        let out = scratch()
        let args = [command[0], "samples/banque-exemple.yaml"] + command.dropFirst().map { $0.replacingOccurrences(of: "OUT", with: out) }
        let r = try stakemap(args + ["--opportunity", "tma-2027", "--as-of", "2026-11-27"])
        #expect(r.status == 0, "\(args): \(r.stderr)")
        let typo = try stakemap(args + ["--opportunity", "tma-2072", "--as-of", "2026-11-27"])
        #expect(typo.status == 1, "\(args)")
        #expect(typo.stderr.contains("unknown opportunity 'tma-2072' — did you mean 'tma-2027'?"), "\(args): \(typo.stderr)")
    }
}
