import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats

extension ExportFormat: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hand the account to other tools: JSON, CSV, the influence graph as GraphML or GEXF, or Salesforce Data Loader files.",
        discussion: """
            json: the whole account in the JSON form of the file format (directory people included). \
            csv: people.csv and links.csv in the directory format, into the folder given by -o. \
            graphml, gexf: the influence graph as of --as-of with typed attributes (roles, stance, power, \
            coverage, strength) for Gephi, yEd or networkx. --anonymize replaces every name, id, e-mail and note.

            salesforce: into the folder given by -o, Contact.csv (Id, Stakemap_Stance__c, Stakemap_Power__c, \
            Stakemap_Roles__c: an update of the contacts the account was imported from, by the Salesforce Id kept as \
            crm_id) and AccountPlanStakeholder.csv (AccountPlanId from --account-plan, StakeholderRefnRecordId, \
            RoleType, InfluenceLevel, Strength, Comment, SourceSystemName, SourceSystemIdentifier) for Data Loader. \
            docs/FORMAT.md ("Back to Salesforce") has the mapping from Stakemap's words and the fields to create.
            """)

    @Argument(help: "The account file.") var file: String
    @Option(help: "Format: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).") var format: ExportFormat
    @Option(name: .shortAndLong, help: "Where to write (a folder for csv and salesforce; standard output when absent otherwise).") var output: String?
    @Flag(help: "Replace names, ids, e-mails and notes by pseudonyms (analyses give the same numbers).") var anonymize = false
    @Option(help: "For graphml, gexf and salesforce: the day of the analysis (YYYY-MM-DD; default today).") var asOf: Day?
    @Option(help: ArgumentHelp("For salesforce: the Id of the Salesforce account plan the stakeholders belong to (its AccountPlanId).", valueName: "id"))
    var accountPlan: String?
    @OptionGroup var scope: ScopeOption
    @OptionGroup var overrides: RunOverrides

    func validate() throws {
        if format == .csv && output == nil { throw ValidationError("--format csv writes people.csv and links.csv: name their folder with -o") }
        if format == .salesforce && output == nil {
            throw ValidationError("--format salesforce writes Contact.csv and AccountPlanStakeholder.csv: name their folder with -o")
        }
        if format == .salesforce && anonymize {
            throw ValidationError("--anonymize cannot go with --format salesforce: the files go back to the CRM's own records")
        }
        if accountPlan != nil && format != .salesforce { throw ValidationError("--account-plan goes with --format salesforce") }
    }

    func run() throws {
        let opened = try open(file)
        let request = AnalysisRequest(asOf: asOf ?? today(), overrides: overrides.settings, scope: scope.scope)
        let result = try orExit { try opened.export(format, to: output, anonymize: anonymize, request: request, accountPlan: accountPlan) }
        if let text = result.standardOutput { write(text) }
        for path in result.written { printError("wrote \(path)") }
        report(result.warnings)
        if format == .salesforce && accountPlan == nil, let output {
            report([
                Diagnostic(
                    .warning, at: nil, file: output + "/" + SalesforceExport.stakeholderFile,
                    "the AccountPlanId column is empty: give the account plan's Id with --account-plan, or fill the column before loading")
            ])
        }
    }
}
