import ArgumentParser
import Foundation
import StakemapCore
import StakemapFormats
import StakemapServer

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a folder of accounts in a browser, with a JSON API (docs/SERVER.md).",
        discussion:
            "The portfolio, each account's chart (pan, zoom, search, fold), a person's panel, gaps, key players and the visit plan; edits go through the same locked, checked edit as the command line's. Binds to 127.0.0.1 unless --host says otherwise; on another address every request needs the token, printed at start. Ctrl-C stops it."
    )

    @Argument(help: "A folder of account files, or one account file.") var path: String
    @Option(help: "The port (0: any free one).") var port: Int = 8080
    @Option(help: "The address to listen on. Anything but a loopback address needs a token.") var host: String = "127.0.0.1"
    @Option(help: "The secret requests must carry (default: $STAKEMAP_TOKEN; generated and printed when --host is not a loopback address).")
    var token: String?
    @Option(help: "The day of the analyses (YYYY-MM-DD; default today).") var asOf: Day?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535, not \(port)") }
        if let token = token ?? ProcessInfo.processInfo.environment["STAKEMAP_TOKEN"] {
            if token.count < 16 { throw ValidationError("--token must be at least 16 characters, so that it cannot be guessed") }
            if !token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._~".contains($0)) }) {
                throw ValidationError("--token may hold letters, digits and - . _ ~ only (it goes in a link and a cookie)")
            }
        }
    }

    func run() throws {
        var configuration = StakemapServer.Configuration(path: path)
        configuration.host = host
        configuration.port = port
        configuration.asOf = asOf
        configuration.token =
            token ?? ProcessInfo.processInfo.environment["STAKEMAP_TOKEN"] ?? (StakemapServer.isLoopback(host) ? nil : StakemapServer.newToken())
        // Charts are laid out by this same program, one process per chart.
        configuration.chartWorker = ["/proc/self/exe", "chart-worker"]
        let server = try orExit { try StakemapServer(configuration) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: (any Error)?
        let shown = path
        Task {
            do {
                try await server.run { url in
                    print("Serving \(shown) at \(url)")
                    print("Ctrl-C stops the server.")
                    fflush(nil)
                }
            } catch {
                failure = error
            }
            done.signal()
        }
        done.wait()
        if let failure {
            printError("\(path): error: the server stopped: \(StakemapServer.explain(failure, host: host, port: port))")
            throw ExitCode(1)
        }
    }
}

/// Lays out one chart for `serve`, in a process of its own (not for people to run).
struct ChartWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chart-worker", abstract: "Lays out one chart for serve.", shouldDisplay: false)

    func run() throws {
        let status = ChartWorker.main()
        fflush(nil)
        Foundation.exit(status)
    }
}
