/// One of ours who knows the person a brief is about.
public struct BriefRelationship: Sendable, Hashable {
    /// Our colleague's node.
    public let colleague: Int
    /// How well, as the team recorded it.
    public let level: RelationshipLevel?
    /// The strength today, after decay since the last contact.
    public let strength: Double
    public let lastContact: Day?
    /// The first contact in the interaction log, when there is one.
    public let since: Day?
}

/// A person's buying roles in one opportunity.
public struct OpportunityRoles: Sendable, Hashable {
    public let opportunity: String
    public let name: String
    public let roles: [BuyingRole]
}

/// Everything an executive should read before meeting one of their people, on one
/// page: why this meeting, who they are, our history with them, and the way in. Built by
/// `AccountAnalysis.brief(for:colleague:visit:ranks:)`; the pack, the review and the
/// calendar print it.
public struct VisitBrief: Sendable {
    /// Their person's node.
    public let person: Int
    /// Our colleague who meets them, when one is chosen.
    public let colleague: Int?
    /// The meeting of the plan, when the brief is for one (its number is `meeting + 1`).
    public let visit: PlannedVisit?
    public let meeting: Int?

    // Why this meeting.
    /// Their coverage today, and once the meeting has happened.
    public let coverageBefore: Double
    public let coverageAfter: Double
    /// Points the score gains: the plan's (given the earlier meetings), or this meeting's alone.
    public let gain: Double
    /// Gaps this meeting closes on its own (anyone's: a meeting can lift people behind them).
    public let gapsClosed: [Gap]
    /// The gaps about this person that stay open.
    public let gapsLeft: [Gap]

    // Who they are.
    public let manager: Int?
    /// People with the same manager, and their reports (nodes, name order).
    public let peers: [Int]
    public let reports: [Int]
    public let opportunityRoles: [OpportunityRoles]
    /// Their place by power rank among their people (1 = most influential), of `rankedPeople`.
    public let powerRank: Int?
    public let rankedPeople: Int
    /// What to talk about, in sentences: their roles, stance and criteria.
    public let talkingPoints: [String]

    // History.
    public let relationships: [BriefRelationship]
    /// The latest interactions with them, newest first (at most `historyShown`).
    public let interactions: [Interaction]
    /// How many interactions the log holds with them in all.
    public let interactionCount: Int

    // The way in.
    /// The strongest paths from our team, best first.
    public let paths: [InfluencePath]
    /// Who can introduce us: the person just before them on the best path, when that is
    /// one of theirs (nil when one of ours knows them, or nobody reaches them).
    public let introducer: Int?
    /// What to ask the introducer (or how to get in without one), in a sentence.
    public let ask: String

    /// Interactions a brief lists.
    public static let historyShown = 5
}

extension AccountAnalysis {
    /// The brief for meeting person `v` (a node), with `colleague` (our colleague's node;
    /// nil: whoever of ours is closest), as meeting `visit` of a plan when it is one.
    /// `ranks` (PageRank values per node) gives the power rank; pass one for many briefs.
    public func brief(
        for v: Int, colleague: Int? = nil, visit: PlannedVisit? = nil, meeting: Int? = nil,
        ranks: [Double]? = nil
    ) -> VisitBrief {
        let people = account.people
        let p = graph.personIndex(v).map { people[$0] }
        let ours = visit?.colleague ?? colleague ?? paths.path(to: v)?.first
        let before = coverage(v)
        let after = max(before, parameters.visitStrength)

        // The account once the meeting has happened: a relationship of visit strength,
        // dated today, or the one that exists brought up to date.
        var met = account
        var oursId: String?
        if let ours, let p {
            let id = graph.ids[ours]
            oursId = id
            if let k = met.relationships.firstIndex(where: { $0.ours == id && $0.theirs == p.id }) {
                let strength = max(met.relationships[k].level?.strength ?? met.relationships[k].strength ?? 0, parameters.visitStrength)
                met.relationships[k].level = nil
                met.relationships[k].strength = strength
                met.relationships[k].lastContact = asOf
            } else {
                met.relationships.append(Relationship(ours: id, theirs: p.id, strength: parameters.visitStrength, lastContact: asOf))
            }
        }
        let now = gaps()
        var closed: [Gap] = []
        var gain = visit?.gain ?? 0
        if oursId != nil, let afterwards = try? AccountAnalysis(account: met, asOf: asOf, parameters: parameters, scope: scope) {
            let still = Set(afterwards.gaps().map(\.identity))
            closed = now.filter { !still.contains($0.identity) }
            if visit == nil, let a = score.value, let b = afterwards.score.value { gain = b - a }
        }
        let mine = p.map { id in now.filter { gap in gap.concerns(id.id) } } ?? []
        let left = mine.filter { g in !closed.contains { $0.identity == g.identity } }

        // Their place in the hierarchy.
        let managerNode = p?.reportsTo.flatMap { graph.node($0) }
        var peers: [Int] = [], reports: [Int] = []
        if let p {
            for q in people where q.id != p.id {
                guard let m = q.reportsTo, let u = graph.node(q.id) else { continue }
                if m == p.id { reports.append(u) }
                if m == p.reportsTo { peers.append(u) }
            }
        }
        let byName = { (a: Int, b: Int) in name(a).utf8.lexicographicallyPrecedes(name(b).utf8) }

        var rank: Int? = nil
        var ranked = 0
        if let ranks, !graph.isTeam(v) {
            let mine = ranks[v]
            for u in 0..<graph.nodeCount where !graph.isTeam(u) {
                ranked += 1
                if ranks[u] > mine || (ranks[u] == mine && u < v) { rank = (rank ?? 1) + 1 }
            }
            if rank == nil { rank = 1 }
        }

        // Our history with them.
        var relationships: [BriefRelationship] = []
        var log: [Interaction] = []
        if let p {
            log = account.interactions.filter { $0.theirs == p.id }
            for (c, strength) in directContacts(of: v) {
                let id = graph.ids[c]
                let r = account.relationships.first { $0.ours == id && $0.theirs == p.id }
                let first = log.filter { $0.ours == id }.map(\.date).min()
                relationships.append(BriefRelationship(colleague: c, level: r?.level, strength: strength, lastContact: r?.lastContact, since: first))
            }
            log.sort { $0.date != $1.date ? $0.date > $1.date : ($0.ours, $0.kind?.rawValue ?? "") < ($1.ours, $1.kind?.rawValue ?? "") }
        }

        let found = graph.bestPaths(from: graph.team, to: v, count: 3, tree: paths)
        let best = found.first?.nodes
        let introducer = best.flatMap { $0.count > 2 ? $0[$0.count - 2] : nil }
        return VisitBrief(
            person: v, colleague: ours, visit: visit, meeting: meeting, coverageBefore: before, coverageAfter: after, gain: gain,
            gapsClosed: closed, gapsLeft: left, manager: managerNode, peers: peers.sorted(by: byName), reports: reports.sorted(by: byName),
            opportunityRoles: p.map(opportunityRoles(of:)) ?? [], powerRank: rank, rankedPeople: ranked,
            talkingPoints: p.map { talkingPoints(for: $0, scope: scope) } ?? [], relationships: relationships,
            interactions: Array(log.prefix(VisitBrief.historyShown)), interactionCount: log.count, paths: found,
            introducer: introducer, ask: ask(v, colleague: ours, path: best))
    }

    /// The briefs of every meeting of `plan`, with one power ranking for all.
    public func briefs(for plan: VisitPlan) -> [VisitBrief] {
        let ranks = graph.pageRank().values
        return plan.visits.enumerated().map { k, visit in
            brief(for: visit.person, colleague: visit.colleague, visit: visit, meeting: k, ranks: ranks)
        }
    }

    private func opportunityRoles(of p: Person) -> [OpportunityRoles] {
        account.opportunities.compactMap { o in
            let roles = o.roles.filter { $0.value.contains(p.id) }.map(\.key).sorted()
            return roles.isEmpty ? nil : OpportunityRoles(opportunity: o.id, name: o.name, roles: roles)
        }
    }

    /// What to say to them, in sentences: the role that matters most, their stance, each
    /// of their decision criteria.
    func talkingPoints(for p: Person, scope: AnalysisScope) -> [String] {
        var out: [String] = []
        let roles: [BuyingRole]
        if case .opportunity(let id) = scope, let o = account.opportunities.first(where: { $0.id == id }) {
            roles = o.roles.filter { $0.value.contains(p.id) }.map(\.key).sorted()
        } else {
            roles = p.roles
        }
        if let role = roles.first { out.append(Self.rolePoint(role)) }
        out.append(Self.stancePoint(p.stance))
        out += p.criteria.map(Self.criterionPoint)
        return out
    }

    static func rolePoint(_ r: BuyingRole) -> String {
        switch r {
        case .economicBuyer: "They sign: talk about outcomes, cost and risk, not features."
        case .sponsor: "They sponsor the project: show how it makes them look good to their own management."
        case .decisionMaker: "They decide: bring the two or three facts their choice will rest on."
        case .procurement: "They run the purchase: be precise on terms, referencing and the calendar."
        case .technicalEvaluator: "They judge the solution: bring an expert and answer the hard questions."
        case .user: "They will live with it: ask what their day looks like and what gets in the way."
        case .champion: "They argue for us inside: give them what they need to convince the others."
        case .coach: "They guide us: ask who decides, what the others think and what could stop the deal."
        case .influencer: "Others listen to them: learn what they will say about us in the room."
        case .gatekeeper: "They control access: respect their process and ask them how to proceed."
        case .legal: "They read the contract: bring the points that usually stall, before they do."
        }
    }

    static func stancePoint(_ s: Stance) -> String {
        switch s {
        case .mentor: "They are on our side and coach us: ask for advice, and thank them for it."
        case .supporter: "They support us: ask what would make them say so in front of the others."
        case .neutral: "They have no side yet: find the one thing that would tip them our way."
        case .nonSupporter: "They prefer another option: listen first, and ask what would change their mind."
        case .enemy: "They work against us: do not pitch; ask what went wrong and what it would take to repair it."
        case .unknown: "Where they stand is unknown: find out, and write it down after the meeting."
        }
    }

    static func criterionPoint(_ c: Criterion) -> String {
        switch c {
        case .price: "Cost weighs with them: bring the total cost over the contract, and where there is room."
        case .proximity: "They want a supplier close by: name the local team and who they would see each week."
        case .quality: "Quality comes first for them: bring evidence, such as references and measured results."
        case .expertise: "They buy expertise: bring the specialist, and a case close to theirs."
        case .capacity: "They worry about capacity: show how many people we can put on it, and how fast."
        case .delivery: "Delivery on time matters most to them: show our record on dates and how we report progress."
        case .service: "Service after the sale counts for them: explain support, escalation and who answers."
        }
    }

    /// What to ask the introducer on `path` (ours first, the person last), or how to get
    /// in without one.
    func ask(_ v: Int, colleague: Int?, path: [Int]?) -> String {
        let them = name(v)
        guard let path, path.count >= 2 else {
            return "Nobody of ours reaches \(them) yet: ask their assistant for the meeting, saying in one line why it matters to them."
        }
        let ours = colleague.map(name) ?? name(path[0])
        if path.count == 2 {
            return "\(name(path[0])) already knows \(them): ask how the last contact went and what \(them) expects from \(ours)."
        }
        let introducer = name(path[path.count - 2])
        return "Ask \(introducer) to introduce \(ours) to \(them), and beforehand what \(them) cares about and who else should be in the room."
    }
}

extension Gap {
    /// Whether the gap is about person `id` (they are its subject, or the "theirs" side of it).
    func concerns(_ id: String) -> Bool {
        switch subject {
        case .person(let p): p == id
        case .relationship(_, let theirs): theirs == id
        default: false
        }
    }
}
