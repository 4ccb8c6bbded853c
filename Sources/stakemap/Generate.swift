import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats

extension OrganisationGenerator.Sector: ExpressibleByArgument {}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic synthetic organisation, for demos, tests and benchmarks.",
        discussion: """
        The same options always give the same bytes. Above --directory-above people (default 1000), \
        the people and bulk influence links go to CSV files in a folder beside the account file \
        (NAME-directory/people.csv and links.csv), as an HR export would supply them; the account \
        file then holds what the team knows on top.
        """)

    @Option(name: .long, help: "Number of people on the client's side.")
    var people: Int

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Sector: \(OrganisationGenerator.Sector.allCases.map(\.rawValue).joined(separator: ", ")).")
    var sector: OrganisationGenerator.Sector = .banking

    @Option(help: "The day relationships and departures are dated from (YYYY-MM-DD).")
    var asOf: Day = Day(year: 2026, month: 11, day: 1)!

    @Option(help: "The client's name.")
    var name: String?

    @Option(help: "Use a directory CSV above this many people.")
    var directoryAbove = 1000

    @Option(name: .shortAndLong, help: "The account file to write (.yaml or .json).")
    var output: String

    func validate() throws {
        guard people >= 1 else { throw ValidationError("--people must be at least 1") }
        guard people <= 2_000_000 else { throw ValidationError("--people must be at most 2000000") }
    }

    func run() throws {
        let generated = OrganisationGenerator(people: people, seed: seed, sector: sector, asOf: asOf, name: name).generate()
        var file = AccountFile(account: generated.account)
        do {
            if people > directoryAbove {
                let base = ((output as NSString).lastPathComponent as NSString).deletingPathExtension
                let folderName = base + "-directory"
                let parent = (output as NSString).deletingLastPathComponent
                let folder = parent.isEmpty ? folderName : parent + "/" + folderName
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try AtomicFile.write(Array(DirectoryWriter.peopleCSV(generated.directoryPeople).utf8), to: folder + "/people.csv")
                try AtomicFile.write(Array(DirectoryWriter.linksCSV(generated.directoryLinks).utf8), to: folder + "/links.csv")
                file.directory = DirectoryReference(path: folderName)
                file.directoryPeople = generated.directoryPeople
                file.directoryLinks = generated.directoryLinks
            }
            try AccountWriter.write(file, to: output)
        } catch {
            printError("\(output): error: \(error)")
            throw ExitCode(1)
        }
        let a = generated.account
        printError("wrote \(output): \(a.people.count) people, \(a.team.count) team, \(a.links.count) links, \(a.relationships.count) relationships\(file.directory.map { " (directory \($0.path))" } ?? "")")
    }
}
