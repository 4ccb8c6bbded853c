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
            ';' separators, quoted fields and a BOM are understood), salesforce (a Contact export; --roles an \
            OpportunityContactRole export), ldif (LDAP / Active Directory). People match by id, then by e-mail; \
            directory fields are refreshed and what the team curated (roles, stance, power, links, relationships, \
            notes) is never touched. With --full, people missing from the import are marked as left, not deleted.
            """)

    @Argument(help: "The export file.") var source: String
    @Option(help: "The account file to create or update.") var into: String
    @Option(help: "The kind of export: \(ImportProfile.allCases.map(\.rawValue).joined(separator: ", ")).") var profile: ImportProfile
    @Option(help: "Generic profile: key=Column pairs, comma-separated (e.g. name=Full Name,reports_to=Manager ID).") var map: String?
    @Option(help: "Salesforce profile: the OpportunityContactRole export.") var roles: String?
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
    }

    func run() throws {
        let batch: ImportBatch
        switch profile {
        case .generic: batch = Importer.generic(source, mapping: try parseMap(), strict: strict)
        case .salesforce: batch = Importer.salesforce(contacts: source, roles: roles, strict: strict)
        case .ldif: batch = Importer.ldif(source, strict: strict)
        }
        let day = date ?? today()
        let result = try orExit { try Importer.apply(batch, to: into, full: full, day: day, name: name, source: source) }
        report(batch.diagnostics)
        for p in result.problems { printError("\(source): warning: \(p)") }
        var lines = ["\(into): \(result.added.count) added, \(result.updated.count) updated, \(result.markedLeft.count) marked as left"
                     + (result.rolesAdded > 0 ? ", \(result.rolesAdded) opportunity roles" : "")]
        for id in result.added.prefix(20) { lines.append("  + \(id)") }
        if result.added.count > 20 { lines.append("  + … \(result.added.count - 20) more") }
        for u in result.updated.prefix(20) { lines.append("  ~ \(u.id): \(u.fields.joined(separator: ", "))") }
        if result.updated.count > 20 { lines.append("  ~ … \(result.updated.count - 20) more") }
        for id in result.markedLeft.prefix(20) { lines.append("  - \(id) (left \(day))") }
        if result.markedLeft.count > 20 { lines.append("  - … \(result.markedLeft.count - 20) more") }
        print(lines.joined(separator: "\n"))
    }
}
