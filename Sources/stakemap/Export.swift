import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case json, csv, graphml, gexf
}

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

    func validate() throws {
        if format == .csv && output == nil { throw ValidationError("--format csv writes people.csv and links.csv: name their folder with -o") }
    }

    func run() throws {
        let loaded = try loadOrExit(file, quietWarnings: true)
        let account = anonymize ? loaded.account.anonymized() : loaded.account
        var outputs: [(path: String?, text: String)] = []
        switch format {
        case .json:
            outputs.append((output, AccountWriter.text(AccountFile(account: account), syntax: .json)))
        case .csv:
            let folder = output ?? "."
            outputs.append((folder + "/people.csv", DirectoryWriter.peopleCSV(account.people)))
            outputs.append((folder + "/links.csv", DirectoryWriter.linksCSV(account.links)))
        case .graphml, .gexf:
            let analysis: AccountAnalysis
            do {
                analysis = try AccountAnalysis(account: account, asOf: asOf ?? today(), parameters: account.settings.resolved,
                                               index: anonymize ? nil : loaded.index)
            } catch {
                printError("\(file): error: \(error.message)")
                throw ExitCode(1)
            }
            outputs.append((output, format == .graphml ? GraphExport.graphML(analysis) : GraphExport.gexf(analysis)))
        }
        for (path, text) in outputs {
            guard let path else {
                write(text)
                continue
            }
            do {
                if format == .csv { try FileManager.default.createDirectory(atPath: output ?? ".", withIntermediateDirectories: true) }
                try AtomicFile.write(Array(text.utf8), to: path)
            } catch {
                printError("\(path): error: \(error)")
                throw ExitCode(1)
            }
            printError("wrote \(path)")
        }
    }
}
