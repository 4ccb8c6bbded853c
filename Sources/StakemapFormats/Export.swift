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
    /// Data Loader files for Salesforce, into a folder: the contacts' stance, power and
    /// roles by Contact Id, and the account plan's stakeholders (`SalesforceExport`).
    case salesforce
}

/// What an export wrote.
public struct ExportResult: Sendable {
    /// The files written, in order.
    public var written: [String] = []
    /// The text for standard output when no output path was given.
    public var standardOutput: String?
    /// What the files leave out (Salesforce: stakeholders without a `crm_id`).
    public var warnings: [Diagnostic] = []
}

extension OpenAccount {
    /// Exports the account in `format` to `output` (a folder for `.csv` and `.salesforce`,
    /// which is created; for the others a file, or standard output when nil). With
    /// `anonymize`, every name, id, e-mail and note is replaced by a pseudonym first;
    /// analyses of the result give the same numbers. The graph formats and the Salesforce
    /// stakeholders are analysed for `request` (its scope included); `accountPlan` is the
    /// Salesforce account plan the stakeholders belong to.
    /// - Throws: `StakemapError` for a bad override, an unknown opportunity, a file that
    ///   cannot be written, or a Salesforce export of an account without Salesforce Ids.
    public func export(
        _ format: ExportFormat, to output: String?, anonymize: Bool,
        request: AnalysisRequest, accountPlan: String? = nil
    ) throws(StakemapError) -> ExportResult {
        let shared = anonymize ? account.anonymized() : account
        var texts: [(path: String?, text: String)] = []
        var warnings: [Diagnostic] = []
        func folder(_ output: String?) throws(StakemapError) -> String {
            let folder = output ?? "."
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw StakemapError(file: folder, "cannot create the folder: \(error.localizedDescription)")
            }
            return folder
        }
        switch format {
        case .json:
            texts.append((output, AccountWriter.text(AccountFile(account: shared), syntax: .json)))
        case .csv:
            let folder = try folder(output)
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
        case .salesforce:
            guard !anonymize else {
                throw StakemapError(file: path, "a Salesforce export goes back to the CRM's own records by their Ids; it cannot be anonymized")
            }
            guard account.people.contains(where: { $0.crmId != nil }) else {
                throw StakemapError(
                    file: path,
                    "nobody in the account has a crm_id (a Salesforce Contact Id), so there is nothing to load back; "
                        + "import the account from a Salesforce Contact export first (import --profile salesforce)")
            }
            let analysis = try self.analysis(request)
            let stakeholders = SalesforceExport.stakeholders(analysis)
            let folder = try folder(output)
            texts.append((folder + "/" + SalesforceExport.contactFile, SalesforceExport.contactsCSV(analysis)))
            texts.append((folder + "/" + SalesforceExport.stakeholderFile, SalesforceExport.stakeholdersCSV(analysis, stakeholders, accountPlan: accountPlan)))
            let missing = stakeholders.map { account.people[$0.person] }.filter { $0.crmId == nil }.map(\.id)
            if !missing.isEmpty {
                let shown = missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
                warnings.append(
                    Diagnostic(
                        .warning, at: nil, file: folder + "/" + SalesforceExport.stakeholderFile,
                        "\(missing.count) stakeholder\(missing.count == 1 ? " has" : "s have") no crm_id (no Salesforce Contact) and \(missing.count == 1 ? "is" : "are") left out: \(shown)"
                    ))
            }
        }
        var result = ExportResult()
        result.warnings = warnings
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
