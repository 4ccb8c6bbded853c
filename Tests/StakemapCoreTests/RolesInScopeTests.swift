import Testing
@testable import StakemapCore

/// An account whose roles are recorded per deal, as a CRM's contact roles are.
@Suite struct RolesInScopeTests {
    func dealsOnly() -> Account {
        var a = smallAccount()
        for i in a.people.indices { a.people[i].roles = [] }
        a.people.append(Person(id: "gone", name: "Gone", reportsTo: "ceo", left: Day(iso: "2026-01-01")))
        a.opportunities = [
            Opportunity(id: "empty", name: "Empty", roles: [.economicBuyer: ["gone"]]),
            Opportunity(id: "deal", name: "Big deal", roles: [.economicBuyer: ["cfo"], .champion: ["dev", "cfo"]]),
        ]
        return a
    }

    @Test func theAccountScopeSaysWhereTheRolesAre() throws {
        let a = try analyse(dealsOnly())
        #expect(a.score.value == nil)
        // Someone who left holds no role that counts.
        #expect(a.rolesOnOpportunities == [RolesOnOpportunity(id: "deal", name: "Big deal", holders: 2)])
        #expect(a.noScoreReason == "no account-level roles, so no account score: the roles are recorded on opportunity deal (Big deal) with 2 people")
        let gap = try #require(a.gaps().first { $0.kind == .missingRole && $0.subject == .account })
        #expect(gap.reason == a.noScoreReason)
        #expect(gap.action == "analyse the buying centre of opportunity deal, or make its roles the account's (the import can copy them)")
        // The words describe; no option of the command line is named.
        #expect(!gap.reason.contains("--") && !gap.action.contains("--"))
        #expect(try analyse(dealsOnly(), scope: .opportunity("deal")).noScoreReason == nil)
        #expect(try analyse(dealsOnly(), scope: .opportunity("empty")).noScoreReason == "nobody holds a buying role in opportunity empty, so there is no score")
    }

    @Test func rolesInScopeAreTheOpportunitysInItsScope() throws {
        var account = dealsOnly()
        account.people[0].roles = [.legal]  // ceo, at the account level
        let whole = try analyse(account)
        let deal = try analyse(account, scope: .opportunity("deal"))
        func roles(_ a: AccountAnalysis, _ id: String) -> [BuyingRole] { a.rolesInScope(of: a.graph.node(id) ?? -1) }
        #expect(roles(whole, "ceo") == [.legal] && roles(whole, "cfo") == [])
        #expect(roles(deal, "ceo") == [] && roles(deal, "cfo") == [.economicBuyer, .champion] && roles(deal, "dev") == [.champion])
        #expect(roles(deal, "t") == [])
    }

    @Test func anAccountWithoutAnyRoleSaysSo() throws {
        var account = smallAccount()
        for i in account.people.indices { account.people[i].roles = [] }
        let a = try analyse(account)
        #expect(a.rolesOnOpportunities.isEmpty)
        #expect(a.noScoreReason == "nobody holds a buying role, so there is no score")
        #expect(a.noScoreAction == "identify the economic buyer, the sponsor and the decision makers, and record their roles")
        #expect(try analyse(smallAccount()).noScoreReason == nil)
    }

    @Test func copyingAnOpportunitysRolesAddsAndNeverRemoves() throws {
        var a = dealsOnly()
        a.people[0].roles = [.legal]
        a.people[1].roles = [.champion]
        #expect(try a.copyRolesToAccount(from: "deal") == ["cfo", "dev"])
        #expect(a.people.map(\.roles) == [[.legal], [.economicBuyer, .champion], [.champion], []])
        #expect(try a.copyRolesToAccount(from: "deal") == [])
        #expect(try a.copyRolesToAccount(from: "empty") == [])  // who left gains nothing
        #expect(throws: EditError("unknown opportunity 'dael' — did you mean 'deal'?")) { try a.copyRolesToAccount(from: "dael") }
        #expect(a.hasAccountRoles())
        #expect(smallAccount().opportunitiesWithRoles().isEmpty)
    }
}
