import Foundation
import StakemapCore

/// Stakemap's vocabulary in Salesforce's words, both ways: the one table the import reads
/// contact roles with and the export writes roles, power and stance back with, so that a
/// value that goes to Salesforce comes back as itself (docs/FORMAT.md, "Salesforce").
///
/// Role names are Salesforce's standard OpportunityContactRole values where one exists;
/// the others are the names an admin adds to the picklist. AccountPlanStakeholder's
/// `RoleType`, `InfluenceLevel` and `Strength` picklists have no standard values (each org
/// defines them), so the export proposes the names below.
public enum SalesforceVocabulary {
    /// The name each buying role is written with, in canonical role order.
    public static let roleNames: [(role: BuyingRole, name: String)] = [
        (.economicBuyer, "Economic Buyer"), (.sponsor, "Executive Sponsor"), (.decisionMaker, "Decision Maker"),
        (.procurement, "Procurement"), (.technicalEvaluator, "Technical Buyer"), (.user, "Business User"),
        (.champion, "Champion"), (.coach, "Coach"), (.influencer, "Influencer"), (.gatekeeper, "Gatekeeper"), (.legal, "Legal"),
    ]

    /// Salesforce's other standard role values, onto ours.
    public static let otherRoleNames: [(name: String, role: BuyingRole)] = [
        ("Economic Decision Maker", .economicBuyer), ("Evaluator", .technicalEvaluator),
    ]

    /// The role names an import accepts, lowercased, onto ours: each of `roleNames` and
    /// `otherRoleNames`.
    public static let rolesByName: [String: BuyingRole] = {
        var out: [String: BuyingRole] = [:]
        for (role, name) in roleNames { out[name.lowercased()] = role }
        for (name, role) in otherRoleNames { out[name.lowercased()] = role }
        return out
    }()

    /// The name `role` is written with.
    public static func name(of role: BuyingRole) -> String {
        roleNames.first { $0.role == role }?.name ?? role.rawValue
    }

    /// `InfluenceLevel` for each power: how much weight the person carries in the client's
    /// politics. Unknown power is left empty.
    public static let influenceLevels: [(power: Power, name: String)] = [
        (.innerCircle, "High"), (.politicalStructure, "Medium"), (.outside, "Low"),
    ]

    /// `Strength` for each stance: Salesforce's "perceived level of support or advocacy the
    /// stakeholder has for the company" is what Stakemap calls stance (Stakemap's own
    /// relationship strength is how well one of us knows them, and is not exported).
    /// Unknown stance is left empty.
    public static let strengths: [(stance: Stance, name: String)] = [
        (.mentor, "Mentor"), (.supporter, "Supporter"), (.neutral, "Neutral"), (.nonSupporter, "Non-Supporter"), (.enemy, "Enemy"),
    ]

    public static func influenceLevel(of power: Power) -> String {
        influenceLevels.first { $0.power == power }?.name ?? ""
    }

    public static func strength(of stance: Stance) -> String {
        strengths.first { $0.stance == stance }?.name ?? ""
    }

    /// The power an `InfluenceLevel` name stands for (any case; empty is unknown).
    public static func power(influenceLevel name: String) -> Power? {
        if name.isEmpty { return .unknown }
        return influenceLevels.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.power
    }

    /// The stance a `Strength` name stands for (any case; empty is unknown).
    public static func stance(strength name: String) -> Stance? {
        if name.isEmpty { return .unknown }
        return strengths.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.stance
    }
}
