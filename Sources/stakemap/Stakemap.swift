import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats

@main
struct Stakemap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stakemap",
        abstract: "Map a key account's decision hierarchy: who decides, how we reach them, where coverage is thin.",
        discussion: "Account files are YAML (or JSON) as described in docs/FORMAT.md. Exit status: 0 success, 1 invalid input, 64 bad usage.",
        version: "0.1.0",
        subcommands: [
            Init.self, Validate.self, Show.self, Format.self, Coverage.self, Paths.self, Gaps.self, Score.self, Rank.self, PlanVisits.self, Brief.self,
            Render.self, Import.self, Export.self, Diff.self, SetFields.self, Log.self, Add.self, Remove.self, Forget.self, Report.self, PortfolioCommand.self,
            Generate.self, Serve.self, ChartWorkerCommand.self,
        ]
    )

    static func main() {
        MemoryTuning.request()
        Trace.mark("started")
        main(nil)
        // A command that returned: what it printed is flushed, and a failed write said.
        finish()
    }
}

/// Ends the process once the output is written, without freeing the account piece by
/// piece: for a 100,000-person organisation that walk costs a tenth of a second that
/// the operating system's reclaiming of the whole address space does not.
func finish(_ code: Int32 = 0) -> Never {
    if fflush(nil) != 0 { outputFailed(String(cString: strerror(errno))) }
    Trace.mark("written")
    exit(code)
}

/// Prints to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Whether standard output is a terminal (colour only then, and never with NO_COLOR).
let useColour: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
let useColourOnStderr: Bool = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

func paint(_ text: String, _ code: String, stderr: Bool = false) -> String {
    (stderr ? useColourOnStderr : useColour) ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
}

/// Prints diagnostics to stderr: the option a message is about named as the option, and
/// the commands for the next steps it offers.
func report(_ diagnostics: [Diagnostic]) {
    for d in diagnostics {
        let label = d.severity == .error ? paint("error", "1;31", stderr: true) : paint("warning", "1;33", stderr: true)
        let place = d.location.map { "\($0): " } ?? d.file.map { "\($0): " } ?? ""
        let commands = d.nextSteps.compactMap { command(for: $0, file: d.file) }
        let steps = commands.isEmpty ? "" : " (" + commands.joined(separator: "; ") + ")"
        printError("\(place)\(label): \(d.parameter.map { "--\($0): " } ?? "")\(d.message)\(steps)")
    }
}

/// The command that takes a next step the library offers.
func command(for step: NextStep, file: String?) -> String? {
    let f = file ?? "FILE"
    switch step {
    case .logContact(let ours, let theirs): return "stakemap log \(f) --ours \(ours) --theirs \(theirs)"
    case .planVisits: return "stakemap plan-visits \(f)"
    case .removeMember(let id): return "stakemap remove member \(f) \(id)"
    case .markLeft(let id): return "stakemap set \(f) \(id) left=YYYY-MM-DD"
    case .forget(let id): return "stakemap forget \(f) \(id)"
    case .newAccount: return "stakemap init \(f) --name NAME"
    }
}

/// Prints what stopped a library call: its diagnostics, then its advice.
func report(_ failure: StakemapError) {
    report(failure.diagnostics)
    if let advice = failure.advice { printError(advice) }
}

/// Runs one call into the library; on failure prints why and exits 1.
func orExit<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let failure as StakemapError {
        report(failure)
        throw ExitCode(1)
    }
}

/// Opens an account for a command (warnings are not printed: `validate` shows them).
func open(_ path: String, keepDirectory: Bool = false) throws -> OpenAccount {
    try orExit { try OpenAccount(path: path, keepDirectory: keepDirectory) }
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
    public static var defaultCompletionKind: CompletionKind { .default }
}

/// Today in the local calendar.
func today() -> Day { Day.today() }

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a new account file from a commented template.")

    @Argument(help: "The account file to create (.yaml).")
    var file: String

    @Option(help: "The client's name.")
    var name: String

    @Option(help: "The client's sector (banking, insurance, retail, …).")
    var sector: String?

    @Flag(help: "Replace the file if it exists.")
    var force = false

    func validate() throws {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty") }
    }

    func run() throws {
        if FileManager.default.fileExists(atPath: file) && !force {
            printError("\(file): error: the file exists; pass --force to replace it")
            throw ExitCode(1)
        }
        let text = AccountTemplate.text(name: name, sector: sector, today: today())
        try orExit { try AtomicFile.write(text: text, to: file) }
        print("Created \(file). Add your team and their people, then run: stakemap validate \(file)")
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check account files: syntax, keys, values, ids, reporting lines.",
        discussion: "Every problem is printed as FILE:LINE:COLUMN: error|warning: message. Warnings do not fail validation.")

    @Argument(help: "Account files.")
    var files: [String]

    @Flag(help: "Print errors only.")
    var quiet = false

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one account file") }
    }

    func run() throws {
        var failed = false
        // Loaded accounts are kept until the process ends: freeing a large one object by
        // object takes longer than validating it.
        var loaded: [LoadResult] = []
        for path in files {
            let result = AccountLoader.load(path: path)
            report(quiet ? result.errors : result.diagnostics)
            let errors = result.errors.count
            let warnings = result.warnings.count
            if errors > 0 || (strict && warnings > 0) { failed = true }
            if errors == 0, let a = result.file?.account {
                let active = a.people.count { $0.left == nil }
                print(
                    "\(path): ok — \(active) people, \(a.team.count) team, \(a.links.count) links, \(a.relationships.count) relationships\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "")"
                )
            } else {
                print("\(path): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            }
            loaded.append(result)
        }
        withExtendedLifetime(loaded) { finish(failed ? 1 : 0) }
    }
}

struct Format: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rewrite account files in canonical form (stable key order, sorted value lists).",
        discussion: "The file is replaced atomically, and only when it is valid. With a directory, only the account file is rewritten.")

    @Argument(help: "Account files.")
    var files: [String]

    @Flag(help: "Do not write; exit 1 when a file is not in canonical form.")
    var check = false

    func run() throws {
        var failed = false
        for path in files {
            let file = try open(path, keepDirectory: true).file
            let text = AccountWriter.text(file, syntax: AccountWriter.syntax(for: path))
            let current = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
            if current == text { continue }
            if check {
                printError("\(path): not in canonical form; run 'stakemap format \(path)'")
                failed = true
                continue
            }
            try orExit { try AtomicFile.write(text: text, to: path) }
            printError("formatted \(path)")
        }
        if failed { throw ExitCode(1) }
    }
}
