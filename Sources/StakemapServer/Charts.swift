import Foundation
import StakemapCharts
import StakemapCore
import StakemapFormats

/// The chart a page shows: its view and what the reader folded, opened and chose.
struct ChartRequest: Codable, Sendable, Hashable {
    var view: String = ChartView.org.rawValue
    /// The person the path view leads to.
    var target: String?
    var folded: [String] = []
    var opened: [String] = []
    /// Where each person's box links to (followed by their id), and each "+N people" box.
    var personLink: String?
    var openLink: String?

    func options() -> ChartOptions {
        var o = ChartOptions(view: ChartView(rawValue: view) ?? .org)
        o.target = target
        o.folded = Set(folded)
        o.opened = Set(opened)
        o.personLink = personLink
        o.openLink = openLink
        return o
    }
}

/// What a chart worker is asked: the account file, the folder it may read, the day, and
/// the chart.
struct ChartJob: Codable, Sendable {
    var file: String
    var within: String
    var asOf: String
    var chart: ChartRequest
}

/// Draws a page's chart as SVG. Graphviz 2.42 keeps state from one layout to the next and
/// can crash after many layouts in one process (docs/CHARTS.md), so a server lays out in a
/// worker process, one per chart: a crash costs one chart, not the server. Without a worker
/// command, charts are laid out in this process (for tests and short-lived use).
final class ChartDrawer: @unchecked Sendable {
    private let worker: [String]?
    private let root: String
    private let lock = NSCondition()
    /// Drawn charts, and charts that could not be drawn, by account version and chart.
    private var cache: [String: Result<String, ServerError>] = [:]
    private var order: [String] = []
    /// Charts being drawn: a second request for one waits for it instead of drawing it again.
    private var drawing: Set<String> = []
    /// Layouts at once: the machine's cores are shared with everything else.
    private let layouts = DispatchSemaphore(value: 2)
    static let cached = 24
    /// A chart that takes longer than this is given up on (its worker is stopped).
    static let timeLimit: TimeInterval = 60

    init(worker: [String]?, root: String) {
        self.worker = worker
        self.root = root
    }

    /// The SVG of `chart` for the snapshot, from the cache when the same chart of the same
    /// version was drawn (or failed) before.
    func svg(_ snapshot: Snapshot, _ chart: ChartRequest) throws(ServerError) -> String {
        let key = "\(snapshot.account.path)|\(snapshot.version)|\(snapshot.analysis.asOf)|\(chart)"
        lock.lock()
        while drawing.contains(key) { lock.wait() }
        if let hit = cache[key] {
            lock.unlock()
            return try hit.get()
        }
        drawing.insert(key)
        lock.unlock()
        layouts.wait()
        let result: Result<String, ServerError>
        do {
            if let worker {
                let job = ChartJob(file: snapshot.account.path, within: root, asOf: snapshot.analysis.asOf.description, chart: chart)
                result = .success(try Self.run(worker, job))
            } else {
                result = .success(try Self.draw(snapshot.analysis, chart))
            }
        } catch {
            result = .failure(error)
        }
        layouts.signal()
        lock.lock()
        drawing.remove(key)
        cache[key] = result
        order.append(key)
        if order.count > Self.cached { cache[order.removeFirst()] = nil }
        lock.broadcast()
        lock.unlock()
        return try result.get()
    }

    /// Lays the chart out here.
    static func draw(_ analysis: AccountAnalysis, _ chart: ChartRequest) throws(ServerError) -> String {
        let printed: PrintedChart
        do { printed = try ChartPrinter.print(analysis, chart.options(), PrintRequest(format: .svg)) } catch {
            throw ServerError(.unprocessableContent, Self.message(error))
        }
        return String(decoding: printed.bytes, as: UTF8.self)
    }

    static func message(_ error: PrintError) -> String {
        switch error {
        case .chart(let e): e.message()
        case .graphviz(let e): "the chart could not be drawn: \(e.message)"
        }
    }

    /// Lays the chart out in a worker process: the job as JSON on its standard input, the
    /// SVG on its standard output; a message on its standard error when it fails.
    static func run(_ command: [String], _ job: ChartJob) throws(ServerError) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: command[0])
        p.arguments = Array(command.dropFirst())
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = errors
        let request: Data
        do { request = try JSONEncoder().encode(job) } catch { throw ServerError(.internalServerError, "the chart request could not be encoded") }
        do { try p.run() } catch { throw ServerError(.serviceUnavailable, "the chart worker could not be started: \(error)") }
        // Over time: asked to stop, then made to.
        let pid = p.processIdentifier
        let timer = DispatchWorkItem {
            guard p.isRunning else { return }
            p.terminate()
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) { if p.isRunning { kill(pid, SIGKILL) } }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: timer)
        defer { timer.cancel() }
        // Read both outputs while writing, so that a large chart never fills a pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        group.enter()
        DispatchQueue.global().async {
            out = output.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            err = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        // A worker that died before reading its job is an error to report, not a crash.
        do { try input.fileHandleForWriting.write(contentsOf: request) } catch {}
        try? input.fileHandleForWriting.close()
        group.wait()
        p.waitUntilExit()
        let message = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if p.terminationReason == .uncaughtSignal {
            throw ServerError(
                .serviceUnavailable,
                [SIGTERM, SIGKILL].contains(p.terminationStatus)
                    ? "the chart took too long to draw; fold some of it, or choose a smaller view"
                    : "the chart could not be drawn (the layout stopped); try another view")
        }
        guard p.terminationStatus == 0 else { throw ServerError(.unprocessableContent, message.isEmpty ? "the chart could not be drawn" : message) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The worker's side: reads one `ChartJob` from standard input, writes the SVG to
    /// standard output. Returns the exit status.
    static func work() -> Int32 {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard let job = try? JSONDecoder().decode(ChartJob.self, from: input), let day = Day(iso: job.asOf) else {
            FileHandle.standardError.write(Data("the chart request is not one this worker reads\n".utf8))
            return 64
        }
        do {
            let analysis = try OpenAccount(.file(job.file), within: job.within).analysis(AnalysisRequest(asOf: day))
            let svg = try draw(analysis, job.chart)
            FileHandle.standardOutput.write(Data(svg.utf8))
            return 0
        } catch let e as StakemapError {
            FileHandle.standardError.write(Data((e.diagnostics.map(\.message).joined(separator: "; ") + "\n").utf8))
        } catch let e as ServerError {
            FileHandle.standardError.write(Data((e.message + "\n").utf8))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
        }
        return 1
    }
}

/// The entry point of a chart worker process (`stakemap serve`'s, for one).
public enum ChartWorker {
    /// Reads a chart job on standard input and writes its SVG on standard output.
    public static func main() -> Int32 { ChartDrawer.work() }
}
