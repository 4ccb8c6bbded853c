import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import StakemapCharts
import StakemapCore
import StakemapFormats
import StakemapReport

/// `stakemap serve`: a folder of accounts in a browser, and a JSON API (docs/SERVER.md).
/// Every page and answer is built on `OpenAccount`, every edit made by `EditSession`, as
/// the command line's are.
public struct StakemapServer: Sendable {
    public struct Configuration: Sendable {
        /// The folder of account files served (or one account file).
        public var path: String
        public var host: String = "127.0.0.1"
        /// 0: a free port, chosen by the system.
        public var port: Int = 8080
        /// The secret a request must carry (`Authorization: Bearer`, the `stakemap_token`
        /// cookie, or `?token=` once). Required when the host is not a loopback address.
        public var token: String?
        /// The day the analyses are for; nil: today, on the server's clock.
        public var asOf: Day?
        /// The command that lays out one chart in a process of its own (see `ChartWorker`);
        /// nil: charts are laid out in the server's process.
        public var chartWorker: [String]?
        /// The largest request body taken, in bytes.
        public var maximumBody = 256 * 1024

        public init(path: String) { self.path = path }
    }

    public let configuration: Configuration
    let shelf: AccountShelf
    let csrf: String
    let charts: ChartDrawer
    let notices = NoticeBoard()

    /// Whether `host` is a loopback address, which only this machine reaches: `localhost`,
    /// an IPv4 address in 127.0.0.0/8, or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 { return name == "::1" || withUnsafeBytes(of: &v6) { $0.dropLast().allSatisfy { $0 == 0 } && $0.last == 1 } }
        return false
    }

    /// Checks the configuration: the folder exists; a non-loopback host has a token.
    public init(_ configuration: Configuration) throws(StakemapError) {
        if !Self.isLoopback(configuration.host) && (configuration.token ?? "").isEmpty {
            throw StakemapError(file: configuration.path, "serving on \(configuration.host) needs a token, so that only people given it can read the accounts")
        }
        self.configuration = configuration
        do { shelf = try AccountShelf(configuration.path) } catch { throw StakemapError(file: configuration.path, "no such file or folder") }
        csrf = randomSecret()
        charts = ChartDrawer(worker: configuration.chartWorker, root: shelf.root)
    }

    /// Serves until interrupted (Ctrl-C or SIGTERM), then stops cleanly. `started` is told
    /// the URL once the server listens.
    public func run(started: @escaping @Sendable (String) -> Void) async throws {
        var logger = Logger(label: "stakemap.serve")
        logger.logLevel = .error
        let server = self
        let host = configuration.host
        let token = configuration.token
        let app = Application(
            responder: CallbackResponder { (request: Request, _: BasicRequestContext) in await server.respond(request) },
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
                started("http://\(shown):\(port)/" + (token.map { "?token=\(percentEncoded($0))" } ?? ""))
            },
            logger: logger)
        try await app.runService()
    }

    /// A new secret for `Configuration.token`.
    public static func newToken() -> String { randomSecret() }

    /// Why the server stopped, in words: most often, its port was taken.
    public static func explain(_ error: any Error, host: String, port: Int) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") || text.contains("EADDRINUSE") { return "port \(port) on \(host) is in use; choose another port" }
        if text.contains("Cannot assign requested address") || text.contains("EADDRNOTAVAIL") { return "\(host) is not an address of this machine" }
        if text.contains("Permission denied") || text.contains("EACCES") {
            return "port \(port) needs privileges this user does not have; choose one above 1023"
        }
        return text
    }

    /// The day analyses are for.
    var today: Day { configuration.asOf ?? Day.today() }

    var request: AnalysisRequest { AnalysisRequest(asOf: today) }

    // MARK: Requests

    /// Answers one request. Nothing thrown escapes: a refused request is a 4xx page or JSON
    /// error, whatever went wrong.
    func respond(_ request: Request) async -> Response {
        let segments: [String]
        do { segments = try request.segments() } catch { return failure(error, api: request.uri.path.hasPrefix("/api")) }
        let api = segments.first == "api"
        do {
            try checkHost(request)
            if let redirect = try checkToken(request, segments) { return redirect }
            let allowed = Self.methods(segments)
            guard allowed.contains(request.method.rawValue) else {
                throw ServerError(
                    .methodNotAllowed, "\(request.uri.path) answers \(allowed.joined(separator: " and ")), not \(request.method.rawValue)",
                    allow: allowed.joined(separator: ", "))
            }
            let response = try await route(request, segments)
            return request.method == .head ? Response(status: response.status, headers: response.headers) : response
        } catch let e as ServerError {
            return failure(e, api: api)
        } catch {
            return failure(ServerError(.badRequest, "the request could not be read: \(error)"), api: api)
        }
    }

    /// The methods a path takes: edits are posted, everything else is read.
    static func methods(_ segments: [String]) -> [String] {
        if segments.count == 3 && segments[0] == "a" && segments[2] == "edit" { return ["POST"] }
        if segments.count == 4 && segments[0] == "api" && segments[1] == "accounts" && segments[3] == "edits" { return ["POST"] }
        return ["GET", "HEAD"]
    }

    func failure(_ e: ServerError, api: Bool) -> Response {
        var response: Response
        if api {
            var doc: [String: ResultValue] = ["error": .string(e.message)]
            if !e.details.isEmpty { doc["details"] = .strings(e.details) }
            response = Reply.json(ResultValue.object(doc).json(), status: e.status)
        } else {
            response = Reply.html(Pages(csrf: csrf).error(e), status: e.status)
        }
        if let allow = e.allow { response.headers[.allow] = allow }
        return response
    }

    /// A server on a loopback address answers only requests addressed to one, so that a
    /// web page elsewhere cannot reach it through a name that resolves here (DNS rebinding).
    func checkHost(_ request: Request) throws(ServerError) {
        guard Self.isLoopback(configuration.host) else { return }
        let host = request.head.authority ?? ""
        var name = host
        if name.hasPrefix("["), let end = name.firstIndex(of: "]") {
            name = String(name[name.index(after: name.startIndex)..<end])
        } else if let colon = name.lastIndex(of: ":") {
            name = String(name[..<colon])
        }
        guard Self.isLoopback(name) else {
            throw ServerError(.forbidden, "this server answers requests to its loopback address only (127.0.0.1 or localhost), not '\(host)'")
        }
    }

    /// With a token, every request carries it; `?token=` sets it as a cookie and leads on
    /// to the same page without it.
    func checkToken(_ request: Request, _ segments: [String]) throws(ServerError) -> Response? {
        guard let token = configuration.token, !token.isEmpty else { return nil }
        let q = try request.query()
        if let given = q["token"] {
            guard sameSecret(given, token) else { throw ServerError(.unauthorized, "the token in this link is not the server's; use the link it printed") }
            let rest = q.pairs.filter { $0.key != "token" }.map { "\(percentEncoded($0.key))=\(percentEncoded($0.value))" }
            let path = "/" + segments.map(percentEncoded).joined(separator: "/") + (rest.isEmpty ? "" : "?" + rest.joined(separator: "&"))
            // Lax: the printed link opens from a mail or a chat; edits carry the CSRF token anyway.
            return Reply.redirect(path, cookie: "stakemap_token=\(percentEncoded(token)); Path=/; HttpOnly; SameSite=Lax")
        }
        var bearer: String?
        if let h = request.headers[.authorization], h.lowercased().hasPrefix("bearer ") { bearer = String(h.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        guard let given = bearer ?? request.cookie("stakemap_token").flatMap({ try? Fields.decode(Substring($0)) }), sameSecret(given, token) else {
            throw ServerError(.unauthorized, "this server needs its token: open the link it printed at start, or send 'Authorization: Bearer TOKEN'")
        }
        return nil
    }

    /// A POST carries the CSRF token of the pages (a form's `csrf` field, or the
    /// `X-CSRF-Token` header of an API call): a page of another site cannot post here.
    func checkCSRF(_ request: Request, form: Fields?) throws(ServerError) {
        let given = request.headers[.csrfToken] ?? form?["csrf"]
        guard let given, sameSecret(given, csrf) else {
            throw ServerError(
                .forbidden, "the edit lacks this server's CSRF token: reload the page and try again (API clients: GET /api/session, then send X-CSRF-Token)")
        }
    }

    /// The request body, refused above the size limit.
    func body(_ request: Request) async throws(ServerError) -> String {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maximumBody {
            throw ServerError(.contentTooLarge, "the request body is \(length) bytes; the limit is \(configuration.maximumBody)")
        }
        var r = request
        let buffer: ByteBuffer
        do { buffer = try await r.collectBody(upTo: configuration.maximumBody) } catch {
            throw ServerError(.contentTooLarge, "the request body is larger than the limit of \(configuration.maximumBody) bytes")
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else { throw .badRequest("the request body is not UTF-8 text") }
        return text
    }

    func route(_ request: Request, _ s: [String]) async throws -> Response {
        let pages = Pages(csrf: csrf)
        switch (s.first, s.count) {
        case (nil, _):
            return try await portfolioPage(pages)
        case ("assets", 2):
            guard let asset = Assets.files[s[1]] else { throw ServerError.notFound("no such file") }
            var response = Reply.text(asset.text, type: asset.type)
            response.headers[.cacheControl] = "no-cache"
            return response
        case ("a", 2):
            let account = try shelf.account(named: s[1])
            return try await accountPage(pages, account, try request.query(), form: nil, error: nil)
        case ("a", 3):
            let account = try shelf.account(named: s[1])
            switch s[2] {
            case "edit": return try await formEdit(pages, request, account)
            case "panel": return try await panelFragment(pages, account, try request.query())
            case "gaps", "players", "plan": return try await tablePage(pages, account, s[2])
            default: throw ServerError.notFound("no such page")
            }
        case ("api", _):
            return try await api(request, Array(s.dropFirst()))
        default:
            throw ServerError.notFound("no such page")
        }
    }

    // MARK: Pages

    func portfolioPage(_ pages: Pages) async throws -> Response {
        let accounts = shelf.accounts()
        let request = self.request
        let shelf = self.shelf
        let html = try await offload { () -> String in
            var entries: [(ServedAccount, PortfolioEntry)] = []
            var skipped: [(ServedAccount, ServerError)] = []
            for account in accounts {
                do {
                    let s = try shelf.snapshot(account, request)
                    let history =
                        ScoreHistory.trend(of: account.path, limit: 6, overrides: request.overrides)
                        + [ScorePoint(date: request.asOf.description, score: s.analysis.score.value)]
                    entries.append(
                        (
                            account,
                            PortfolioEntry(
                                file: account.path, analysis: s.analysis, gaps: s.analysis.gaps(), previousScore: nil, previousLabel: nil, history: history)
                        ))
                } catch let error as ServerError {
                    skipped.append((account, error))
                } catch {
                    skipped.append((account, ServerError(.unprocessableContent, "\(error)")))
                }
            }
            let order = Portfolio.sorted(entries.map(\.1)).map(\.file)
            let byFile = Dictionary(entries.map { ($0.1.file, $0) }, uniquingKeysWith: { a, _ in a })
            return pages.portfolio(order.compactMap { byFile[$0] }, skipped: skipped, asOf: request.asOf)
        }
        return Reply.html(html)
    }

    /// The chart state a page's query gives; ids it names must be people of the account.
    func chartState(_ q: Fields, _ a: AccountAnalysis) throws(ServerError) -> Pages.ChartState {
        var state = Pages.ChartState()
        if let v = q.text("view") {
            guard let view = ChartView(rawValue: v) else {
                throw .badRequest("view: '\(v)' is not a view (\(ChartView.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            state.view = view
        }
        func person(_ id: String, _ field: String) throws(ServerError) -> String {
            guard let v = a.graph.node(id), a.person(v) != nil else {
                throw ServerError(.notFound, "\(field): no person '\(id)' in this account\(Suggester(a.account.people.map(\.id)).hint(for: id))")
            }
            return id
        }
        if let p = q.text("person") { state.person = try person(p, "person") }
        func list(_ field: String) throws(ServerError) -> [String] {
            let ids = q.values(field).flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
            // Folded or opened people who have gone since (a git pull) are let go.
            return Array(Set(ids.filter { a.graph.node($0).flatMap(a.person) != nil })).sorted()
        }
        state.folded = try list("fold")
        state.opened = try list("open")
        if state.view == .path && state.person == nil { throw .badRequest("view: the paths view needs a person (person=ID)") }
        return state
    }

    /// Finds the person a search names: an id, a name or a title, ignoring case and accents.
    func find(_ text: String, in a: AccountAnalysis) -> Person? {
        let people = a.account.people.filter { $0.isActive(asOf: a.asOf) }
        if let p = people.first(where: { $0.id == text }) { return p }
        let key = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        func folded(_ s: String?) -> String { (s ?? "").folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        return people.first { folded($0.name) == key } ?? people.first { folded($0.name).contains(key) } ?? people.first { folded($0.title).contains(key) }
    }

    func accountPage(_ pages: Pages, _ account: ServedAccount, _ q: Fields, form: Fields?, error: ServerError?) async throws -> Response {
        let request = self.request
        let shelf = self.shelf
        let charts = self.charts
        let snapshot = try await offload { try shelf.snapshot(account, request) }
        let a = snapshot.analysis
        var state = try chartState(q, a)
        var notice: String? = q.text("done").flatMap(notices.message)
        if let wanted = q.text("find") {
            if let p = find(wanted, in: a) {
                state.person = p.id
            } else {
                notice = "Nobody named '\(wanted)' in \(a.account.info.name)."
            }
        }
        // The person shown is drawn: the managers above them keep their reports open.
        var drawnFolded = state.folded
        var drawnOpened = state.opened
        if let id = state.person, let v = a.graph.node(id) {
            var chain: [String] = []
            var m = a.person(v)?.reportsTo
            var guardCount = 0
            while let up = m, guardCount < a.account.people.count {
                chain.append(up)
                m = a.graph.node(up).flatMap(a.person)?.reportsTo
                guardCount += 1
            }
            drawnFolded.removeAll { chain.contains($0) }
            drawnOpened = Array(Set(drawnOpened + chain.filter { a.graph.node($0) != nil })).sorted()
        }
        // A box links to its person, a "+N people" box to the reports it holds; the page's
        // script keeps the rest of the page's state (view, folding) when following them.
        // (Graphviz 2.42 writes a link's "&" unescaped, so links hold one parameter.)
        let chart = ChartRequest(
            view: state.view.rawValue, target: state.view == .path ? state.person : nil, folded: drawnFolded, opened: drawnOpened,
            personLink: "?person=", openLink: "?open=")
        let svg: Result<String, ServerError>
        do { svg = .success(try await offload { try charts.svg(snapshot, chart) }) } catch let e as ServerError { svg = .failure(e) }
        let panel = state.person.flatMap { id in a.graph.node(id).map { pages.panel(snapshot, person: $0, state: state, error: error, form: form) } }
        let html = pages.account(snapshot, state: state, svg: svg, panel: panel, notice: error == nil ? notice : nil)
        return Reply.html(html, status: error?.status ?? .ok)
    }

    func panelFragment(_ pages: Pages, _ account: ServedAccount, _ q: Fields) async throws -> Response {
        let request = self.request
        let shelf = self.shelf
        let snapshot = try await offload { try shelf.snapshot(account, request) }
        let state = try chartState(q, snapshot.analysis)
        guard let id = state.person, let v = snapshot.analysis.graph.node(id) else {
            throw ServerError.badRequest("person: name the person whose panel to show")
        }
        return Reply.html(pages.panel(snapshot, person: v, state: state))
    }

    func tablePage(_ pages: Pages, _ account: ServedAccount, _ kind: String) async throws -> Response {
        let request = self.request
        let shelf = self.shelf
        let html = try await offload { () throws -> String in
            let s = try shelf.snapshot(account, request)
            let (title, result, footer) = Answers.table(kind, s.analysis)
            return pages.table(s, title: title, tab: kind, result, footer: footer)
        }
        return Reply.html(html)
    }

    /// A form's edit: made, then the page again (303, so a reload does not post twice);
    /// refused, the page with the message and what was typed (422).
    func formEdit(_ pages: Pages, _ request: Request, _ account: ServedAccount) async throws -> Response {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw ServerError(.unsupportedMediaType, "an edit form is sent as application/x-www-form-urlencoded")
        }
        let form = try Fields(form: Substring(try await body(request)))
        try checkCSRF(request, form: form)
        let q = try request.query()
        do {
            let result = try await edit(account, form)
            var back = q.pairs.filter { $0.key != "done" && $0.key != "find" }
            back.removeAll { $0.key == "person" }
            back.append(("person", result.person))
            back.append(("done", notices.post(result.message)))
            return Reply.redirect("/a/\(percentEncoded(account.name))" + queryString(back.map { ($0.key, $0.value) }))
        } catch let e as ServerError {
            var shown = q.pairs
            if q["person"] == nil, let id = form["id"] ?? form["theirs"] ?? form["from"] { shown.append(("person", id)) }
            return try await accountPage(pages, account, Fields(shown), form: form, error: e)
        }
    }

    /// Makes an edit through the edit session and forgets the cached snapshot. With a
    /// `version` (a page's), the edit is refused (409) when the account changed since:
    /// a form shows what the page was drawn from, and saving it must not undo a change it
    /// never showed.
    func edit(_ account: ServedAccount, _ fields: Fields) async throws -> (person: String, message: String) {
        let edit = try AccountEdit.decode(fields, today: today)
        let expected = fields.text("version")
        let shelf = self.shelf
        let message = try await offload { () throws -> String in
            defer { shelf.invalidate(account) }
            return try edit.save(to: account.path, within: shelf.root) { () throws(ServerError) in
                if let expected, expected != shelf.version(of: account) {
                    throw ServerError(
                        .conflict,
                        "the account changed since this page was drawn (another edit, or the file on disk); nothing was written — look again and redo the edit")
                }
            }
        }
        return (edit.person, message)
    }
}

/// What an edit said it did, kept for the page the browser is sent to next: the page shows
/// only what this server said, never text from the address.
final class NoticeBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String: String] = [:]
    private var order: [String] = []

    /// Keeps `message`; returns the key a page's address carries.
    func post(_ message: String) -> String {
        let key = randomSecret().prefix(12)
        lock.lock()
        defer { lock.unlock() }
        messages[String(key)] = message
        order.append(String(key))
        if order.count > 64 { messages[order.removeFirst()] = nil }
        return String(key)
    }

    func message(_ key: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return messages[key]
    }
}
