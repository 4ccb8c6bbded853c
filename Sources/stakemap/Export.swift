import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats

extension ExportFormat: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hand the account to other tools: JSON, CSV, or the influence graph as GraphML or GEXF.",
        discussion: """
            json: the whole account in the JSON form of the file format (directory people included). \
            csv: people.csv and links.csv in the directory format, into the folder given by -o. \
            graphml, gexf: the influence graph as of --as-of with typed attributes (roles, stance, power, \
            coverage, strength) for Gephi, yEd or networkx. --anonymize replaces every name, id, e-mail and note.
            """)

    @Argument(help: "The account file.") var file: String
    @Option(help: "Format: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).") var format: ExportFormat
    @Option(name: .shortAndLong, help: "Where to write (a folder for csv; standard output when absent otherwise).") var output: String?
    @Flag(help: "Replace names, ids, e-mails and notes by pseudonyms (analyses give the same numbers).") var anonymize = false
    @Option(help: "For graphml and gexf: the day of the influence graph (YYYY-MM-DD; default today).") var asOf: Day?
    @OptionGroup var overrides: RunOverrides

    func validate() throws {
        if format == .csv && output == nil { throw ValidationError("--format csv writes people.csv and links.csv: name their folder with -o") }
    }

    func run() throws {
        let opened = try open(file)
        let request = AnalysisRequest(asOf: asOf ?? today(), overrides: overrides.settings)
        let result = try orExit { try opened.export(format, to: output, anonymize: anonymize, request: request) }
        if let text = result.standardOutput { write(text) }
        for path in result.written { printError("wrote \(path)") }
    }
}
