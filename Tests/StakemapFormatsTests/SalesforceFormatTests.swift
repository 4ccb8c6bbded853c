import Foundation
import StakemapCore
import Testing
@testable import StakemapFormats

@Suite struct SalesforceFormatTests {
    @Test func everyValueGoesToSalesforceAndComesBackAsItself() {
        for role in BuyingRole.allCases {
            #expect(SalesforceVocabulary.rolesByName[SalesforceVocabulary.name(of: role).lowercased()] == role)
        }
        #expect(Set(SalesforceVocabulary.roleNames.map(\.name)).count == BuyingRole.allCases.count)
        for power in Power.allCases { #expect(SalesforceVocabulary.power(influenceLevel: SalesforceVocabulary.influenceLevel(of: power)) == power) }
        for stance in Stance.allCases { #expect(SalesforceVocabulary.stance(strength: SalesforceVocabulary.strength(of: stance)) == stance) }
        // Salesforce's other standard contact roles are read too.
        #expect(SalesforceVocabulary.rolesByName["economic decision maker"] == .economicBuyer)
        #expect(SalesforceVocabulary.rolesByName["evaluator"] == .technicalEvaluator)
        #expect(SalesforceVocabulary.power(influenceLevel: "Huge") == nil)
    }

    @Test func fifteenAndEighteenCharacterIdsAreOneRecord() {
        #expect(Importer.salesforceKey("0035g00000KxA1bAAF") == "0035g00000KxA1b")
        #expect(Importer.salesforceKey("0035g00000KxA1b") == "0035g00000KxA1b")
        #expect(Importer.salesforceKey("employee-00000001") == "employee-00000001")
        #expect(Importer.salesforceKey("emp-0000000000-001") == "emp-0000000000-001")  // 18 characters, not an Id
        #expect(Importer.exportedDay("2026-10-02T14:30:00.000Z") == Day(iso: "2026-10-02"))
        #expect(Importer.exportedDay("02/10/2026") == nil)
    }

    @Test func crmIdsRoundTripThroughTheFileAndTheDirectory() throws {
        let yaml = """
            stakemap: 1
            account: { name: A }
            team:
              - { id: a.martin, name: Alice, crm_id: 0055g00000Lp2MaAAJ }
            people:
              - { id: p, name: P, crm_id: "0035g00000KxA1aAAF" }

            """
        let r = load(yaml)
        #expect(!r.hasErrors, "\(printed(r))")
        let account = try #require(r.file?.account)
        #expect(account.team[0].crmId == "0055g00000Lp2MaAAJ" && account.people[0].crmId == "0035g00000KxA1aAAF")
        #expect(AccountWriter.text(AccountFile(account: account), syntax: .yaml).contains("crm_id: \"0035g00000KxA1aAAF\""))
        #expect(account.anonymized().people[0].crmId == nil)
        // A directory gains the column only when someone has a CRM id.
        let csv = DirectoryWriter.peopleCSV(account.people)
        #expect(csv.hasPrefix("id,name,title,unit,site,level,email,crm_id,reports_to,dotted,left\np,P,,,,,,0035g00000KxA1aAAF,,,\n"))
        #expect(DirectoryWriter.peopleCSV([Person(id: "q", name: "Q")]).hasPrefix(DirectoryWriter.peopleColumns.joined(separator: ",") + "\n"))
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/org", withIntermediateDirectories: true)
        try csv.write(toFile: dir + "/org/people.csv", atomically: true, encoding: .utf8)
        try "stakemap: 1\naccount: { name: A }\ndirectory: org\n".write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let fromDirectory = AccountLoader.load(path: dir + "/a.yaml")
        #expect(!fromDirectory.hasErrors, "\(printed(fromDirectory))")
        #expect(fromDirectory.file?.account.people.first?.crmId == "0035g00000KxA1aAAF")
    }
}
