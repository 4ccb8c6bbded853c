/// The closed vocabularies of an account file. Each enum's raw values are the
/// words written in the files; `allCases` order is the canonical order.

/// What part a person plays in a buying decision (several allowed).
public enum BuyingRole: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case economicBuyer = "economic-buyer"
    case sponsor
    case decisionMaker = "decision-maker"
    case procurement
    case technicalEvaluator = "technical-evaluator"
    case user
    case champion
    case coach
    case influencer
    case gatekeeper
    case legal

    /// The weight of this role in the account score (docs/ANALYSES.md §3).
    public var scoreWeight: Double {
        switch self {
        case .economicBuyer: 1.0
        case .sponsor, .decisionMaker: 0.9
        case .champion, .coach, .technicalEvaluator, .procurement: 0.6
        case .influencer: 0.5
        case .legal, .gatekeeper: 0.4
        case .user: 0.3
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
}

/// Whether a person is for or against us (Altify's scale).
public enum Stance: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case mentor, supporter, neutral
    case nonSupporter = "non-supporter"
    case enemy, unknown
    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
}

/// A person's weight in the client's politics.
public enum Power: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case innerCircle = "inner-circle"
    case politicalStructure = "political-structure"
    case outside, unknown
    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
}

/// Formal level in a hierarchy, on their side or ours. `allCases` runs from the top down.
public enum Level: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case executive, director, manager, staff
    /// 0 for executives, 3 for staff.
    public var rank: Int { ordinal }
    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
}

/// How well one of our colleagues knows one of theirs.
public enum RelationshipLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case vendor
    case credibleSource = "credible-source"
    case problemSolver = "problem-solver"
    case trustedAdvisor = "trusted-advisor"

    /// The edge strength this level stands for (docs/ANALYSES.md §1).
    public var strength: Double {
        switch self {
        case .vendor: 0.25
        case .credibleSource: 0.5
        case .problemSolver: 0.75
        case .trustedAdvisor: 0.95
        }
    }
    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
}

/// What a person weighs most when choosing a supplier.
public enum Criterion: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case price, proximity, quality, expertise, capacity, delivery, service
    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
}

/// The informal links between their people.
public enum LinkType: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case influence, conflict
    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
}

/// Our referencing status at the client.
public enum ReferencingStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case referenced, shortlisted
    case viaPartner = "via-partner"
    case notReferenced = "not-referenced"
}

/// The kind of a logged interaction.
public enum InteractionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case meeting, call, visit, lunch, email, event, workshop
}

extension CaseIterable where Self: Equatable {
    /// Position in `allCases`.
    var ordinal: Int {
        var i = 0
        for c in Self.allCases {
            if c == self { return i }
            i += 1
        }
        return i
    }
}
