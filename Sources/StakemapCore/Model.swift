/// The account model: one client organisation, our team, and what we know of it.
///
/// Plain value types. Identity is the string `id` of people, team members and
/// opportunities; people and team members share one id space (they are the nodes
/// of the influence graph). Lists of entities keep the order they were given in;
/// value lists (roles, criteria, dotted managers) are kept in canonical order.

/// The account: the client and everything we know about it.
public struct Account: Sendable, Hashable, Codable {
    /// File format version; always 1 for now.
    public var version: Int
    public var info: AccountInfo
    public var settings: Settings
    public var team: [TeamMember]
    public var people: [Person]
    public var links: [Link]
    public var relationships: [Relationship]
    public var opportunities: [Opportunity]
    public var interactions: [Interaction]

    public init(
        version: Int = 1, info: AccountInfo, settings: Settings = Settings(), team: [TeamMember] = [],
        people: [Person] = [], links: [Link] = [], relationships: [Relationship] = [],
        opportunities: [Opportunity] = [], interactions: [Interaction] = []
    ) {
        self.version = version
        self.info = info
        self.settings = settings
        self.team = team
        self.people = people
        self.links = links
        self.relationships = relationships
        self.opportunities = opportunities
        self.interactions = interactions
    }

    /// People who have not left as of `day` (those with `left` on or before it are out).
    public func activePeople(asOf day: Day? = nil) -> [Person] {
        people.filter { $0.isActive(asOf: day) }
    }
}

/// The client organisation and our standing there.
public struct AccountInfo: Sendable, Hashable, Codable {
    public var name: String
    public var sector: String?
    public var referencing: Referencing?
    /// Our dedicated key-account manager (a team member id).
    public var owner: String?
    public var notes: String?

    public init(name: String, sector: String? = nil, referencing: Referencing? = nil, owner: String? = nil, notes: String? = nil) {
        self.name = name
        self.sector = sector
        self.referencing = referencing
        self.owner = owner
        self.notes = notes
    }
}

/// Our referencing (approved-supplier) status at the client.
public struct Referencing: Sendable, Hashable, Codable {
    public var status: ReferencingStatus
    /// The partner we are referenced through, for `via-partner`.
    public var partner: String?
    public var renewal: Day?

    public init(status: ReferencingStatus, partner: String? = nil, renewal: Day? = nil) {
        self.status = status
        self.partner = partner
        self.renewal = renewal
    }
}

/// A person on the client's side.
public struct Person: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var title: String?
    public var unit: String?
    public var site: String?
    public var level: Level?
    public var email: String?
    /// The person's record id in the CRM they were imported from (a Salesforce Contact
    /// Id), kept so that exports can go back to the same records.
    public var crmId: String?
    /// The solid-line manager's id.
    public var reportsTo: String?
    /// Dotted-line managers' ids, sorted.
    public var dotted: [String]
    /// Buying roles, in canonical order, without repeats.
    public var roles: [BuyingRole]
    public var stance: Stance
    public var power: Power
    /// Supplier-choice criteria, in canonical order, without repeats.
    public var criteria: [Criterion]
    public var notes: String?
    /// A position whose holder we do not know yet.
    public var placeholder: Bool
    /// The day this person left the organisation; kept for history, out of all analyses.
    public var left: Day?

    public init(
        id: String, name: String, title: String? = nil, unit: String? = nil, site: String? = nil,
        level: Level? = nil, email: String? = nil, reportsTo: String? = nil, dotted: [String] = [],
        roles: [BuyingRole] = [], stance: Stance = .unknown, power: Power = .unknown,
        criteria: [Criterion] = [], notes: String? = nil, placeholder: Bool = false, left: Day? = nil,
        crmId: String? = nil
    ) {
        self.id = id
        self.name = name
        self.title = title
        self.unit = unit
        self.site = site
        self.level = level
        self.email = email
        self.crmId = crmId
        self.reportsTo = reportsTo
        self.dotted = dotted.canonicalSet()
        self.roles = roles.canonicalSet()
        self.stance = stance
        self.power = power
        self.criteria = criteria.canonicalSet()
        self.notes = notes
        self.placeholder = placeholder
        self.left = left
    }

    /// Whether the person is still in the organisation on `day` (always, when `day` is nil
    /// and no leaving date is set).
    public func isActive(asOf day: Day? = nil) -> Bool {
        guard let left else { return true }
        guard let day else { return false }
        return left > day
    }

    /// The largest score weight among the person's roles, or nil without a role.
    public var roleWeight: Double? { roles.map(\.scoreWeight).max() }
}

/// A colleague on our side.
public struct TeamMember: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var title: String?
    public var level: Level?
    public var email: String?
    /// The colleague's record id in the CRM (a Salesforce User Id): how a CRM export's
    /// owners are recognised on a later import.
    public var crmId: String?
    /// How many executive visits this colleague can make in a plan.
    public var capacity: Int?
    public var notes: String?

    public init(
        id: String, name: String, title: String? = nil, level: Level? = nil, email: String? = nil,
        capacity: Int? = nil, notes: String? = nil, crmId: String? = nil
    ) {
        self.id = id
        self.name = name
        self.title = title
        self.level = level
        self.email = email
        self.crmId = crmId
        self.capacity = capacity
        self.notes = notes
    }
}

/// An informal link between two of their people.
public struct Link: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    public var type: LinkType
    /// Strength in (0, 1] for influence links; nil for conflicts.
    public var strength: Double?
    public var notes: String?

    public init(from: String, to: String, type: LinkType, strength: Double? = nil, notes: String? = nil) {
        self.from = from
        self.to = to
        self.type = type
        self.strength = strength
        self.notes = notes
    }
}

/// How one of our colleagues knows one of theirs.
public struct Relationship: Sendable, Hashable, Codable {
    /// Our colleague's id.
    public var ours: String
    /// Their person's id.
    public var theirs: String
    /// A named level; exclusive with `strength`.
    public var level: RelationshipLevel?
    /// An explicit strength in (0, 1]; exclusive with `level`.
    public var strength: Double?
    public var lastContact: Day?
    public var notes: String?

    public init(
        ours: String, theirs: String, level: RelationshipLevel? = nil, strength: Double? = nil,
        lastContact: Day? = nil, notes: String? = nil
    ) {
        self.ours = ours
        self.theirs = theirs
        self.level = level
        self.strength = strength
        self.lastContact = lastContact
        self.notes = notes
    }

    /// The strength before recency decay: the explicit strength, else the level's.
    public var baseStrength: Double? { strength ?? level?.strength }
}

/// A deal, with its own buying centre.
public struct Opportunity: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var stage: String?
    public var close: Day?
    public var amount: Double?
    /// Who holds which role for this deal (person ids, sorted).
    public var roles: [BuyingRole: [String]]
    public var notes: String?

    public init(
        id: String, name: String, stage: String? = nil, close: Day? = nil, amount: Double? = nil,
        roles: [BuyingRole: [String]] = [:], notes: String? = nil
    ) {
        self.id = id
        self.name = name
        self.stage = stage
        self.close = close
        self.amount = amount
        self.roles = roles
        self.notes = notes
    }

    /// The role assignments in canonical role order.
    public var orderedRoles: [(role: BuyingRole, people: [String])] {
        roles.keys.sorted().map { ($0, roles[$0] ?? []) }
    }
}

/// One buying role and the people who hold it (ids).
public struct RoleAssignment: Sendable, Hashable {
    public var role: BuyingRole
    public var people: [String]

    public init(role: BuyingRole, people: [String]) {
        self.role = role
        self.people = people
    }
}

/// A logged contact between one of ours and one of theirs.
public struct Interaction: Sendable, Hashable, Codable {
    public var date: Day
    public var ours: String
    public var theirs: String
    public var kind: InteractionKind?
    public var note: String?

    public init(date: Day, ours: String, theirs: String, kind: InteractionKind? = nil, note: String? = nil) {
        self.date = date
        self.ours = ours
        self.theirs = theirs
        self.kind = kind
        self.note = note
    }
}

extension Array where Element: Comparable & Hashable {
    /// Sorted, without repeats; cheap for the empty and one-element lists that dominate.
    public func canonicalSet() -> [Element] {
        count < 2 ? self : Array(Set(self)).sorted()
    }
}
