import Testing
@testable import StakemapCore

func messages(_ a: Account, _ severity: Problem.Severity = .error) -> [String] {
    a.check().filter { $0.severity == severity }.map(\.message)
}

@Suite struct ValidationTests {
    let team = [TeamMember(id: "a.martin", name: "Alice Martin", level: .director)]

    @Test func aConsistentAccountHasNoProblem() {
        let a = Account(
            info: AccountInfo(name: "X", owner: "a.martin"), team: team,
            people: [Person(id: "c", name: "C"), Person(id: "d", name: "D", reportsTo: "c")],
            links: [Link(from: "d", to: "c", type: .influence, strength: 0.5)],
            relationships: [Relationship(ours: "a.martin", theirs: "c", level: .vendor)])
        #expect(a.check().isEmpty)
    }

    @Test func namesEveryPersonOnAReportingCycle() {
        let a = Account(
            info: AccountInfo(name: "X"),
            people: [
                Person(id: "top", name: "Top"),
                Person(id: "a", name: "A", reportsTo: "c"),
                Person(id: "b", name: "B", reportsTo: "a"),
                Person(id: "c", name: "C", reportsTo: "b"),
                Person(id: "d", name: "D", reportsTo: "c"),
            ])
        let problems = a.check().filter { $0.severity == .error }
        #expect(problems.count == 1)
        #expect(problems.first?.message == "reporting cycle: a → c → b → a; break it by correcting one reports_to")
        #expect(problems.first?.subject == Subject(.people, 1, ["reports_to"]))
    }

    @Test func reportsSelfReferencesAndUnknownIdsWithSuggestions() {
        let a = Account(
            info: AccountInfo(name: "X", owner: "a.martn"), team: team,
            people: [
                Person(id: "h.dubois", name: "H", reportsTo: "h.dubois"),
                Person(id: "f.lefevre", name: "F", reportsTo: "h.dubios", dotted: ["f.lefevre"]),
            ], links: [Link(from: "f.lefevre", to: "f.lefevre", type: .influence, strength: 0.5)],
            relationships: [Relationship(ours: "h.dubois", theirs: "a.martin", level: .vendor)])
        let m = messages(a)
        #expect(m.contains("unknown team member 'a.martn' in account owner — did you mean 'a.martin'?"))
        #expect(m.contains("'h.dubois' reports to themselves; remove reports_to or name their manager"))
        #expect(m.contains("unknown person 'h.dubios' in reports_to of 'f.lefevre' — did you mean 'h.dubois'?"))
        #expect(m.contains("'f.lefevre' has a dotted line to themselves"))
        #expect(m.contains("link from 'f.lefevre' to themselves; a link joins two different people"))
        #expect(m.contains("relationship 'ours' 'h.dubois' is a person of the client, not a member of our team"))
        #expect(m.contains("relationship 'theirs' 'a.martin' is a member of our team, not a person of the client"))
    }

    @Test func rejectsDuplicateIdsAcrossTeamAndPeople() {
        let a = Account(
            info: AccountInfo(name: "X"), team: team + [TeamMember(id: "a.martin", name: "Twice")],
            people: [Person(id: "p", name: "P"), Person(id: "p", name: "Q"), Person(id: "a.martin", name: "Clash")])
        let m = messages(a)
        #expect(m.contains { $0.hasPrefix("duplicate team id 'a.martin'") })
        #expect(m.contains { $0.hasPrefix("duplicate person id 'p'") })
        #expect(m.contains { $0.hasPrefix("id 'a.martin' is used both by a team member and by a person") })
    }

    @Test(arguments: [Double.nan, 0, -0.2, 1.0000001, .infinity])
    func rejectsStrengthsOutsideTheUnitInterval(_ s: Double) {
        let a = Account(
            info: AccountInfo(name: "X"), team: team, people: [Person(id: "p", name: "P"), Person(id: "q", name: "Q")],
            links: [Link(from: "p", to: "q", type: .influence, strength: s)],
            relationships: [Relationship(ours: "a.martin", theirs: "p", strength: s)])
        let errors = a.check().filter { $0.severity == .error }
        #expect(errors.map(\.subject) == [Subject(.links, 0, ["strength"]), Subject(.relationships, 0, ["strength"])])
        #expect(errors.allSatisfy { $0.message.contains("(0, 1]") })
    }

    @Test func acceptsStrengthOne() {
        #expect(strengthProblem(1) == nil)
        #expect(strengthProblem(0.01) == nil)
    }

    @Test func warnsWithoutFailing() {
        let a = Account(
            info: AccountInfo(name: "X"), team: team,
            people: [
                Person(id: "p", name: "P"), Person(id: "q", name: "Q", left: Day(iso: "2026-01-01")),
            ], relationships: [Relationship(ours: "a.martin", theirs: "q", level: .vendor)],
            opportunities: [Opportunity(id: "o", name: "O", roles: [.economicBuyer: ["p", "q"]])])
        #expect(messages(a).isEmpty)
        let w = messages(a, .warning)
        #expect(w.contains("relationship with 'q', who has left; it no longer counts"))
        #expect(w.contains("opportunity 'o' has 2 economic buyers (p, q); one usually signs"))
    }

    @Test func relationshipNeedsExactlyOneOfLevelAndStrength() {
        let a = Account(
            info: AccountInfo(name: "X"), team: team, people: [Person(id: "p", name: "P")],
            relationships: [
                Relationship(ours: "a.martin", theirs: "p", level: .vendor, strength: 0.3),
                Relationship(ours: "a.martin", theirs: "p"),
            ])
        let m = messages(a)
        #expect(m.contains("give either level or strength, not both"))
        #expect(m.contains { $0.hasPrefix("relationship a.martin → p has neither level nor strength") })
    }
}

@Suite struct IdTableTests {
    /// The published FNV-1a 64-bit test vectors, and another basis.
    @Test func fnv1aMatchesThePublishedVectors() {
        #expect(fnv1a([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(fnv1a("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(fnv1a("foobar".utf8) == 0x8594_4171_f739_67e8)
        #expect(fnv1a("a".utf8, basis: 0) == 0x61 &* 0x0000_0100_0000_01B3)
    }

    /// The table agrees with a Dictionary on random ids: short, long, accented, empty,
    /// sharing prefixes, through several growths.
    @Test func agreesWithADictionary() {
        var table = IdTable()
        var reference: [String: Int] = [:]
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let parts = ["a", "é", "jean.", "dupont", "0", "-", "x.y.z.long.identifier.", ""]
        for i in 0..<5000 {
            let id = (0..<Int(next() % 5)).map { _ in parts[Int(next() % UInt64(parts.count))] }.joined()
            let previous = table.insertIfAbsent(id, i)
            #expect(previous == reference[id])
            if reference[id] == nil { reference[id] = i }
        }
        #expect(table.count == reference.count)
        for (id, v) in reference { #expect(table[id] == v) }
        for missing in ["jean.dupont.absent", "é.", "ZZ"] where reference[missing] == nil { #expect(table[missing] == nil) }
    }
}

extension IdTableTests {
    /// The hash reads every byte of a key, whatever its length (whole words, the last
    /// partial word, keys under eight bytes), and its length: keys one byte apart at any
    /// place, and keys of zero bytes of different lengths, all hash apart.
    @Test func theHashReadsEveryByte() {
        var seen: [UInt64: [UInt8]] = [:]
        func add(_ key: [UInt8]) {
            let h = key.withUnsafeBufferPointer(IdTable.hash)
            #expect(seen[h] == nil || seen[h] == key, "\(key) and \(seen[h] ?? []) hash alike")
            seen[h] = key
        }
        for length in 0...40 {
            let base = (0..<length).map { UInt8(ascii: "a") &+ UInt8($0 % 26) }
            add(base)
            add([UInt8](repeating: 0, count: length))
            for place in 0..<length {
                var key = base
                key[place] ^= 0x01
                add(key)
            }
        }
        #expect(seen.count == 41 + 41 + (0...40).reduce(0, +) - 1)
    }
}

extension IdTableTests {
    /// Looking many keys up at once, by their hashes, gives what looking each up gives.
    @Test func groupLookupsMatchSingleOnes() {
        var table = IdTable()
        for i in 0..<3000 { table.insertIfAbsent("person.with.a.long.id.\(i * 7)", i) }
        var keys = (0..<1000).map { "person.with.a.long.id.\($0 * 3)" } + ["", "nobody", "person.with.a.long.id.7"]
        let hashes = keys.indices.map { keys[$0].withUTF8(IdTable.hash) }
        let values = table.values(hashes: hashes) { keys[$0] }
        #expect(values.map(Int.init) == keys.map { table[$0] ?? -1 })
        #expect(values.contains(-1) && values.contains(1))
    }
}

extension IdTableTests {
    /// Two keys whose hashes share their low 32 bits (all a slot keeps, and where both
    /// start probing) are still told apart by their bytes.
    @Test func keysSharingASlotTagStayApart() throws {
        var byTag: [UInt32: String] = [:]
        var pair: (String, String)? = nil
        var i = 0
        while pair == nil && i < 1_000_000 {
            var id = "person.\(i)"
            let tag = UInt32(truncatingIfNeeded: id.withUTF8(IdTable.hash))
            if let other = byTag[tag] { pair = (other, id) } else { byTag[tag] = id }
            i += 1
        }
        let (a, b) = try #require(pair)
        var table = IdTable()
        #expect(table.insertIfAbsent(a, 1) == nil)
        #expect(table.insertIfAbsent(b, 2) == nil)
        #expect(table.insertIfAbsent(a, 3) == 1)
        #expect(table[a] == 1 && table[b] == 2)
        var keys = [a, b]
        #expect(table.values(hashes: keys.indices.map { keys[$0].withUTF8(IdTable.hash) }) { keys[$0] } == [1, 2])
    }
}

extension IdTableTests {
    /// Walking the table gives every key once, with its value, whatever the growths.
    @Test func walkingGivesEveryKeyOnce() {
        var table = IdTable()
        var reference: [String: Int] = [:]
        for i in 0..<2500 {
            let id = i % 3 == 0 ? "é.\(i % 1000)" : "id.\(i)"
            if table.insertIfAbsent(id, i) == nil { reference[id] = i }
        }
        var seen: [String: Int] = [:]
        table.forEach { bytes, value in
            let key = String(decoding: bytes, as: UTF8.self)
            #expect(seen[key] == nil)
            seen[key] = value
        }
        #expect(seen == reference)
    }
}

extension ValidationTests {
    /// An account whose people's ids have every kind of problem the id checks find.
    var oddIds: Account {
        Account(
            info: AccountInfo(name: "X"), team: team,
            people: [
                Person(id: "x y", name: "Spaced"), Person(id: "p", name: ""), Person(id: "é.ok", name: "Accented"),
                Person(id: "a.martin", name: "Clash"), Person(id: "q", name: "", placeholder: true),
                Person(id: "r", name: "R", reportsTo: "r"), Person(id: "s", name: "S", reportsTo: "nobody"),
                Person(id: "t", name: "T", reportsTo: "p"),
            ])
    }

    /// The reader's table and managers stand for the lookups, not for the checks.
    @Test func aReadersHintsGiveTheSameProblems() {
        let a = oddIds
        var table = IdTable()
        for (i, p) in a.people.enumerated() { table.insertIfAbsent(p.id, i) }
        var managers = ManagerHints()
        for p in a.people { managers.append(managerAt: p.reportsTo.flatMap { table[$0] }) }
        managers.forget(7)  // as if t's reports_to changed after reading
        let hinted = a.checkAndIndex(ReaderHints(people: table, managers: managers))
        let plain = a.checkAndIndex()
        #expect(hinted.problems == plain.problems)
        #expect(hinted.index.manager == plain.index.manager)
        #expect(plain.index.manager == [-1, -1, -1, -1, -1, -1, -1, 1])
        #expect(
            plain.problems.map(\.message) == [
                "id 'x y' contains white space or a control character; use letters, digits, '.', '-' or '_'",
                "person 'p' has an empty name",
                "id 'a.martin' is used both by a team member and by a person; people and team share one id space",
                "'r' reports to themselves; remove reports_to or name their manager",
                "unknown person 'nobody' in reports_to of 's'",
            ])
        #expect(managers[0] == .nobody && managers[5] == .person(5) && managers[7] == .unresolved && managers[99] == .unresolved)
    }

    /// Id problems come in person order, each person's in the order of the checks.
    @Test func idProblemsComeInPersonOrder() {
        let a = Account(
            info: AccountInfo(name: "X"), team: team,
            people: [
                Person(id: "a.martin", name: "Clash"), Person(id: "x y", name: "A"), Person(id: "p", name: ""),
                Person(id: "p", name: ""), Person(id: "x y", name: "B"),
            ])
        let problems = a.check()
        #expect(
            problems.map(\.subject) == [
                Subject(.people, 0, ["id"]), Subject(.people, 1, ["id"]), Subject(.people, 2, ["name"]),
                Subject(.people, 3, ["id"]), Subject(.people, 3, ["name"]), Subject(.people, 4, ["id"]), Subject(.people, 4, ["id"]),
            ])
        #expect(problems[3].message == "duplicate person id 'p' (first used by ''); ids must be unique")
        #expect(problems[5].message.hasPrefix("id 'x y' contains white space"))
        #expect(problems[6].message.hasPrefix("duplicate person id 'x y'"))
    }

    /// The file's settings are checked by the `Setting` table, located at their key.
    @Test func settingsAreCheckedByTheirRule() {
        let a = Account(info: AccountInfo(name: "X"), settings: Settings(down: 0, halfLife: 0, staleAfter: 0, paths: 1001))
        #expect(
            a.check() == [
                Problem(.error, Subject(.settings, nil, ["down"]), "down must be a strength in (0, 1], not 0"),
                Problem(.error, Subject(.settings, nil, ["half_life"]), "half_life must be a whole number of days from 1 to 36500, not 0"),
                Problem(.error, Subject(.settings, nil, ["paths"]), "paths must be a whole number from 1 to 1000, not 1001"),
            ])
        #expect(a.settings.problems().map(\.setting) == [.down, .halfLife, .paths])
    }
}
