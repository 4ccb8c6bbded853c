import Foundation
import StakemapCore

/// What `export --format salesforce` writes: Data Loader files keyed by the Salesforce Ids
/// the import kept (`crm_id`), with Stakemap's values in Salesforce's words
/// (`SalesforceVocabulary`).
public enum SalesforceExport {
    /// The Contact update file: the Id, then custom fields an admin adds to Contact
    /// (named so that Data Loader's "Auto-Match Fields to Columns" maps them).
    public static let contactFile = "Contact.csv"
    public static let contactColumns = ["Id", "Stakemap_Stance__c", "Stakemap_Power__c", "Stakemap_Roles__c"]
    /// The AccountPlanStakeholder insert (or upsert) file.
    public static let stakeholderFile = "AccountPlanStakeholder.csv"
    public static let stakeholderColumns = [
        "AccountPlanId", "StakeholderRefnRecordId", "RoleType", "InfluenceLevel", "Strength",
        "Comment", "SourceSystemName", "SourceSystemIdentifier",
    ]

    /// The contacts' stance, power and account-level roles (multi-select values separated
    /// by `;`, as Data Loader reads them), one row per active person with a `crm_id`, in
    /// file order. Values are Stakemap's own words (`unknown` included), so they read back
    /// as themselves.
    public static func contactsCSV(_ a: AccountAnalysis) -> String {
        var out = contactColumns.joined(separator: ",") + "\n"
        for p in a.account.people where p.crmId != nil && !p.placeholder && p.isActive(asOf: a.asOf) {
            let cells = [p.crmId ?? "", p.stance.rawValue, p.power.rawValue, p.roles.map(\.rawValue).joined(separator: ";")]
            out += cells.map(DirectoryWriter.field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// One stakeholder: a role holder of the analysis's scope or an inner-circle person.
    public struct Stakeholder: Sendable, Hashable {
        public let person: Int
        /// Their most important role in scope (the largest score weight; ties go to the
        /// first in canonical order), nil for an inner-circle person without one.
        public let role: BuyingRole?
        public let roles: [BuyingRole]
    }

    /// The account plan's stakeholders: every role holder in scope and every inner-circle
    /// person, active and not placeholders, in file order.
    public static func stakeholders(_ a: AccountAnalysis) -> [Stakeholder] {
        let held = Dictionary(a.holders.map { ($0.person, $0.roles) }, uniquingKeysWith: { first, _ in first })
        var out: [Stakeholder] = []
        for (i, p) in a.account.people.enumerated() where !p.placeholder && a.graph.node(p.id) != nil {
            let roles = held[i] ?? []
            guard !roles.isEmpty || p.power == .innerCircle else { continue }
            let top = roles.map(\.scoreWeight).max()
            out.append(Stakeholder(person: i, role: roles.first { $0.scoreWeight == top }, roles: roles))
        }
        return out
    }

    /// The AccountPlanStakeholder rows for `stakeholders` that have a `crm_id`:
    /// `StakeholderRefnRecordId` is the Contact Id, `RoleType` the most important role,
    /// `InfluenceLevel` the power, `Strength` the stance, `Comment` every role and the
    /// coverage, `SourceSystemIdentifier` a stable key for upserts (the account plan's Id
    /// and the Contact Id).
    public static func stakeholdersCSV(_ a: AccountAnalysis, _ stakeholders: [Stakeholder], accountPlan: String?) -> String {
        var out = stakeholderColumns.joined(separator: ",") + "\n"
        let scope = if case .opportunity(let id) = a.scope { " in opportunity \(id)" } else { "" }
        for s in stakeholders {
            let p = a.account.people[s.person]
            guard let contact = p.crmId, let v = a.graph.node(p.id) else { continue }
            let roles = s.roles.isEmpty ? "no buying role\(scope)" : "roles\(scope) " + s.roles.map(SalesforceVocabulary.name(of:)).joined(separator: ", ")
            let comment = "Stakemap, as of \(a.asOf): \(roles); our coverage \(formatStrength(a.coverage(v)))"
            let cells = [
                accountPlan ?? "", contact, s.role.map(SalesforceVocabulary.name(of:)) ?? "",
                SalesforceVocabulary.influenceLevel(of: p.power), SalesforceVocabulary.strength(of: p.stance),
                comment, "Stakemap", accountPlan.map { "\($0)/\(contact)" } ?? contact,
            ]
            out += cells.map(DirectoryWriter.field).joined(separator: ",") + "\n"
        }
        return out
    }
}
