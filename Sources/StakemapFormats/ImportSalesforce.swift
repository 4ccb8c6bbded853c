import Foundation
import StakemapCore

extension Importer {
    /// The Contact fields the Salesforce profile reads, by Stakemap key.
    static let contactColumns: [(key: String, field: String)] = [
        ("crm_id", "Id"), ("name", "Name"), ("first_name", "FirstName"), ("last_name", "LastName"), ("title", "Title"),
        ("unit", "Department"), ("reports_to", "ReportsToId"), ("email", "Email"), ("site", "MailingCity"),
        ("owner", "OwnerId"), ("last_contact", "LastActivityDate"),
    ]

    /// A Salesforce Contact export (`Id`, `FirstName` and `LastName` or `Name`, `Title`,
    /// `Department`, `ReportsToId`, `Email`, `MailingCity`, `OwnerId`,
    /// `LastActivityDate`), with optionally a User export for the contacts' owners (`Id`,
    /// `Name` or `FirstName`/`LastName`, `Title`, `Email`) and an OpportunityContactRole
    /// export (`OpportunityId`, `ContactId`, `Role`, and `Opportunity.Name` when present).
    /// Headers match in any case (Data Loader writes them in capitals); 15- and
    /// 18-character Ids name the same record. People get ids from their e-mail or name;
    /// the Contact Id is kept as their `crm_id`, the User Id as the colleague's.
    /// A malformed row is a warning, and skipped, unless `strict` makes it an error.
    public static func salesforce(
        contacts path: String, users usersPath: String? = nil, roles rolesPath: String?,
        strict: Bool = false
    ) -> ImportBatch {
        var batch = ImportBatch()
        batch.salesforceIds = true
        batch.owners = .crmUser
        let (table, problems) = csv(path)
        batch.diagnostics = problems
        guard let table else { return batch }
        var column: [String: Int] = [:]
        for (key, field) in contactColumns { column[key] = Self.column(table.header, field) }
        if column["last_contact"] != nil && column["owner"] == nil { column["last_contact"] = nil }
        let header = Location(file: path, line: table.headerLine, column: 1)
        if column["crm_id"] == nil {
            batch.diagnostics.append(Diagnostic(.error, at: header, "a Contact export needs an Id column: export the contacts with their Id"))
        }
        if column["name"] == nil && column["last_name"] == nil {
            batch.diagnostics.append(Diagnostic(.error, at: header, "a Contact export needs a LastName (and FirstName) or Name column"))
        }
        if batch.diagnostics.contains(where: { $0.severity == .error }) { return batch }
        readPeople(table, path: path, column: column, strict: strict, into: &batch)
        for i in batch.people.indices {
            // Salesforce Ids are keys, not Stakemap ids: ids come from e-mails and names.
            batch.people[i].id = nil
            batch.people[i].key = salesforceKey(batch.people[i].key)
            batch.people[i].managerKey = batch.people[i].managerKey.map(salesforceKey)
        }
        if let usersPath {
            batch.usersFile = usersPath
            readSalesforceUsers(usersPath, strict: strict, into: &batch)
        }
        if let rolesPath { readContactRoles(rolesPath, strict: strict, into: &batch) }
        return batch
    }

    /// A Salesforce User export: our colleagues, as the contacts' `OwnerId` names them.
    static func readSalesforceUsers(_ path: String, strict: Bool, into batch: inout ImportBatch) {
        let (table, problems) = csv(path)
        batch.diagnostics += problems
        guard let table else { return }
        let h = table.header
        let id = column(h, "Id"), name = column(h, "Name"), first = column(h, "FirstName"), last = column(h, "LastName")
        let title = column(h, "Title"), email = column(h, "Email")
        guard let id, name != nil || last != nil else {
            batch.diagnostics.append(
                Diagnostic(
                    .error, at: Location(file: path, line: table.headerLine, column: 1),
                    "a User export needs the columns Id and Name (or FirstName and LastName)"))
            return
        }
        for row in wellFormedRows(table, path: path, strict: strict, into: &batch) {
            func cell(_ i: Int?) -> String? { i.flatMap { table.trimmed(row, $0) } }
            guard let crmId = cell(id) else {
                batch.diagnostics.append(malformed(strict, Location(file: path, line: row.line, column: id + 1), "user without an Id"))
                continue
            }
            let full = cell(name) ?? [cell(first), cell(last)].compactMap { $0 }.joined(separator: " ")
            guard !full.isEmpty else {
                batch.diagnostics.append(malformed(strict, Location(file: path, line: row.line, column: (name ?? last ?? 0) + 1), "user \(crmId) has no name"))
                continue
            }
            batch.users.append(ImportedUser(key: salesforceKey(crmId), crmId: crmId, name: full, title: cell(title), email: cell(email)))
        }
    }

    /// An OpportunityContactRole export: who holds which role on which deal.
    static func readContactRoles(_ path: String, strict: Bool, into batch: inout ImportBatch) {
        let (table, problems) = csv(path)
        batch.diagnostics += problems
        guard let table else { return }
        let h = table.header
        guard let o = column(h, "OpportunityId"), let c = column(h, "ContactId"), let r = column(h, "Role") else {
            batch.diagnostics.append(
                Diagnostic(
                    .error, at: Location(file: path, line: table.headerLine, column: 1),
                    "an OpportunityContactRole export needs the columns OpportunityId, ContactId and Role"))
            return
        }
        let named = column(h, "Opportunity.Name", "OpportunityName", "Opportunity Name")
        let known = SalesforceVocabulary.rolesByName
        for row in wellFormedRows(table, path: path, strict: strict, into: &batch) {
            let roleName = table.trimmed(row, r) ?? ""
            guard let role = known[roleName.lowercased()] else {
                if !roleName.isEmpty {
                    batch.diagnostics.append(
                        Diagnostic(
                            .warning, at: Location(file: path, line: row.line, column: r + 1),
                            "role '\(roleName)' has no Stakemap equivalent; skipped (known: \(known.keys.sorted().joined(separator: ", ")))"))
                }
                continue
            }
            guard let opportunity = table.trimmed(row, o), let contact = table.trimmed(row, c) else {
                let missing = table.trimmed(row, o) == nil ? o : c
                batch.diagnostics.append(
                    malformed(
                        strict, Location(file: path, line: row.line, column: missing + 1),
                        "contact role without \(missing == o ? "an OpportunityId" : "a ContactId")"))
                continue
            }
            batch.roles.append(
                ImportedRole(
                    opportunity: opportunity, personKey: salesforceKey(contact), role: role,
                    opportunityName: named.flatMap { table.trimmed(row, $0) }))
        }
    }
}
