import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats

/// Applies one edit to the account file at `path` through the library's edit session
/// (lock, re-read, check, atomic write) and prints what the edit says it did.
func edit(
    _ path: String, directory: (AccountFile) -> EditSession.DirectoryUpdate = { _ in .unchanged },
    _ change: (inout Account) throws(EditError) -> String
) throws {
    print(try orExit { try EditSession.apply(path, directory: directory, change) })
}

struct SetFields: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change fields of a person or of one of our team: stakemap set FILE ID key=value...",
        discussion:
            "Person keys: \(Account.personKeys.joined(separator: ", ")). Team keys: \(Account.memberKeys.joined(separator: ", ")). Lists (roles, dotted, criteria) take commas. An empty value clears a field (notes=)."
    )

    @Argument(help: "The account file.") var file: String
    @Argument(help: "The person's or colleague's id.") var id: String
    @Argument(help: "key=value pairs.") var assignments: [String]

    func validate() throws {
        if assignments.isEmpty { throw ValidationError("give at least one key=value, e.g. stance=supporter") }
        for a in assignments where !a.contains("=") { throw ValidationError("'\(a)' is not key=value (e.g. stance=supporter)") }
    }

    func run() throws {
        let pairs = assignments.map { a -> (key: String, value: String) in
            let parts = a.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]).trimmingCharacters(in: .whitespaces), parts.count > 1 ? String(parts[1]) : "")
        }
        try edit(file) { (account: inout Account) throws(EditError) in
            try account.set(id, pairs).joined(separator: "\n")
        }
    }
}

extension InteractionKind: ExpressibleByArgument {}
extension RelationshipLevel: ExpressibleByArgument {}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a contact: appends an interaction and updates the relationship's last contact.")

    @Argument(help: "The account file.") var file: String
    @Option(help: "Our colleague's id.") var ours: String
    @Option(help: "Their person's id.") var theirs: String
    @Option(help: "The day of the contact (YYYY-MM-DD; default today).") var date: Day?
    @Option(help: "What it was: \(InteractionKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: InteractionKind?
    @Option(help: "A short note (it is personal data: keep it factual).") var note: String?
    @Option(help: "The level of the relationship if this is the first contact.") var level: RelationshipLevel = .vendor

    func run() throws {
        let day = date ?? today()
        try edit(file) { (account: inout Account) throws(EditError) in
            try account.log(ours: ours, theirs: theirs, date: day, kind: kind, note: note, level: level)
        }
    }
}

struct Forget: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Erase a person and every reference to them (the GDPR right to erasure).",
        discussion:
            "Their links, relationships, opportunity roles and interactions go; their reports move to their manager; notes naming them are redacted. A directory CSV is rewritten too. Git history still holds old versions: rewrite it if the erasure must reach it."
    )

    @Argument(help: "The account file.") var file: String
    @Argument(help: "The person's id.") var id: String

    func run() throws {
        let e = try orExit { try EditSession.forget(id, in: file) }
        print(
            "forgot \(id): \(e.links) links, \(e.relationships) relationships, \(e.opportunityRoles) opportunity roles, \(e.interactions) interactions, \(e.dottedLines) dotted lines removed; \(e.reportsMoved) reports moved to their manager; \(e.notesRedacted) notes redacted"
        )
    }
}

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add a person, a link, a relationship or one of our team.",
        subcommands: [AddPerson.self, AddLink.self, AddRelationship.self, AddMember.self])
}

extension Level: ExpressibleByArgument {}
extension Stance: ExpressibleByArgument {}
extension Power: ExpressibleByArgument {}
extension LinkType: ExpressibleByArgument {}

struct AddPerson: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "person", abstract: "Add one of their people.")
    @Argument(help: "The account file.") var file: String
    @Option(help: "A new, unique id (e.g. j.dupont).") var id: String
    @Option(help: "Their name.") var name: String
    @Option(help: "Job title.") var title: String?
    @Option(help: "Unit.") var unit: String?
    @Option(help: "Site.") var site: String?
    @Option(help: "Level.") var level: Level?
    @Option(help: "Their manager's id.") var reportsTo: String?
    @Option(help: "Buying roles, comma-separated.") var roles: String?
    @Option(help: "Stance.") var stance: Stance = .unknown
    @Option(help: "Power.") var power: Power = .unknown

    func run() throws {
        try edit(file) { (account: inout Account) throws(EditError) in
            try account.addPerson(
                Person(id: id, name: name, title: title, unit: unit, site: site, level: level, stance: stance, power: power), reportsTo: reportsTo,
                roles: roles)
        }
    }
}

struct AddLink: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "link", abstract: "Add an influence or conflict link between two of their people.")
    @Argument(help: "The account file.") var file: String
    @Option(help: "Who influences (or is in conflict).") var from: String
    @Option(help: "Whom.") var to: String
    @Option(help: "influence or conflict.") var type: LinkType = .influence
    @Option(help: "Strength in (0, 1] (influence links).") var strength: Double?

    func validate() throws {
        if type == .influence {
            guard let strength else { throw ValidationError("an influence link needs --strength, a number in (0, 1]") }
            if let p = strengthProblem(strength) { throw ValidationError("--" + p) }
        }
    }

    func run() throws {
        try edit(file) { (account: inout Account) throws(EditError) in
            try account.addLink(from: from, to: to, type: type, strength: type == .influence ? strength : nil)
        }
    }
}

struct AddRelationship: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "relationship", abstract: "Record that one of ours knows one of theirs.")
    @Argument(help: "The account file.") var file: String
    @Option(help: "Our colleague's id.") var ours: String
    @Option(help: "Their person's id.") var theirs: String
    @Option(help: "How well: \(RelationshipLevel.allCases.map(\.rawValue).joined(separator: ", ")).") var level: RelationshipLevel?
    @Option(help: "Or an explicit strength in (0, 1].") var strength: Double?
    @Option(help: "Last contact (YYYY-MM-DD).") var lastContact: Day?

    func validate() throws {
        if (level == nil) == (strength == nil) { throw ValidationError("give either --level or --strength") }
        if let strength, let p = strengthProblem(strength) { throw ValidationError("--" + p) }
    }

    func run() throws {
        try edit(file) { (account: inout Account) throws(EditError) in
            try account.addRelationship(ours: ours, theirs: theirs, level: level, strength: strength, lastContact: lastContact)
        }
    }
}

struct AddMember: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "member", abstract: "Add one of our team.")
    @Argument(help: "The account file.") var file: String
    @Option(help: "A new, unique id (e.g. our.cto).") var id: String
    @Option(help: "Their name.") var name: String
    @Option(help: "Job title.") var title: String?
    @Option(help: "Level.") var level: Level?
    @Option(help: "Executive visits they can make in a plan.") var capacity: Int?

    func run() throws {
        try edit(file) { (account: inout Account) throws(EditError) in
            try account.addMember(TeamMember(id: id, name: name, title: title, level: level, capacity: capacity))
        }
    }
}

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a person nobody refers to, a link, a relationship or one of our team.",
        discussion: "To record that someone left, use 'stakemap set FILE ID left=YYYY-MM-DD' (history is kept); to erase a person entirely, 'stakemap forget'.",
        subcommands: [RemovePerson.self, RemoveLink.self, RemoveRelationship.self, RemoveMember.self])
}

struct RemovePerson: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "person", abstract: "Remove a person nobody refers to.")
    @Argument(help: "The account file.") var file: String
    @Argument(help: "The person's id.") var id: String
    func run() throws {
        try edit(file, directory: { _ in .keepRemaining }, { (account: inout Account) throws(EditError) in try account.removePerson(id) })
    }
}

struct RemoveLink: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "link", abstract: "Remove the links from one person to another.")
    @Argument(help: "The account file.") var file: String
    @Option(help: "From.") var from: String
    @Option(help: "To.") var to: String
    func run() throws {
        try edit(
            file, directory: { f in f.directoryLinks.contains { $0.from == from && $0.to == to } ? .keepRemaining : .unchanged },
            { (account: inout Account) throws(EditError) in try account.removeLinks(from: from, to: to) })
    }
}

struct RemoveRelationship: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "relationship", abstract: "Remove a relationship of ours.")
    @Argument(help: "The account file.") var file: String
    @Option(help: "Our colleague's id.") var ours: String
    @Option(help: "Their person's id.") var theirs: String
    func run() throws {
        try edit(file) { (account: inout Account) throws(EditError) in
            try account.removeRelationship(ours: ours, theirs: theirs)
        }
    }
}

struct RemoveMember: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "member", abstract: "Remove one of our team and their relationships.")
    @Argument(help: "The account file.") var file: String
    @Argument(help: "Our colleague's id.") var id: String
    func run() throws {
        try edit(file) { (account: inout Account) throws(EditError) in try account.removeMember(id) }
    }
}
