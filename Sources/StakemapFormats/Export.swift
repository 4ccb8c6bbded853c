import Foundation
import StakemapCore

/// What `OpenAccount.export` can write for other tools.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// The whole account in the JSON form of the file format, directory people included.
    case json
    /// `people.csv` and `links.csv` in the directory format, into a folder.
    case csv
    /// The influence graph as of the run's day, with typed attributes.
    case graphml, gexf
}

/// What an export wrote.
public struct ExportResult: Sendable {
    /// The files written, in order.
    public var written: [String] = []
    /// The text for standard output when no output path was given.
    public var standardOutput: String?
}

extension OpenAccount {
    /// Exports the account in `format` to `output` (a folder for `.csv`, which is
    /// created; for the others a file, or standard output when nil). With `anonymize`,
    /// every name, id, e-mail and note is replaced by a pseudonym first; analyses of the
    /// result give the same numbers. The graph formats are analysed for `request`.
    /// - Throws: `StakemapError` for a bad override or a file that cannot be written.
    public func export(_ format: ExportFormat, to output: String?, anonymize: Bool,
                       request: AnalysisRequest) throws(StakemapError) -> ExportResult {
        let shared = anonymize ? account.anonymized() : account
        var texts: [(path: String?, text: String)] = []
        switch format {
        case .json:
            texts.append((output, AccountWriter.text(AccountFile(account: shared), syntax: .json)))
        case .csv:
            let folder = output ?? "."
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw StakemapError(file: folder, "cannot create the folder: \(error.localizedDescription)")
            }
            texts.append((folder + "/people.csv", DirectoryWriter.peopleCSV(shared.people)))
            texts.append((folder + "/links.csv", DirectoryWriter.linksCSV(shared.links)))
        case .graphml, .gexf:
            let analysis: AccountAnalysis
            if anonymize {
                // Pseudonymous ids: the loader's index names the real ones.
                let parameters = try parameters(overriding: request.overrides)
                do { analysis = try AccountAnalysis(account: shared, asOf: request.asOf, parameters: parameters, scope: request.scope) } catch {
                    throw StakemapError(file: path, error.message)
                }
            } else {
                analysis = try self.analysis(request)
            }
            texts.append((output, format == .graphml ? GraphExport.graphML(analysis) : GraphExport.gexf(analysis)))
        }
        var result = ExportResult()
        for (target, text) in texts {
            guard let target else {
                result.standardOutput = text
                continue
            }
            try AtomicFile.write(text: text, to: target)
            result.written.append(target)
        }
        return result
    }
}
