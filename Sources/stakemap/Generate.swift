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
    var asOf: Day = Day(iso: "2026-11-01") ?? Day(daysSinceEpoch: 0)

    @Option(help: "The client's name.")
    var name: String?

    @Option(help: "Use a directory CSV above this many people.")
    var directoryAbove = AccountWriter.directoryAbove

    @Option(name: .shortAndLong, help: "The account file to write (.yaml or .json).")
    var output: String

    func validate() throws {
        guard people >= 1 else { throw ValidationError("--people must be at least 1") }
        guard people <= 2_000_000 else { throw ValidationError("--people must be at most 2000000") }
    }

    func run() throws {
        let generated = OrganisationGenerator(people: people, seed: seed, sector: sector, asOf: asOf, name: name).generate()
        let folder = try orExit {
            try AccountWriter.create(
                generated.account, at: output, directoryAbove: directoryAbove,
                directoryPeople: generated.directoryPeople, directoryLinks: generated.directoryLinks)
        }
        let a = generated.account
        let directory = folder.map { " (directory \($0))" } ?? ""
        printError(
            "wrote \(output): \(a.people.count) people, \(a.team.count) team, \(a.links.count) links, \(a.relationships.count) relationships\(directory)")
    }
}
