extension Account {
    /// Checks the account's consistency: ids, references, the reporting hierarchy, values.
    ///
    /// Errors make the account unusable for analysis (unknown ids, duplicate ids,
    /// reporting cycles, out-of-range values); warnings point at data that is
    /// probably wrong but still usable (a relationship with someone who has left,
    /// two economic buyers on one opportunity). Problems come in entity order.
    /// Complexity: O(n) in the size of the account, plus the cost of "did you mean"
    /// suggestions for unknown ids (bounded to the first 100 of them).
    public func check() -> [Problem] { checkAndIndex().problems }

    /// Checks the account (as `check`) and returns, with the problems, the ids the checks
    /// resolved, so that building the influence graph need not resolve them again.
    /// - Parameter hints: what the reader of the account's files resolved as it read; the
    ///   checks trust it instead of doing that work again. Hints whose people table does
    ///   not hold as many ids as the account has people are not used.
    package func checkAndIndex(_ hints: ReaderHints? = nil) -> AccountCheck {
        let fitting = hints.flatMap { $0.people.count == people.count ? $0 : nil }
        var checker = AccountChecker(account: self, peopleIndex: fitting?.people)
        if let linkHashes = hints?.linkHashes, linkHashes.count <= 2 * links.count && linkHashes.count % 2 == 0 {
            checker.linkHashes = linkHashes
        }
        if let managers = fitting?.managers, managers.count <= people.count { checker.managerHints = managers }
        checker.run()
        let index = AccountIndex(
            people: checker.personIndex, team: checker.teamIndex,
            manager: checker.manager.map { Int32($0) }, linkEnds: checker.linkEnds, duplicate: checker.duplicate,
            of: self)
        return AccountCheck(problems: checker.problems, index: index)
    }
}

/// The result of `Account.checkAndIndex`: the checks' problems and the ids they resolved.
package struct AccountCheck: Sendable {
    package let problems: [Problem]
    package let index: AccountIndex
}

/// What a reader of an account's files resolved while reading, handed to the checks
/// (`Account.checkAndIndex`) so that they need not do it again. The checks trust it: only
/// the package's own readers make one.
package struct ReaderHints: Sendable {
    /// Every person's id → their position in the account's people, each id once (the
    /// reader reported and dropped repeated ids as it read).
    package var people: IdTable
    /// `IdTable.hash` of the first links' `from` and `to`, in that order (two per link);
    /// the checks hash the rest.
    package var linkHashes: [UInt64]
    /// The first people's managers as resolved against `people`; the checks resolve the rest.
    package var managers: ManagerHints

    package init(people: IdTable, linkHashes: [UInt64] = [], managers: ManagerHints = ManagerHints()) {
        self.people = people
        self.linkHashes = linkHashes
        self.managers = managers
    }
}

/// Each person's manager as a reader resolved it, in the order of the people (4 bytes a
/// person: a directory holds 100,000 of them).
package struct ManagerHints: Sendable {
    /// What a reader knows of one person's manager.
    package enum Hint: Sendable, Hashable {
        /// Their `reports_to` names the person at this position.
        case person(Int)
        /// They have no `reports_to`, or it names nobody among the people read.
        case nobody
        /// Not known: their `reports_to` changed after reading (or they were not read).
        case unresolved
    }

    /// Per person: the manager's position, `nobody` or `unresolved` (the two negative codes).
    private var codes: [Int32] = []
    private static let nobody: Int32 = -1, unresolved: Int32 = -2

    package init() {}

    package init(capacity: Int) { codes.reserveCapacity(capacity) }

    package var count: Int { codes.count }

    /// Adds the next person's manager: the position of the person their `reports_to`
    /// names, or nil when they have none or it names nobody.
    package mutating func append(managerAt position: Int?) {
        codes.append(position.map { Int32($0) } ?? Self.nobody)
    }

    /// Marks the manager of the person at `position` as not known (their `reports_to`
    /// changed since it was resolved); positions beyond `count` are not known anyway.
    package mutating func forget(_ position: Int) {
        if position < codes.count { codes[position] = Self.unresolved }
    }

    /// The hint for the person at `position`; `unresolved` beyond `count`.
    package subscript(position: Int) -> Hint {
        guard position < codes.count else { return .unresolved }
        let code = codes[position]
        return code >= 0 ? .person(Int(code)) : code == Self.nobody ? .nobody : .unresolved
    }
}

/// The ids of an account resolved once: id → position tables for people and team, each
/// person's manager and each link's two ends (-1 where an id names nobody). Valid for
/// exactly the account it was made from, as it was then: `matches` tells.
package struct AccountIndex: Sendable {
    package let people: IdTable
    package let team: IdTable
    /// Person index of each person's solid-line manager, or -1.
    package let manager: [Int32]
    /// Person indices of each link's `from` and `to` (2 per link), or -1.
    package let linkEnds: [Int32]
    /// Whether each person repeats the id of an earlier one (only the first counts).
    package let duplicate: [Bool]
    /// The arrays the index was made from. Kept, not copied: copies of an array share its
    /// storage until one of them changes, and then that one gets storage of its own.
    private let madeFrom: (people: [Person], team: [TeamMember], links: [Link])

    /// Resolves the ids of `account` (by running its checks).
    package init(_ account: Account) { self = account.checkAndIndex().index }

    init(people: IdTable, team: IdTable, manager: [Int32], linkEnds: [Int32], duplicate: [Bool], of account: Account) {
        self.duplicate = duplicate
        self.people = people
        self.team = team
        self.manager = manager
        self.linkEnds = linkEnds
        self.madeFrom = (account.people, account.team, account.links)
    }

    /// Whether this index describes `account`: its people, team and links are the very
    /// arrays the index was made from, unchanged. O(1). An account whose arrays were
    /// changed, even back to equal values, or rebuilt, does not match.
    package func matches(_ account: Account) -> Bool {
        isSameStorage(account.people, madeFrom.people) && isSameStorage(account.team, madeFrom.team)
            && isSameStorage(account.links, madeFrom.links)
    }
}

/// Whether `a` and `b` share one storage, and so hold the same elements: `b` keeps its
/// storage alive (no other array can be given it), and Swift copies shared storage
/// before any change (copy-on-write), so an array still found in it is unchanged.
/// False for equal arrays in separate storage.
func isSameStorage<T>(_ a: [T], _ b: [T]) -> Bool {
    guard a.count == b.count else { return false }
    if a.isEmpty { return true }
    return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
}

/// Strength values in (0, 1]; names the problem for one that is not.
public func strengthProblem(_ value: Double) -> String? {
    if value.isNaN { return "strength is NaN; give a number in (0, 1], such as 0.5" }
    if value <= 0 { return "strength \(format(value)) is not above 0; give a number in (0, 1], such as 0.5" }
    if value > 1 { return "strength \(format(value)) is above 1; give a number in (0, 1], such as 0.5" }
    return nil
}

func format(_ value: Double) -> String {
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    return "\(value)"
}

/// Whether an id's bytes are non-empty printable ASCII without spaces: always a valid id
/// (the fast path of `idProblem`).
@inline(__always) func isPlainId<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    !bytes.isEmpty && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
}

/// A valid id: non-empty, no white space or control characters, and not starting with
/// characters that YAML or CSV give a meaning to.
public func idProblem(_ id: String) -> String? {
    if id.isEmpty { return "id is empty" }
    // Fast path: printable ASCII other than the space is always fine.
    if isPlainId(id.utf8) { return nil }
    for s in id.unicodeScalars where s.properties.isWhitespace || s.value < 0x20 || s.value == 0x7F {
        return "id '\(id)' contains white space or a control character; use letters, digits, '.', '-' or '_'"
    }
    return nil
}

private struct AccountChecker {
    let account: Account
    var problems: [Problem] = []
    var personIndex: IdTable
    var teamIndex = IdTable()
    /// Each person's manager index (-1 for none), filled by `checkPeople`.
    var manager: [Int] = []
    /// Person indices of each link's ends, filled by `checkLinks`.
    var linkEnds: [Int32] = []
    /// Whether a person's id was used by an earlier person (only the first counts).
    var duplicate: [Bool] = []
    var suggestionsLeft = 100
    lazy var personSuggester = Suggester(account.people.map(\.id))
    lazy var teamSuggester = Suggester(account.team.map(\.id))

    /// Hashes of link ends given by the reader (see `ReaderHints`).
    var linkHashes: [UInt64] = []
    /// Managers resolved by the reader (see `ReaderHints`).
    var managerHints = ManagerHints()
    /// Whether `personIndex` came built from the caller (every id once, at its position).
    let prebuilt: Bool

    init(account: Account, peopleIndex: IdTable?) {
        self.account = account
        prebuilt = peopleIndex != nil
        personIndex = peopleIndex ?? IdTable(capacity: account.people.count)
    }

    mutating func error(_ s: Subject, _ m: String) { problems.append(Problem(.error, s, m)) }
    mutating func warning(_ s: Subject, _ m: String) { problems.append(Problem(.warning, s, m)) }

    mutating func run() {
        indexIds()
        Trace.mark("check: ids")
        checkAccount()
        checkSettings()
        checkPeople()
        Trace.mark("check: people")
        checkCycles()
        Trace.mark("check: cycles")
        checkLinks()
        Trace.mark("check: links")
        checkRelationships()
        checkOpportunities()
        checkInteractions()
    }

    mutating func indexIds() {
        for (i, m) in account.team.enumerated() {
            if let p = idProblem(m.id) { error(Subject(.team, i, ["id"]), p) }
            if let first = teamIndex.insertIfAbsent(m.id, i) {
                error(Subject(.team, i, ["id"]), "duplicate team id '\(m.id)' (first used by team entry \(first + 1)); ids must be unique")
            }
            if m.name.isEmpty { error(Subject(.team, i, ["name"]), "team member '\(m.id)' has an empty name") }
            if let c = m.capacity, c < 0 { error(Subject(.team, i, ["capacity"]), "capacity \(c) is negative; give the number of visits, 0 or more") }
        }
        duplicate = [Bool](repeating: false, count: account.people.count)
        checkIds()
        var opportunityIds: [String: Int] = [:]
        for (i, o) in account.opportunities.enumerated() {
            if let e = idProblem(o.id) { error(Subject(.opportunities, i, ["id"]), e) }
            if opportunityIds[o.id] != nil {
                error(Subject(.opportunities, i, ["id"]), "duplicate opportunity id '\(o.id)'; ids must be unique")
            } else {
                opportunityIds[o.id] = i
            }
        }
    }

    /// People's ids: indexed here unless the reader did it (then each id is in the table
    /// once, at its person's position), then checked. One path either way: the ids' form
    /// is read from the table's arena (one block, not 100,000 separate strings), clashes
    /// with our team's ids are looked up per colleague, and the problems are put in
    /// person order at the end.
    mutating func checkIds() {
        let people = account.people
        /// The checks of one person's id, in the order their problems are listed.
        enum Check: Int { case form, repeated, clash, name }
        var found: [(person: Int, check: Check, message: String)] = []
        var repeats: [Int] = []
        if prebuilt {
            assert(people.indices.allSatisfy { personIndex[people[$0].id] == $0 }, "the reader's index does not match the people")
        } else {
            for i in people.indices {
                guard let first = personIndex.insertIfAbsent(people[i].id, i) else { continue }
                duplicate[i] = true
                repeats.append(i)
                found.append((i, .repeated, "duplicate person id '\(people[i].id)' (first used by '\(people[first].name)'); ids must be unique"))
            }
        }
        // The arena holds each id once, for its first person: repeats are checked one by one.
        var odd = repeats
        personIndex.forEach { bytes, i in
            if !isPlainId(bytes) { odd.append(i) }
        }
        for i in odd {
            if let e = idProblem(people[i].id) { found.append((i, .form, e)) }
        }
        var clashes = Set(account.team.compactMap { personIndex[$0.id] })
        for i in repeats where teamIndex[people[i].id] != nil { clashes.insert(i) }
        for i in clashes {
            found.append((i, .clash, "id '\(people[i].id)' is used both by a team member and by a person; people and team share one id space"))
        }
        for i in people.indices where people[i].name.isEmpty && !people[i].placeholder {
            found.append((i, .name, "person '\(people[i].id)' has an empty name"))
        }
        found.sort { ($0.person, $0.check.rawValue) < ($1.person, $1.check.rawValue) }
        for f in found { error(Subject(.people, f.person, [f.check == .name ? "name" : "id"]), f.message) }
    }

    /// Checks that `id` names a person; returns that person's index.
    @discardableResult
    mutating func person(_ id: String, at subject: @autoclosure () -> Subject, what: @autoclosure () -> String) -> Int? {
        if let i = personIndex[id] { return i }
        let s = subject(), what = what()
        if teamIndex[id] != nil {
            error(s, "\(what) '\(id)' is a member of our team, not a person of the client")
        } else {
            error(s, "unknown person '\(id)' in \(what)\(suggest(id, team: false))")
        }
        return nil
    }

    @discardableResult
    mutating func teamMember(_ id: String, at subject: @autoclosure () -> Subject, what: @autoclosure () -> String) -> Int? {
        if let i = teamIndex[id] { return i }
        let s = subject(), what = what()
        if personIndex[id] != nil {
            error(s, "\(what) '\(id)' is a person of the client, not a member of our team")
        } else {
            error(s, "unknown team member '\(id)' in \(what)\(suggest(id, team: true))")
        }
        return nil
    }

    mutating func suggest(_ id: String, team: Bool) -> String {
        guard suggestionsLeft > 0 else { return "" }
        suggestionsLeft -= 1
        return team ? teamSuggester.hint(for: id) : personSuggester.hint(for: id)
    }

    mutating func checkAccount() {
        if account.info.name.isEmpty { error(Subject(.account, nil, ["name"]), "the account has an empty name") }
        if let owner = account.info.owner { teamMember(owner, at: Subject(.account, nil, ["owner"]), what: "account owner") }
        if let r = account.info.referencing {
            if r.status == .viaPartner && (r.partner ?? "").isEmpty {
                warning(Subject(.account, nil, ["referencing", "status"]), "referencing is via-partner but no partner is named; add 'partner: NAME'")
            }
        }
    }

    /// The settings the account sets, each against its rule (`Setting`).
    mutating func checkSettings() {
        for p in account.settings.problems() { error(Subject(.settings, nil, [p.setting.key]), p.message) }
    }

    mutating func checkPeople() {
        manager = [Int](repeating: -1, count: account.people.count)
        // Fields are read through the array, not by binding each person: a copy of a
        // Person retains every string in it, which shows at 100,000 people.
        let people = account.people
        let hints = managerHints
        // Who has a leaving date, read in order: most have none, and then a manager's
        // record need not be fetched to know they are still there.
        let dated = people.indices.map { people[$0].left != nil }
        for i in people.indices {
            if let m = people[i].reportsTo {
                // A resolved manager is the person themselves exactly when the ids are equal;
                // one named by nobody (or not resolved) is looked up, to report it.
                let resolved: Int? = if case .person(let mi) = hints[i] { mi } else { nil }
                if resolved.map({ $0 == i }) ?? (m == people[i].id) {
                    error(Subject(.people, i, ["reports_to"]), "'\(people[i].id)' reports to themselves; remove reports_to or name their manager")
                } else if let mi = resolved ?? person(m, at: Subject(.people, i, ["reports_to"]), what: "reports_to of '\(people[i].id)'") {
                    if !duplicate[i] { manager[i] = mi }
                    if dated[i] || dated[mi], people[i].isActive(), !people[mi].isActive() {
                        warning(Subject(.people, i, ["reports_to"]), "'\(people[i].id)' reports to '\(m)', who has left; name their new manager")
                    }
                }
            }
            if people[i].dotted.isEmpty { continue }
            let p = people[i]
            for (k, d) in p.dotted.enumerated() {
                let s = Subject(.people, i, ["dotted", String(k)])
                if d == p.id {
                    error(s, "'\(p.id)' has a dotted line to themselves")
                } else if person(d, at: s, what: "dotted of '\(p.id)'") != nil, d == p.reportsTo {
                    warning(s, "'\(p.id)' has '\(d)' both as manager and as dotted-line manager; the dotted line is ignored")
                }
            }
        }
    }

    /// Finds every cycle in the reporting lines and names its people in order.
    mutating func checkCycles() {
        let n = account.people.count
        var state = [Int](repeating: 0, count: n)  // 0 unseen, walk stamp while walking, -1 done
        var stamp = 0
        for start in 0..<n where state[start] == 0 {
            stamp += 1
            var walk: [Int] = []
            var v = start
            while v >= 0 && state[v] == 0 {
                state[v] = stamp
                walk.append(v)
                v = manager[v]
            }
            if v >= 0 && state[v] == stamp, let at = walk.firstIndex(of: v) {
                var cycle = Array(walk[at...])
                // Name the cycle from its first person in file order, so the message is stable.
                if let minPos = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) {
                    cycle = Array(cycle[minPos...] + cycle[..<minPos])
                }
                let ids = (cycle + [cycle[0]]).map { account.people[$0].id }
                error(
                    Subject(.people, cycle[0], ["reports_to"]),
                    "reporting cycle: \(ids.joined(separator: " → ")); break it by correcting one reports_to")
            }
            for w in walk { state[w] = -1 }
        }
    }

    mutating func checkLinks() {
        let links = account.links
        // Resolve every end first, on both cores (the table is only read), then check.
        let table = personIndex
        // Every end's hash, on both cores where the reader did not already give it.
        var hashes = linkHashes
        @Sendable func hashEnds(_ range: Range<Int>) -> [UInt64] {
            var out: [UInt64] = []
            out.reserveCapacity(range.count * 2)
            for i in range {
                var from = links[i].from, to = links[i].to
                out.append(from.withUTF8(IdTable.hash))
                out.append(to.withUTF8(IdTable.hash))
            }
            return out
        }
        let known = hashes.count / 2
        let missing = known..<links.count
        if missing.count >= 20_000 {
            let middle = missing.lowerBound + missing.count / 2
            let (a, b) = inParallel({ hashEnds(missing.lowerBound..<middle) }, { hashEnds(middle..<missing.upperBound) })
            hashes += a + b
        } else {
            hashes += hashEnds(missing)
        }
        let allHashes = hashes
        @Sendable func resolve(_ range: Range<Int>) -> [Int32] {
            table.values(hashes: Array(allHashes[2 * range.lowerBound..<2 * range.upperBound])) { k in
                let l = range.lowerBound + k / 2
                return k % 2 == 0 ? links[l].from : links[l].to
            }
        }
        let half = links.count / 2
        if links.count >= 20_000 {
            let (first, second) = inParallel({ resolve(0..<half) }, { resolve(half..<links.count) })
            linkEnds = first + second
        } else {
            linkEnds = resolve(0..<links.count)
        }
        for i in links.indices {
            let known = (Int(linkEnds[2 * i]), Int(linkEnds[2 * i + 1]))
            let fromIndex = known.0 >= 0 ? known.0 : person(links[i].from, at: Subject(.links, i, ["from"]), what: "link 'from'")
            let toIndex = known.1 >= 0 ? known.1 : person(links[i].to, at: Subject(.links, i, ["to"]), what: "link 'to'")
            let fromOK = fromIndex != nil, toOK = toIndex != nil
            linkEnds[2 * i] = Int32(fromIndex ?? -1)
            linkEnds[2 * i + 1] = Int32(toIndex ?? -1)
            // Resolved ends are equal exactly when the ids are (each id has one index).
            if let fromIndex, let toIndex, fromIndex != toIndex, links[i].type == .influence,
                let v = links[i].strength, v > 0 && v <= 1
            {
                continue
            }
            let l = links[i]
            if fromOK && toOK && l.from == l.to {
                error(Subject(.links, i, ["to"]), "link from '\(l.from)' to themselves; a link joins two different people")
            }
            switch l.type {
            case .influence:
                if let v = l.strength {
                    if let p = strengthProblem(v) { error(Subject(.links, i, ["strength"]), p) }
                } else {
                    error(Subject(.links, i, ["type"]), "influence link \(l.from) → \(l.to) has no strength; add 'strength: 0.5' (a number in (0, 1])")
                }
            case .conflict:
                if l.strength != nil {
                    warning(Subject(.links, i, ["strength"]), "conflict links carry no influence; the strength is ignored")
                }
            }
        }
    }

    mutating func checkRelationships() {
        var seen: [String: Int] = [:]
        for (i, r) in account.relationships.enumerated() {
            teamMember(r.ours, at: Subject(.relationships, i, ["ours"]), what: "relationship 'ours'")
            if let pi = person(r.theirs, at: Subject(.relationships, i, ["theirs"]), what: "relationship 'theirs'"),
                !account.people[pi].isActive()
            {
                warning(Subject(.relationships, i, ["theirs"]), "relationship with '\(r.theirs)', who has left; it no longer counts")
            }
            switch (r.level, r.strength) {
            case (.some, .some):
                error(Subject(.relationships, i, ["strength"]), "give either level or strength, not both")
            case (nil, nil):
                error(
                    Subject(.relationships, i),
                    "relationship \(r.ours) → \(r.theirs) has neither level nor strength; add 'level: credible-source' (vendor, credible-source, problem-solver, trusted-advisor) or 'strength: 0.5'"
                )
            case (nil, let v?):
                if let p = strengthProblem(v) { error(Subject(.relationships, i, ["strength"]), p) }
            default: break
            }
            let key = r.ours + "\u{0}" + r.theirs
            if let first = seen[key] {
                warning(Subject(.relationships, i), "second relationship \(r.ours) → \(r.theirs) (first is entry \(first + 1)); the stronger one counts")
            } else {
                seen[key] = i
            }
        }
    }

    mutating func checkOpportunities() {
        for (i, o) in account.opportunities.enumerated() {
            if o.name.isEmpty { error(Subject(.opportunities, i, ["name"]), "opportunity '\(o.id)' has an empty name") }
            if let a = o.amount, a.isNaN || a < 0 { error(Subject(.opportunities, i, ["amount"]), "amount must be a number, 0 or more") }
            for (role, ids) in o.orderedRoles {
                for (k, id) in ids.enumerated() {
                    let s = Subject(.opportunities, i, ["roles", role.rawValue, String(k)])
                    if let pi = person(id, at: s, what: "\(role.rawValue) of opportunity '\(o.id)'"),
                        !account.people[pi].isActive()
                    {
                        warning(s, "\(role.rawValue) '\(id)' of opportunity '\(o.id)' has left")
                    }
                }
            }
            if let buyers = o.roles[.economicBuyer], buyers.count > 1 {
                warning(
                    Subject(.opportunities, i, ["roles", BuyingRole.economicBuyer.rawValue]),
                    "opportunity '\(o.id)' has \(buyers.count) economic buyers (\(buyers.joined(separator: ", "))); one usually signs")
            }
        }
    }

    mutating func checkInteractions() {
        for (i, x) in account.interactions.enumerated() {
            teamMember(x.ours, at: Subject(.interactions, i, ["ours"]), what: "interaction 'ours'")
            person(x.theirs, at: Subject(.interactions, i, ["theirs"]), what: "interaction 'theirs'")
        }
    }
}
