import Foundation
import Testing

@Suite struct ImportCLITests {
    func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }
    func read(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }

    /// French Excel: BOM, ';', quoted fields with quotes and a line break.
    let hr =
        "\u{FEFF}Matricule;Nom complet;Poste;Service;Manager;Courriel\n"
        + "100;Hélène Dubois;Directrice générale;Direction;;helene.dubois@client.fr\n"
        + "101;\"Marc \"\"le Boss\"\" Petit\";DSI;DSI;100;marc.petit@client.fr\n"
        + "102;Zoé Martin;\"Chef de projet\nsenior\";DSI;101;zoe.martin@client.fr\n"
    let map = "id=Matricule,name=Nom complet,title=Poste,unit=Service,reports_to=Manager,email=Courriel"

    @Test func genericImportThenReimportMergesWithoutTouchingCuratedData() throws {
        let dir = scratch()
        try write(hr, "\(dir)/hr.csv")
        let acct = "\(dir)/acct.yaml"
        let first = try stakemap(["import", "\(dir)/hr.csv", "--into", acct, "--profile", "generic", "--map", map, "--name", "Client SA"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(read(acct).contains("name: \"Marc \\\"le Boss\\\" Petit\""))
        #expect(read(acct).contains("title: \"Chef de projet\\nsenior\""))
        // The team curates; then HR says Zoé moved and Marc left.
        #expect(try stakemap(["set", acct, "102", "roles=champion", "stance=mentor", "notes=Ally"]).status == 0)
        let next =
            "\u{FEFF}Matricule;Nom complet;Poste;Service;Manager;Courriel\n"
            + "100;Hélène Dubois;Directrice générale;Direction;;helene.dubois@client.fr\n"
            + "999;Zoé Martin;Directrice de projet;Data;100;ZOE.MARTIN@client.fr\n"
        try write(next, "\(dir)/hr2.csv")
        let second = try stakemap(["import", "\(dir)/hr2.csv", "--into", acct, "--profile", "generic", "--map", map, "--full", "--date", "2026-11-27"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("0 added, 1 updated, 1 marked as left"))  // matched by e-mail, whatever the case
        #expect(second.stdout.contains("~ 102: title, unit, email, reports_to"))
        #expect(second.stdout.contains("- 101 (left 2026-11-27)"))
        let text = read(acct)
        #expect(text.contains("roles: [champion]") && text.contains("stance: mentor") && text.contains("notes: Ally"))
        #expect(text.contains("left: 2026-11-27"))
    }

    @Test func importThenExportCSVThenImportGivesTheSameAccount() throws {
        let dir = scratch()
        try write(hr, "\(dir)/hr.csv")
        #expect(try stakemap(["import", "\(dir)/hr.csv", "--into", "\(dir)/a.yaml", "--profile", "generic", "--map", map, "--name", "Client SA"]).status == 0)
        #expect(try stakemap(["export", "\(dir)/a.yaml", "--format", "csv", "-o", "\(dir)/out"]).status == 0)
        let again = try stakemap(["import", "\(dir)/out/people.csv", "--into", "\(dir)/b.yaml", "--profile", "generic", "--name", "Client SA"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(read("\(dir)/a.yaml") == read("\(dir)/b.yaml"))
    }

    @Test func salesforceContactsAndOpportunityRoles() throws {
        let dir = scratch()
        try write(
            """
            Id,FirstName,LastName,Title,Department,ReportsToId,Email
            0031,Claire,Dupont,CFO,Finance,,claire.dupont@acme.fr
            0032,Hugo,Martin,Head of IT,IT,0031,hugo.martin@acme.fr
            0033,Inès,Roux,Buyer,Procurement,0031,ines.roux@acme.fr

            """, "\(dir)/contacts.csv")
        try write(
            """
            OpportunityId,ContactId,Role,IsPrimary
            006A,0031,Economic Decision Maker,true
            006A,0032,Technical Buyer,false
            006A,0033,Purchasing Agent,false

            """, "\(dir)/roles.csv")
        let r = try stakemap(["import", "\(dir)/contacts.csv", "--into", "\(dir)/acme.yaml", "--profile", "salesforce", "--roles", "\(dir)/roles.csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("role 'Purchasing Agent' has no Stakemap equivalent"))
        let text = read("\(dir)/acme.yaml")
        #expect(text.contains("- id: hugo.martin") && text.contains("reports_to: claire.dupont"))
        #expect(text.contains("economic-buyer: [claire.dupont]"))
        #expect(text.contains("technical-evaluator: [hugo.martin]"))
    }

    @Test func ldifWithFoldedAndBase64Values() throws {
        let dir = scratch()
        try write(
            """
            version: 1

            dn: CN=Claire Dupont,OU=Finance,DC=acme,DC=fr
            objectClass: user
            cn: Claire Dupont
            title: Directrice
              financière
            department: Finance
            mail: claire.dupont@acme.fr

            dn: CN=Noël Ébrard,OU=IT,DC=acme,DC=fr
            objectClass: user
            cn:: Tm/Dq2wgw4licmFyZA==
            title: DSI
            manager: cn=Claire Dupont, ou=Finance, dc=acme, dc=fr
            mail: noel.ebrard@acme.fr

            dn: OU=IT,DC=acme,DC=fr
            objectClass: organizationalUnit

            """.replacingOccurrences(of: "Directrice\n  financière", with: "Directrice\n fi\n nancière"), "\(dir)/ad.ldif")
        let r = try stakemap(["import", "\(dir)/ad.ldif", "--into", "\(dir)/ad.yaml", "--profile", "ldif"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = read("\(dir)/ad.yaml")
        #expect(text.contains("name: Noël Ébrard"))
        #expect(text.contains("title: Directricefinancière"))  // folding drops the line break and one space
        #expect(text.contains("reports_to: claire.dupont"))
        #expect(!text.contains("OU=IT"))
    }

    @Test func malformedRowsAreReportedAndSkippedUnlessStrict() throws {
        let dir = scratch()
        try write(hr + "103;Luc Bonnet;Stagiaire\n104;Anna Blanc;Analyste;DSI;101;anna.blanc@client.fr\n", "\(dir)/hr.csv")
        let r = try stakemap(["import", "\(dir)/hr.csv", "--into", "\(dir)/a.yaml", "--profile", "generic", "--map", map])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("hr.csv:6:4: warning: row has 3 fields but the header has 6; skipped"))
        #expect(r.stdout.contains("4 added"))
        let strict = try stakemap(["import", "\(dir)/hr.csv", "--into", "\(dir)/b.yaml", "--profile", "generic", "--map", map, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("hr.csv:6:4: error: row has 3 fields but the header has 6; fix it"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/b.yaml"))
    }

    @Test func badMappingsAreLocatedAndNothingIsWritten() throws {
        let dir = scratch()
        try write(hr, "\(dir)/hr.csv")
        let r = try stakemap(["import", "\(dir)/hr.csv", "--into", "\(dir)/x.yaml", "--profile", "generic", "--map", "name=Nom complett"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("hr.csv:1:1: error: name is mapped to 'Nom complett', which is not a column — did you mean 'Nom complet'?"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/x.yaml"))
        let k = try stakemap(["import", "\(dir)/hr.csv", "--into", "\(dir)/x.yaml", "--profile", "generic", "--map", "nmae=Nom complet"])
        #expect(k.status == 64)
        #expect(k.stderr.contains("unknown key 'nmae' — did you mean 'name'?"))
    }
}
