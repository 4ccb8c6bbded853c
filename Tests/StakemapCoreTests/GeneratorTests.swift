import Testing
@testable import StakemapCore

@Suite struct GeneratorTests {
    let day = Day(iso: "2026-11-01")!

    @Test func sameSeedSameAccountOtherSeedOtherAccount() {
        let a = OrganisationGenerator(people: 300, seed: 4, asOf: day).generate().account
        let b = OrganisationGenerator(people: 300, seed: 4, asOf: day).generate().account
        let c = OrganisationGenerator(people: 300, seed: 5, asOf: day).generate().account
        #expect(a == b)
        #expect(a != c)
    }

    @Test(arguments: [1, 2, 10, 60, 1000, 5000], OrganisationGenerator.Sector.allCases)
    func generatesAValidOrganisationOfTheRequestedSize(_ n: Int, _ sector: OrganisationGenerator.Sector) {
        let out = OrganisationGenerator(people: n, seed: 9, sector: sector, asOf: day).generate()
        let a = out.account
        let real = a.people.filter { !$0.placeholder }
        #expect(real.count == n)
        #expect(a.check().filter { $0.severity == .error }.isEmpty)
        // One chief executive at the top; everyone else reports to someone.
        #expect(Hierarchy(a.people).roots.count == 1)
        if n >= 60 {
            let s = a.summary(asOf: day)
            #expect(s.roleHolders.contains { $0.role == .economicBuyer })
            #expect(s.roleHolders.contains { $0.role == .champion })
            #expect(a.people.contains { $0.stance == .enemy && $0.power == .innerCircle })
            #expect(a.people.contains { $0.left != nil })
            #expect(a.relationships.contains { $0.lastContact.map { day.days(since: $0) > 90 } ?? false })
        }
    }

    @Test func spansAreRealistic() {
        let a = OrganisationGenerator(people: 10_000, seed: 3, asOf: day).generate().account
        let h = Hierarchy(a.people)
        let spans = h.reports.filter { !$0.isEmpty }.map(\.count)
        #expect(spans.max()! <= 12)
        #expect(Double(spans.reduce(0, +)) / Double(spans.count) > 3)
        #expect(a.links.count >= 29_000)
    }
}
