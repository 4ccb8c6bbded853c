import Testing
@testable import StakemapCore

/// What a diff says of a gained or lost relationship.
@Suite struct ChangesTests {
    let oldDay = Day(iso: "2026-03-01") ?? Day(daysSinceEpoch: 0)
    let newDay = Day(iso: "2026-06-01") ?? Day(daysSinceEpoch: 0)

    func snapshot(_ halfLife: Int, on day: Day, knows theirs: String, lastContact: Day) throws -> AccountAnalysis {
        let account = Account(
            info: AccountInfo(name: "X"), settings: Settings(halfLife: halfLife),
            team: [TeamMember(id: "ours", name: "Ours")],
            people: [Person(id: "p", name: "P"), Person(id: "q", name: "Q", reportsTo: "p")],
            relationships: [Relationship(ours: "ours", theirs: theirs, strength: 0.8, lastContact: lastContact)])
        return try AccountAnalysis(account: account, asOf: day, parameters: account.settings.resolved)
    }

    /// A gained relationship decays with the new snapshot's half-life as of its day, a lost
    /// one with the old snapshot's as of its day — not with the default 180 days.
    @Test func relationshipsDecayWithTheirSnapshotsHalfLife() throws {
        // Lost: 60 days old on the old day, half-life 60 there → 0.40 (0.63 with 180, 0.20 with 30).
        let old = try snapshot(60, on: oldDay, knows: "p", lastContact: oldDay.adding(days: -60))
        // Gained: 30 days old on the new day, half-life 30 there → 0.40 (0.71 with 180, 0.57 with 60).
        let new = try snapshot(30, on: newDay, knows: "q", lastContact: newDay.adding(days: -30))
        let changes = AccountChanges(old: old, new: new).changes
        let gained = changes.filter { $0.kind == .relationshipGained }
        let lost = changes.filter { $0.kind == .relationshipLost }
        #expect(gained.map(\.subject) == ["ours→q"])
        #expect(gained.first?.after == "strength 0.80, now 0.40, last contact 2026-05-02")
        #expect(lost.map(\.subject) == ["ours→p"])
        #expect(lost.first?.before == "strength 0.80, now 0.40, last contact 2025-12-31")
    }

    @Test func bothSnapshotsAtHalfLife30() throws {
        let old = try snapshot(30, on: oldDay, knows: "p", lastContact: oldDay.adding(days: -60))
        let new = try snapshot(30, on: newDay, knows: "q", lastContact: newDay.adding(days: -30))
        let changes = AccountChanges(old: old, new: new).changes
        #expect(changes.first { $0.kind == .relationshipGained }?.after?.contains("now 0.40,") == true)
        #expect(changes.first { $0.kind == .relationshipLost }?.before?.contains("now 0.20,") == true)
    }
}
