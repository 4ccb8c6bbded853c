import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats

enum ImportProfile: String, ExpressibleByArgument, CaseIterable {
    case generic, salesforce, ldif
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import people from an HR or CRM export into an account (new or existing), merging.",
        discussion: """
            Profiles: generic (any CSV; --map key=Column,... with keys \(Importer.genericKeys.joined(separator: ", ")); \
            ';' separators, quoted fields and a BOM are understood), salesforce (a Contact export; --users the User \
            export, --roles an OpportunityContactRole export), ldif (LDAP / Active Directory). People match by crm_id, \
            then id, then e-mail; directory fields are refreshed and what the team curated (roles, stance, power, links, \
            relationships' levels and notes) is never touched. With --full, people missing from the import are marked \
            as left, not deleted.

            Owners become coverage: each contact's owner (Salesforce OwnerId, found in --users; generic owner=, a \
            colleague's id, e-mail or name) gets a relationship at --owner-level, dated from the last activity \
            (LastActivityDate; generic last_contact=). A re-import moves last_contact forward, never back, and keeps \
            the level, strength and notes the team set. Contact roles land on their opportunity; --roles-to-account OPP \
            also makes one opportunity's roles the people's own, so that the whole account has a score. \
            docs/FORMAT.md ("Imports") has every column.
            """)

    @Argument(help: "The export file (Salesforce: the Contact export).") var source: String
    @Option(help: "The account file to create or update.") var into: String
    @Option(help: "The kind of export: \(ImportProfile.allCases.map(\.rawValue).joined(separator: ", ")).") var profile: ImportProfile
    @Option(help: "Generic profile: key=Column pairs, comma-separated (e.g. name=Full Name,reports_to=Manager ID,owner=Account Manager).") var map: String?
    @Option(help: "Salesforce profile: the User export (Id, Name, Title, Email), naming the contacts' owners: our team.") var users: String?
    @Option(help: "Salesforce profile: the OpportunityContactRole export (OpportunityId, ContactId, Role).") var roles: String?
    @Option(help: "The level of a relationship made from a contact's owner (an existing relationship keeps its own).")
    var ownerLevel: RelationshipLevel = ImportOptions.defaultOwnerLevel
    @Option(
        name: .customLong("roles-to-account"),
        help: ArgumentHelp(
            "Also give the people this opportunity's roles at the account level (repeatable; its id, or the CRM's OpportunityId).", valueName: "opportunity"))
    var rolesToAccount: [String] = []
    @Flag(help: "The export lists everyone: people it lacks are marked as left.") var full = false
    @Flag(help: "Fail on any malformed row (by default it is reported, with its line, and skipped).") var strict = false
    @Option(help: "The day for people marked as left (YYYY-MM-DD; default today).") var date: Day?
    @Option(help: "The client's name, for a new account file.") var name: String?

    func parseMap() throws -> [String: String] {
        var out: [String: String] = [:]
        guard let map else { return out }
        for pair in map.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("--map: '\(pair)' is not key=Column") }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            guard Importer.genericKeys.contains(key) else {
                let hint = Suggester(Importer.genericKeys).hint(for: key)
                throw ValidationError("--map: unknown key '\(key)'\(hint); keys: \(Importer.genericKeys.joined(separator: ", "))")
            }
            out[key] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    func validate() throws {
        _ = try parseMap()
        if map != nil && profile != .generic { throw ValidationError("--map goes with --profile generic") }
        if roles != nil && profile != .salesforce { throw ValidationError("--roles goes with --profile salesforce") }
        if users != nil && profile != .salesforce {
            throw ValidationError("--users goes with --profile salesforce (a generic file names owners with --map owner=COLUMN)")
        }
    }

    func run() throws {
        let batch: ImportBatch
        switch profile {
        case .generic: batch = Importer.generic(source, mapping: try parseMap(), strict: strict)
        case .salesforce: batch = Importer.salesforce(contacts: source, users: users, roles: roles, strict: strict)
        case .ldif: batch = Importer.ldif(source, strict: strict)
        }
        let day = date ?? today()
        let options = ImportOptions(full: full, day: day, ownerLevel: ownerLevel, rolesToAccount: rolesToAccount)
        let result = try orExit { try Importer.apply(batch, to: into, options: options, name: name, source: source) }
        report(batch.diagnostics)
        report(result.diagnostics)
        for p in result.problems { printError("\(source): warning: \(p)") }
        var counts = ["\(result.added.count) added, \(result.updated.count) updated, \(result.markedLeft.count) marked as left"]
        if result.rolesAdded > 0 { counts.append("\(result.rolesAdded) opportunity roles") }
        if !result.teamAdded.isEmpty { counts.append("\(result.teamAdded.count) colleague\(result.teamAdded.count == 1 ? "" : "s") added to the team") }
        if result.relationshipsAdded > 0 { counts.append("\(result.relationshipsAdded) relationship\(result.relationshipsAdded == 1 ? "" : "s") from owners") }
        if result.contactsRefreshed > 0 { counts.append("\(result.contactsRefreshed) last contact\(result.contactsRefreshed == 1 ? "" : "s") moved forward") }
        if !result.accountRoles.isEmpty { counts.append("\(result.accountRoles.count) people given account-level roles") }
        var lines = ["\(into): " + counts.joined(separator: ", ")]
        func list<T>(_ items: [T], _ mark: String, _ text: (T) -> String) {
            for item in items.prefix(20) { lines.append("  \(mark) \(text(item))") }
            if items.count > 20 { lines.append("  \(mark) … \(items.count - 20) more") }
        }
        list(result.added, "+") { $0 }
        list(result.updated, "~") { "\($0.id): \($0.fields.joined(separator: ", "))" }
        list(result.markedLeft, "-") { "\($0) (left \(day))" }
        list(result.teamAdded, "+") { "\($0) (our team)" }
        list(result.teamUpdated, "~") { "\($0.id) (our team): \($0.fields.joined(separator: ", "))" }
        if result.contactsKept > 0 {
            lines.append("  = \(result.contactsKept) last contact\(result.contactsKept == 1 ? "" : "s") newer in the file than in the export, kept")
        }
        print(lines.joined(separator: "\n"))
        if let first = result.rolesOnlyOn.first {
            printError(
                "\(into): note: the roles are on \(result.rolesOnlyOn.count == 1 ? "opportunity" : "opportunities") "
                    + result.rolesOnlyOn.map(\.id).joined(separator: ", ")
                    + " only, so the whole account has no score yet; analyse one with --opportunity \(first.id)"
                    + " (stakemap gaps \(into) --opportunity \(first.id)), or import again with --roles-to-account \(first.id)")
        }
    }
}
