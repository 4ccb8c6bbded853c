import Foundation

/// How urgently a gap needs attention.
public enum GapSeverity: String, Sendable, Hashable, CaseIterable, Comparable {
    case high, medium, low
    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
}

/// The kinds of contact-coverage gap (docs/ANALYSES.md §4), in report order.
public enum GapKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case missingRole = "missing-role"
    case placeholder
    case uncovered
    case hostilePower = "hostile-power"
    case singlePointOfFailure = "single-point-of-failure"
    case levelMismatch = "level-mismatch"
    case indirectOnly = "indirect-only"
    case stale
    case dataQuality = "data-quality"
    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
}

/// What a gap is about. Compared as a value (a relationship is its two ends, not a
/// string joining them); `description` is how tables and JSON write it.
public enum GapSubject: Sendable, Hashable, CustomStringConvertible {
    /// The account as a whole: nobody holds a role, or many people share one gap.
    case account
    /// An opportunity whose buying centre nobody holds a role in.
    case opportunity(String)
    /// A buying role nobody holds, or that too many hold (`champion` stands for champion
    /// or coach).
    case role(BuyingRole)
    /// One of their people, by id.
    case person(String)
    /// One of our colleagues, by id.
    case colleague(String)
    /// The relationship of one of ours with one of theirs.
    case relationship(ours: String, theirs: String)

    /// The id as written in the file, `ours→theirs` for a relationship, the role's name,
    /// or `account`.
    public var description: String {
        switch self {
        case .account: "account"
        case .opportunity(let id), .person(let id), .colleague(let id): id
        case .role(let r): r.rawValue
        case .relationship(let ours, let theirs): "\(ours)→\(theirs)"
        }
    }
}

/// One gap: what, who, why, and what to do about it.
public struct Gap: Sendable, Hashable {
    public let kind: GapKind
    public let severity: GapSeverity
    /// What the gap is about.
    public let subject: GapSubject
    /// The opportunity it concerns, if any.
    public let opportunity: String?
    public let reason: String
    /// What to do, in words.
    public let action: String
    /// What Stakemap itself offers for the action, when it offers something.
    public let nextStep: NextStep?

    public init(
        _ kind: GapKind, _ severity: GapSeverity, subject: GapSubject, opportunity: String? = nil, reason: String, action: String,
        nextStep: NextStep? = nil
    ) {
        self.kind = kind
        self.severity = severity
        self.subject = subject
        self.opportunity = opportunity
        self.reason = reason
        self.action = action
        self.nextStep = nextStep
    }

    /// What makes two gaps the same gap in two snapshots of an account: its kind, subject
    /// and opportunity (the reason's numbers may have moved).
    public struct Identity: Sendable, Hashable {
        public let kind: GapKind
        public let subject: GapSubject
        public let opportunity: String?
    }

    public var identity: Identity { Identity(kind: kind, subject: subject, opportunity: opportunity) }

    /// Report order: severity, kind, opportunity, subject (as written, byte order), reason.
    public static func reportOrder(_ a: Gap, _ b: Gap) -> Bool {
        precedes(a, b, a.subject.description, b.subject.description)
    }

    /// `gaps` in report order, each subject written out once rather than at every
    /// comparison.
    static func sortedInReportOrder(_ gaps: [Gap]) -> [Gap] {
        gaps.map { (gap: $0, subject: $0.subject.description) }
            .sorted { precedes($0.gap, $1.gap, $0.subject, $1.subject) }
            .map(\.gap)
    }

    /// `reportOrder`, with the subjects as written.
    private static func precedes(_ a: Gap, _ b: Gap, _ x: String, _ y: String) -> Bool {
        if a.severity != b.severity { return a.severity < b.severity }
        if a.kind != b.kind { return a.kind < b.kind }
        if a.opportunity != b.opportunity { return (a.opportunity ?? "").utf8.lexicographicallyPrecedes((b.opportunity ?? "").utf8) }
        if x != y { return x.utf8.lexicographicallyPrecedes(y.utf8) }
        return a.reason.utf8.lexicographicallyPrecedes(b.reason.utf8)
    }
}

/// Formats a strength or coverage for messages: two decimals.
public func formatStrength(_ s: Double) -> String { String(format: "%.2f", s) }

/// What one of our colleagues carries alone (see `AccountAnalysis.singlePointsOfFailure`).
public struct SinglePointOfFailure: Sendable, Hashable {
    /// Our colleague's node.
    public let colleague: Int
    /// Role holders whose coverage would fall below the threshold without them.
    public let holders: [Int]
}

extension AccountAnalysis {
    var threshold: Double { parameters.coverageThreshold }

    func isBelowThreshold(_ c: Double) -> Bool { c < threshold && !sameCost(c, threshold) }

    /// Our colleagues whose departure would drop some role holder's coverage below the
    /// threshold. Only a colleague at the start of some covered holder's best path can
    /// matter; for each such holder, a search backwards from them, bounded at the
    /// threshold's cost and not entering that colleague, looks for another of ours.
    ///
    /// Complexity: one small bounded search per covered role holder.
    public func singlePointsOfFailure() -> [SinglePointOfFailure] {
        var bySource: [Int: [Int]] = [:]
        for h in holders where !account.people[h.person].placeholder {
            let c = coverage(h.node)
            guard c > 0, !isBelowThreshold(c), let s = paths.source(of: h.node) else { continue }
            bySource[s, default: []].append(h.node)
        }
        let limit = threshold > 0 ? -log(threshold) : .infinity
        var search = LocalSearch(nodeCount: graph.nodeCount)
        var result: [SinglePointOfFailure] = []
        for colleague in bySource.keys.sorted() {
            var dropped: [Int] = []
            for q in bySource[colleague] ?? [] {
                var covered = false
                search.run(
                    graph.backward, from: q, maxCost: limit, skip: { $0 == colleague },
                    visit: { v, strength, _ in
                        if graph.isTeam(v) && !isBelowThreshold(strength) { covered = true }
                        return !covered
                    })
                if !covered { dropped.append(q) }
            }
            if !dropped.isEmpty { result.append(SinglePointOfFailure(colleague: colleague, holders: dropped)) }
        }
        return result
    }

    /// Every gap in scope, in report order (docs/ANALYSES.md §4).
    public func gaps() -> [Gap] {
        var gaps: [Gap] = []
        let t = formatStrength(threshold)
        let opportunityId: String? = if case .opportunity(let id) = scope { id } else { nil }
        func label(_ v: Int) -> String { "\(name(v)) (\(graph.ids[v]))" }
        func rolesText(_ h: RoleHolder) -> String { h.roles.map(\.rawValue).joined(separator: ", ") }
        let holderAt = Dictionary(holders.map { ($0.node, $0) }, uniquingKeysWith: { a, _ in a })

        // Missing roles, per account and per opportunity.
        if holders.isEmpty {
            gaps.append(
                Gap(
                    .missingRole, .high, subject: opportunityId.map { .opportunity($0) } ?? .account, opportunity: opportunityId,
                    reason: noScoreReason ?? "nobody holds a buying role, so there is no score", action: noScoreAction))
        }
        var assignments: [(opportunity: String?, roles: [BuyingRole: [String]])] = []
        switch scope {
        case .account:
            var roles: [BuyingRole: [String]] = [:]
            for h in holders { for r in h.roles { roles[r, default: []].append(graph.ids[h.node]) } }
            if !holders.isEmpty { assignments.append((nil, roles)) }
            for o in account.opportunities { assignments.append((o.id, activeRoles(o))) }
        case .opportunity(let id):
            if let o = account.opportunities.first(where: { $0.id == id }) { assignments.append((id, activeRoles(o))) }
        }
        for (opp, roles) in assignments {
            let whereText = opp.map { "opportunity \($0)" } ?? "the account"
            if roles[.economicBuyer] == nil {
                gaps.append(
                    Gap(
                        .missingRole, .high, subject: .role(.economicBuyer), opportunity: opp,
                        reason: "no economic buyer identified for \(whereText)",
                        action: "ask your champion or sponsor who signs off the budget, and record them"))
            }
            if let buyers = roles[.economicBuyer], buyers.count > 1 {
                gaps.append(
                    Gap(
                        .missingRole, .medium, subject: .role(.economicBuyer), opportunity: opp,
                        reason: "\(buyers.count) economic buyers for \(whereText) (\(buyers.sorted().joined(separator: ", "))): one person usually signs",
                        action: "find out who has the final say and keep the economic-buyer role for them"))
            }
            if roles[.champion] == nil && roles[.coach] == nil {
                gaps.append(
                    Gap(
                        .missingRole, .medium, subject: .role(.champion), opportunity: opp,
                        reason: "no champion or coach for \(whereText): nobody inside sells for us",
                        action: "find a supporter with influence and develop them into a champion"))
            }
            if roles[.procurement] == nil {
                gaps.append(
                    Gap(
                        .missingRole, .medium, subject: .role(.procurement), opportunity: opp,
                        reason: "no procurement contact for \(whereText)",
                        action: "identify the buyer in procurement who handles our referencing and this purchase"))
            }
        }

        // Placeholders, uncovered holders, hostile power, indirect-only key players, level mismatch.
        var keyPlayers = Set(holders.map(\.node))
        for v in 0..<graph.nodeCount {
            // Read in place: this runs over every person of the account.
            if let i = graph.personIndex(v), account.people[i].power == .innerCircle, !account.people[i].placeholder { keyPlayers.insert(v) }
        }
        for h in holders where account.people[h.person].placeholder {
            gaps.append(
                Gap(
                    .placeholder, h.weight >= 0.9 ? .high : .medium, subject: .person(graph.ids[h.node]), opportunity: opportunityId,
                    reason: "\(rolesText(h)) is held by an unknown person (\(name(h.node)))",
                    action: "find out who holds the position and replace the placeholder"))
        }
        for h in holders where !account.people[h.person].placeholder {
            let c = coverage(h.node)
            guard isBelowThreshold(c) else { continue }
            let how: String
            var step: NextStep? = nil
            if let path = paths.path(to: h.node), path.count > 2 {
                how = "ask \(label(path[path.count - 2])) to introduce \(name(path[0])) (today's best path)"
            } else {
                how = "find someone who knows them, or plan a visit"
                step = .planVisits
            }
            gaps.append(
                Gap(
                    .uncovered, h.weight >= 0.9 ? .high : .medium, subject: .person(graph.ids[h.node]), opportunity: opportunityId,
                    reason: "\(label(h.node)), \(rolesText(h)): coverage \(formatStrength(c)) is below \(t)",
                    action: how, nextStep: step))
        }
        for v in keyPlayers.sorted() {
            guard let p = person(v), p.power == .innerCircle, p.stance == .enemy || p.stance == .nonSupporter,
                isBelowThreshold(coverage(v))
            else { continue }
            gaps.append(
                Gap(
                    .hostilePower, .high, subject: .person(graph.ids[v]), opportunity: opportunityId,
                    reason: "\(label(v)) is an inner-circle \(p.stance.rawValue) we do not cover (coverage \(formatStrength(coverage(v))))",
                    action: "learn their objections and criteria; have a sponsor or executive of ours meet them"))
        }
        for v in keyPlayers.sorted() {
            guard let p = person(v), !p.placeholder else { continue }
            let c = coverage(v)
            let direct = directContacts(of: v)
            if direct.isEmpty && c > 0 && !isBelowThreshold(c) {
                let weight = holderAt[v]?.weight ?? 0
                // The people between our colleague and them; of a long path, the nearest ten.
                var between: [Int] = []
                var u = Int(paths.predecessor[v])
                while u >= 0, paths.predecessor[u] >= 0, between.count < 10 { between.append(u); u = Int(paths.predecessor[u]) }
                let more = Int(paths.hops[v]) - 1 - between.count
                let via = ((more > 0 ? ["… \(more) more …"] : []) + between.reversed().map { name($0) }).joined(separator: " → ")
                gaps.append(
                    Gap(
                        .indirectOnly, weight >= 0.9 || p.power == .innerCircle ? .medium : .low,
                        subject: .person(graph.ids[v]), opportunity: opportunityId,
                        reason: "nobody of ours knows \(label(v)) directly (best path through \(via), \(formatStrength(c)))",
                        action: "ask \(between.first.map { name($0) } ?? "a contact") for an introduction"))
            }
            if p.level == .executive && holderAt[v] != nil && c > 0 {
                let ours = direct.isEmpty ? [paths.source(of: v)].compactMap { $0 } : direct.map(\.colleague)
                let levels = ours.map { graph.teamIndex($0).flatMap { account.team[$0].level } }
                if !levels.isEmpty && levels.allSatisfy({ $0.map { $0 >= .manager } ?? false }) {
                    gaps.append(
                        Gap(
                            .levelMismatch, .medium, subject: .person(graph.ids[v]), opportunity: opportunityId,
                            reason:
                                "\(label(v)) is an executive reached only through junior colleagues of ours (\(ours.map { name($0) }.joined(separator: ", ")))",
                            action: "plan an executive visit so an executive or director of ours knows them", nextStep: .planVisits))
                }
            }
        }

        // Single points of failure.
        for spof in singlePointsOfFailure() {
            let who = spof.holders.map { label($0) }.joined(separator: ", ")
            gaps.append(
                Gap(
                    .singlePointOfFailure, .high, subject: .colleague(graph.ids[spof.colleague]), opportunity: opportunityId,
                    reason: "without \(name(spof.colleague)), coverage of \(who) would fall below \(t)",
                    action: "build a second relationship with \(spof.holders.count == 1 ? "them" : "each of them") through another colleague"))
        }

        // Stale and undated relationships.
        for r in account.relationships {
            guard let u = graph.node(r.ours), let v = graph.node(r.theirs), graph.isTeam(u), !graph.isTeam(v) else { continue }
            let subject = GapSubject.relationship(ours: r.ours, theirs: r.theirs)
            guard let last = r.lastContact else {
                gaps.append(
                    Gap(
                        .dataQuality, .low, subject: subject, opportunity: opportunityId,
                        reason: "the relationship of \(name(u)) with \(label(v)) has no last-contact date, so it never decays",
                        action: "record when they last spoke", nextStep: .logContact(ours: r.ours, theirs: r.theirs)))
                continue
            }
            let age = asOf.days(since: last)
            guard age > parameters.staleAfter else { continue }
            let key = holderAt[v] != nil || keyPlayers.contains(v)
            gaps.append(
                Gap(
                    .stale, key ? .medium : .low, subject: subject, opportunity: opportunityId,
                    reason: "\(name(u)) last spoke with \(label(v)) on \(last), \(age) days ago (stale after \(parameters.staleAfter))",
                    action: "get back in touch and record the contact", nextStep: .logContact(ours: r.ours, theirs: r.theirs)))
        }

        // Data quality: people without a manager who are not the top, reports to someone gone, no unit.
        gaps.append(contentsOf: dataQualityGaps(opportunity: opportunityId))
        return Gap.sortedInReportOrder(gaps)
    }

    private func activeRoles(_ o: Opportunity) -> [BuyingRole: [String]] {
        var roles: [BuyingRole: [String]] = [:]
        for (role, ids) in o.orderedRoles {
            let active = ids.filter { id in graph.node(id).map { !graph.isTeam($0) } ?? false }
            if !active.isEmpty { roles[role] = active }
        }
        return roles
    }

    private func dataQualityGaps(opportunity: String?) -> [Gap] {
        // People are read in place, by index: this runs over every person of the account.
        let all = account.people
        let managerOf = graph.accountIndex.manager
        var children = [Int](repeating: 0, count: graph.nodeCount)
        var roots: [Int] = []
        var orphans: [Int] = []
        var noUnit: [Int] = []
        for v in 0..<graph.nodeCount {
            guard let i = graph.personIndex(v) else { continue }
            if all[i].unit == nil && !all[i].placeholder { noUnit.append(v) }
            if all[i].reportsTo == nil {
                roots.append(v)
            } else if managerOf[i] >= 0, let mv = graph.node(ofPersonAt: Int(managerOf[i])) {
                children[mv] += 1
            } else {
                orphans.append(v)
            }
        }
        var gaps: [Gap] = []
        // The top is the root with the most direct reports (ties: first id).
        let top = roots.max { children[$0] != children[$1] ? children[$0] < children[$1] : $0 > $1 }
        let rootless = roots.filter { $0 != top && !(graph.personIndex($0).map { all[$0].placeholder } ?? false) }
        gaps.append(
            contentsOf: grouped(
                rootless, opportunity: opportunity,
                one: { v in
                    "\(self.name(v)) (\(self.graph.ids[v])) has no manager but is not the top of the organisation"
                }, many: { "\($0) people have no manager but are not the top of the organisation" },
                action: "record their manager (reports_to)"))
        gaps.append(
            contentsOf: grouped(
                orphans, opportunity: opportunity,
                one: { v in
                    "\(self.name(v)) (\(self.graph.ids[v])) reports to someone who has left"
                }, many: { "\($0) people report to someone who has left" }, action: "record their new manager"))
        gaps.append(
            contentsOf: grouped(
                noUnit, opportunity: opportunity,
                one: { v in
                    "\(self.name(v)) (\(self.graph.ids[v])) has no unit"
                }, many: { "\($0) people have no unit" }, action: "record the unit they belong to"))
        return gaps
    }

    /// One gap per person, or one for all of them when there are more than ten.
    private func grouped(_ nodes: [Int], opportunity: String?, one: (Int) -> String, many: (Int) -> String, action: String) -> [Gap] {
        if nodes.count <= 10 {
            return nodes.map { Gap(.dataQuality, .low, subject: .person(graph.ids[$0]), opportunity: opportunity, reason: one($0), action: action) }
        }
        let first = nodes.prefix(5).map { graph.ids[$0] }.joined(separator: ", ")
        return [
            Gap(
                .dataQuality, .low, subject: .account, opportunity: opportunity,
                reason: many(nodes.count) + " (first: \(first), …)", action: action)
        ]
    }
}
