import ArgumentParser
import Foundation
import StakemapCharts
import StakemapCore
import StakemapFormats

extension ChartView: ExpressibleByArgument {}
extension Paper: ExpressibleByArgument {}

extension PrintRequest.Format: ExpressibleByArgument {}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a chart of the account with Graphviz: org, influence, coverage, grid or path view.",
        discussion: """
            The format comes from the output's extension (.svg .png .pdf .dot .json) or --format; \
            dot is the graph before layout (deterministic), json Graphviz's layout. Large organisations \
            are made compact: each manager's reports without reports are stacked into one box, and subtrees \
            with no role holder, inner-circle person or relationship of ours become "+N people" \
            (automatically above 150 people). With --paper, a PDF that does not fit one page readably becomes a \
            chart book: an overview, each continued subtree on its own page, an index (docs/CHARTS.md). \
            --previous OLD.yaml or --since REV (the snapshots diff compares) marks on the org and influence views \
            who joined, moved or changed, and draws who left as a dashed ghost at their old place.
            """)

    @Argument(help: "The account file.") var file: String
    @Option(name: .shortAndLong, help: "The chart file to write.") var output: String
    @Option(help: "What to draw: \(ChartView.allCases.map(\.rawValue).joined(separator: ", ")).") var view: ChartView = .org
    @Option(help: "Output format (default: from the extension): \(PrintRequest.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: PrintRequest.Format?
    @Option(help: "Path view: the person to reach.") var to: String?
    @Option(name: .short, help: "Path view: how many paths.") var k: Int = 3
    @Option(help: "Only this person's subtree.") var root: String?
    @Option(help: "Levels below --root (or below the top) to draw.") var depth: Int?
    @Option(help: "Only the people within --radius links of this person.") var around: String?
    @Option(help: "Links around --around.") var radius: Int = 2
    @Flag(help: "Only role holders, the inner circle and whom we know, with their managers.") var keyPlayers = false
    @Flag(help: "Only the role holders and the people on our best path to each.") var deciders = false
    @Flag(help: "Draw levels as columns, left to right (suits wide organisations on paper).") var leftToRight = false
    @Flag(inversion: .prefixedNo, help: "Stack each manager's reports without reports into one box.") var stack = true
    @Flag(inversion: .prefixedNo, help: "Collapse uninteresting subtrees into \"+N people\" (default: above 150 people).")
    var collapse: Bool?
    @Option(help: "Print on pages of this size: \(Paper.allCases.map(\.rawValue).joined(separator: ", ")) (a PDF too large for one page becomes a chart book).")
    var paper: Paper?
    @Flag(help: "Turn the page to landscape (with --paper).") var landscape = false
    @Flag(help: "With --paper: always one page, however small the text (a PDF otherwise takes as many pages as needed to stay readable).")
    var fit = false
    @Option(help: "With --paper: the most pages a chart book may take before it is refused with advice on focusing it.")
    var maxPages: Int = 40
    @Option(help: "Without --paper: the most people one chart may draw before it is refused with advice on focusing it.")
    var maxPeople: Int = ChartBuilder.largestChart
    @Flag(help: "Replace people's names by their title and a number, for charts that leave the team.") var anonymize = false
    @Option(help: "The day people who left are counted out and relationships decay to (YYYY-MM-DD; default today).")
    var asOf: Day?
    @Option(help: "Mark the changes since this older account file (org and influence views).") var previous: String?
    @Option(help: "Mark the changes since the file at this git revision (org and influence views).") var since: String?
    @Option(help: "The day the previous snapshot is analysed as of (default: the revision's commit date, or --as-of).")
    var previousAsOf: Day?
    @OptionGroup var scope: ScopeOption
    @OptionGroup var overrides: RunOverrides

    func validate() throws {
        if k < 1 || k > 50 { throw ValidationError("-k must be between 1 and 50") }
        if let depth, depth < 0 { throw ValidationError("--depth must be 0 or more") }
        if radius < 0 { throw ValidationError("--radius must be 0 or more") }
        if view == .path && to == nil { throw ValidationError("--view path needs --to ID, the person to reach") }
        if landscape && paper == nil { throw ValidationError("--landscape goes with --paper a4|a3|letter") }
        if fit && paper == nil { throw ValidationError("--fit goes with --paper a4|a3|letter") }
        if maxPages < 1 { throw ValidationError("--max-pages must be 1 or more") }
        if maxPeople < 1 { throw ValidationError("--max-people must be 1 or more") }
        if previous != nil && since != nil { throw ValidationError("--previous and --since both name the older snapshot: give one") }
        if previous != nil || since != nil, view != .org && view != .influence {
            throw ValidationError("\(previous != nil ? "--previous" : "--since") marks changes on the org and influence views; drop it or pass --view org")
        }
        if previousAsOf != nil && previous == nil && since == nil { throw ValidationError("--previous-as-of goes with --previous or --since") }
        _ = try resolvedFormat()
    }

    /// The option that sets a chart option.
    static func flag(_ o: ChartOption) -> String {
        switch o {
        case .target: "--to"
        case .root: "--root"
        case .around: "--around"
        case .subset: "--key-players/--deciders"
        }
    }

    /// A way to make a chart fit, as the options that take it.
    static func flag(_ a: ChartAdvice) -> String {
        switch a {
        case .keyPlayers(let n): "--key-players (\(n) \(n == 1 ? "person" : "people"))"
        case .deciders(let n): "--deciders (\(n) \(n == 1 ? "person" : "people"))"
        case .depth(let d, let n): "--depth \(d) (\(n) \(n == 1 ? "person" : "people"))"
        case .root: "--root ID"
        case .paper: "--paper"
        case .fit: "--fit"
        case .maximumPeople(let n): "--max-people \(n)"
        case .maximumPages(let n): n.map { "--max-pages \($0)" } ?? "a larger --max-pages"
        }
    }

    func resolvedFormat() throws -> PrintRequest.Format {
        if let format { return format }
        let ext = (output as NSString).pathExtension.lowercased()
        guard let f = PrintRequest.Format(rawValue: ext) else {
            throw ValidationError("cannot tell the format from '\(output)'; end it with .svg, .png, .pdf, .dot or .json, or pass --format")
        }
        return f
    }

    func run() throws {
        let request = AnalysisRequest(asOf: asOf ?? today(), overrides: overrides.settings, scope: scope.scope)
        let analysis: AccountAnalysis
        var options = ChartOptions(view: view)
        // The older snapshot, exactly as `diff` takes it.
        if let older = AccountSource.older(than: file, previous: previous, since: since) {
            let comparison = try orExit { try Comparison(newer: .file(file), older: older, request: request, olderAsOf: previousAsOf) }
            analysis = comparison.newer
            options.changes = ChartChanges(previous: comparison.older, changes: comparison.changes, label: comparison.olderLabelWithDay)
        } else {
            analysis = try orExit { try OpenAccount.analysis(of: .file(file), request) }
        }
        options.target = to
        options.paths = k
        options.root = root
        options.depth = depth
        options.around = around
        options.radius = radius
        options.keyPlayersOnly = keyPlayers
        options.decidersOnly = deciders
        options.leftToRight = leftToRight
        options.stackLeaves = stack
        options.collapse = collapse
        options.anonymize = anonymize
        var printing = PrintRequest(format: try resolvedFormat(), page: paper.map { PageSetup(paper: $0, landscape: landscape) })
        printing.fit = fit
        printing.maximumPages = maxPages
        printing.maximumPeople = maxPeople
        let chart: PrintedChart
        do { chart = try ChartPrinter.print(analysis, options, printing) } catch {
            switch error {
            case .chart(let e): printError("\(file): error: \(e.message(option: Self.flag, advice: Self.flag))")
            case .graphviz(let e): printError("\(output): error: \(e.message)")
            }
            throw ExitCode(1)
        }
        for m in chart.messages { printError("\(output): warning: Graphviz: \(m)") }
        try orExit { try AtomicFile.write(bytes: chart.bytes, to: output) }
        var note = ""
        if let size = chart.size {
            let cm = { (pt: Double) in String(format: "%.0f", pt / 72 * 2.54) }
            note = ", \(cm(size.width)) × \(cm(size.height)) cm"
        }
        if let page = printing.page, let zoom = chart.zoom {
            let percent = Int((zoom * 100).rounded())
            note +=
                " \(chart.pages == 1 ? "on one" : "on \(chart.pages)") \(page.paper.rawValue.uppercased())\(landscape ? " landscape" : "") page\(chart.pages == 1 ? "" : "s") at \(percent)%"
            if chart.tooSmall {
                var tries = [
                    fit ? "drop --fit" : nil, landscape ? nil : "--landscape", page.paper == .a3 ? nil : "a larger --paper",
                    "--root/--depth/--key-players",
                ].compactMap { $0 }
                if tries.count > 1 { tries[tries.count - 1] = "or " + tries[tries.count - 1] }
                let what = chart.pages > 1 ? "a page of the chart prints at" : "the chart is shrunk to"
                printError("\(output): warning: \(what) \(percent)% to fit; text may be too small to read — try \(tries.joined(separator: ", "))")
            }
        }
        let changes = options.changes.map { "; changes since \($0.label): \($0.summary)" } ?? ""
        let people = chart.people
        print("wrote \(output) (\(printing.format.rawValue), \(view.rawValue) view, \(people) \(people == 1 ? "person" : "people") drawn\(note))\(changes)")
    }
}
