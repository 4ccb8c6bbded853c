import Foundation
import Testing

/// `stakemap serve` driven over HTTP: its pages, its API against the command line's JSON,
/// its edits, and what it refuses. (The browser test is Tests/browser/serve_test.py.)
@Suite(.serialized) struct ServeTests {
    func read(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }

    @Test func thePortfolioAndAnAccountsPagesAreServed() throws {
        let s = try ServedFolder()
        let home = try s.http("GET", "/")
        #expect(home.status == 200)
        #expect(home.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        // Riskiest first, as `stakemap portfolio` orders them.
        let names = ["Maison Lumière Distribution", "Banque Exemple", "Mutuelle Horizon"].filter { home.body.contains($0) }
        #expect(names.count == 3, "\(home.body)")
        let portfolio = try stakemap(["portfolio", s.folder, "--as-of", "2026-11-27", "--format", "json"])
        let order = (try json(portfolio.stdout)["accounts"] as? [[String: Any]] ?? []).compactMap { $0["account"] as? String }
        let positions = order.compactMap { home.body.range(of: ">\($0)</a>")?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted(), "\(order)")

        let page = try s.http("GET", "/a/banque-exemple")
        #expect(page.status == 200)
        #expect(page.body.contains("<svg"))
        #expect(page.body.contains("?person=julie.dufour"), "each box links to its person")
        for view in ["influence", "coverage", "grid"] {
            let r = try s.http("GET", "/a/banque-exemple?view=\(view)")
            #expect(r.status == 200 && r.body.contains("<svg") && r.body.contains("?person="), "\(view): \(r.status)")
        }
        let path = try s.http("GET", "/a/banque-exemple?view=path&person=julie.dufour")
        #expect(path.status == 200 && path.body.contains("<svg"))
        let panel = try s.http("GET", "/a/banque-exemple/panel?person=julie.dufour")
        #expect(panel.status == 200)
        #expect(panel.body.contains("Julie Dufour") && panel.body.contains("Best paths") && panel.body.contains("name=\"csrf\""))
        for table in ["gaps", "players", "plan"] {
            let r = try s.http("GET", "/a/banque-exemple/\(table)")
            #expect(r.status == 200 && r.body.contains("<table"), "\(table)")
        }
    }

    /// The API's JSON is the command line's `--format json`, answer for answer.
    @Test func theAPIGivesTheCommandLinesJSON() throws {
        let s = try ServedFolder()
        let pairs: [(String, [String])] = [
            ("/api/accounts/banque-exemple/coverage?all=true", ["coverage", "--all"]),
            ("/api/accounts/banque-exemple/rank", ["rank"]),
            ("/api/accounts/banque-exemple/plan", ["plan-visits"]),
            ("/api/accounts/banque-exemple/paths?to=julie.dufour&k=4", ["paths", "--to", "julie.dufour", "-k", "4"]),
        ]
        for (target, command) in pairs {
            let api = try s.http("GET", target)
            #expect(api.status == 200, "\(target): \(api.body)")
            let cli = try stakemap([command[0], s.file] + command.dropFirst() + ["--as-of", "2026-11-27", "--format", "json"])
            #expect(NSDictionary(dictionary: api.json) == NSDictionary(dictionary: try json(cli.stdout)), "\(target)")
        }
        // Gaps: the same gaps; the command line adds the command that closes one.
        let gaps = try s.http("GET", "/api/accounts/banque-exemple/gaps").json["gaps"] as? [[String: Any]] ?? []
        let cli = try json(try stakemap(["gaps", s.file, "--as-of", "2026-11-27", "--format", "json"]).stdout)["gaps"] as? [[String: Any]] ?? []
        #expect(gaps.count == cli.count && !gaps.isEmpty)
        #expect(gaps.map { $0["subject"] as? String } == cli.map { $0["subject"] as? String })
        let list = try s.http("GET", "/api/accounts").json["accounts"] as? [[String: Any]] ?? []
        #expect(list.compactMap { $0["name"] as? String } == ["banque-exemple", "maison-lumiere", "mutuelle-horizon"])
        #expect(
            try s.http("GET", "/api/openapi.yaml").body == read("\(packageRoot)/docs/openapi.yaml"),
            "docs/openapi.yaml is the served document: curl http://127.0.0.1:PORT/api/openapi.yaml > docs/openapi.yaml")
    }

    @Test func anEditIsMadeThroughTheEditSessionAndChangesTheAnswers() throws {
        let s = try ServedFolder()
        let token = try s.csrf()
        let before = try s.http("GET", "/api/accounts/banque-exemple").json
        let coverage = { () throws -> Double in
            let people = try s.http("GET", "/api/accounts/banque-exemple/coverage?all=true").json["people"] as? [[String: Any]] ?? []
            return people.first { $0["id"] as? String == "julie.dufour" }?["coverage"] as? Double ?? -1
        }
        let was = try coverage()
        let r = try s.edit(
            "banque-exemple",
            #"{"edit": "log", "ours": "our.am", "theirs": "julie.dufour", "kind": "meeting", "level": "problem-solver", "note": "met at the forum"}"#,
            token: token)
        #expect(r.status == 200, "\(r.body)")
        #expect(read(s.file).contains("note: met at the forum"))
        #expect(try coverage() > was)
        let after = try s.http("GET", "/api/accounts/banque-exemple").json
        #expect(after["version"] as? String != before["version"] as? String)
        #expect((after["score"] as? Double ?? 0) > (before["score"] as? Double ?? 0))
        #expect(try stakemap(["validate", s.file]).status == 0)
        // A form's edit: the page again (303), with what was done.
        let form = try s.http(
            "POST", "/a/banque-exemple/edit?person=julie.dufour", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "csrf=\(token)&edit=set&id=julie.dufour&stance=supporter&notes=Prefers+short+meetings+%26+figures")
        #expect(form.status == 303, "\(form.body)")
        #expect(form.headers["location"]?.hasPrefix("/a/banque-exemple?person=julie.dufour&done=") == true)
        #expect(read(s.file).contains("Prefers short meetings & figures"))
    }

    @Test func aRefusedEditSaysWhyAndWritesNothing() throws {
        let s = try ServedFolder()
        let token = try s.csrf()
        let original = read(s.file)
        let cases: [(String, Int, String)] = [
            (#"{"edit": "add-link", "from": "julie.dufour", "to": "theo.laurent", "strength": 2}"#, 422, "strength 2.0 is above 1"),
            (#"{"edit": "set", "id": "julie.dufour", "stance": "supportr"}"#, 422, "did you mean 'supporter'?"),
            (#"{"edit": "set", "id": "julie.dufour", "reports_to": "julie.dufour"}"#, 422, "julie.dufour"),
            (#"{"edit": "lg", "ours": "our.am"}"#, 400, "did you mean 'log'?"),
            (#"{"edit": "log", "ours": "julie.dufour", "theirs": "our.am"}"#, 422, "one of their people"),
            (#"{"edit": "add-person", "id": "julie.dufour", "name": "Again"}"#, 422, "already used"),
            (#"{"edit": "log", "ours": {"nested": 1}}"#, 400, "ours: give a string"),
            (#"{"edit": "add-link", "from": "julie.dufour", "to": "theo.laurent", "strength": "0.5"}"#, 400, "strength: give a number"),
            (#"{"edit": "log", "ours": "our.am", "theirs": "julie.dufour", "mood": "good"}"#, 400, "mood: not a field of the log edit"),
            (#"[[[[[[[[[[[[[[[[[[[[[[[["#, 400, "flat JSON object"),
            ("not json", 400, "not a JSON object"),
        ]
        for (body, status, message) in cases {
            let r = try s.edit("banque-exemple", body, token: token)
            #expect(r.status == status, "\(body): \(r.status) \(r.body)")
            #expect(
                (r.json["error"] as? String ?? "").contains(message) || (r.json["details"] as? [String] ?? []).joined().contains(message), "\(body): \(r.body)")
        }
        #expect(read(s.file) == original)
        // On the page: the message where the form was, what was typed kept, nothing written.
        let page = try s.http(
            "POST", "/a/banque-exemple/edit?person=julie.dufour", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "csrf=\(token)&edit=add-link&from=julie.dufour&to=theo.laurent&type=influence&strength=1.5")
        #expect(page.status == 422)
        #expect(page.body.contains("role=\"alert\"") && page.body.contains("strength 1.5 is above 1") && page.body.contains("value=\"1.5\""))
        #expect(read(s.file) == original)
        // A form drawn before the file changed: refused, so that it cannot undo the change.
        let version = try s.http("GET", "/api/accounts/banque-exemple/version").json["version"] as? String ?? ""
        #expect(try stakemap(["set", s.file, "julie.dufour", "notes=written from the command line"]).status == 0)
        let changed = read(s.file)
        let stale = try s.http(
            "POST", "/a/banque-exemple/edit?person=julie.dufour", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "csrf=\(token)&edit=set&id=julie.dufour&version=\(version)&stance=supporter&notes=")
        #expect(stale.status == 409 && stale.body.contains("the account changed since this page was drawn"))
        #expect(read(s.file) == changed)
        // A notice comes from the server, never from the address.
        #expect(!(try s.http("GET", "/a/banque-exemple?done=Session+expired").body.contains("Session expired")))
    }

    @Test func whatTheServerRefuses() throws {
        let dir = scratch()
        try FileManager.default.copyItem(atPath: "\(packageRoot)/samples/banque-exemple.yaml", toPath: "\(dir)/banque-exemple.yaml")
        // A secret account outside the folder, and a link to it inside.
        let outside = scratch()
        try (header + "people:\n  - { id: ceo, name: Secret Person }\n").write(toFile: "\(outside)/secret.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/linked.yaml", withDestinationPath: "\(outside)/secret.yaml")
        // An account whose directory CSV files lie outside the folder.
        try FileManager.default.createDirectory(atPath: "\(outside)/hr", withIntermediateDirectories: true)
        try "id,name,title,unit,site,level,email,reports_to,dotted,left\nceo,Secret Person,CEO,,,,,,,\n".write(
            toFile: "\(outside)/hr/people.csv", atomically: true, encoding: .utf8)
        try (header + "directory: \(outside)/hr\n").write(toFile: "\(dir)/reach.yaml", atomically: true, encoding: .utf8)
        let s = try ServedFolder(folder: dir)
        let token = try s.csrf()
        for target in [
            "/a/../../etc/passwd", "/a/..%2F..%2Fetc%2Fpasswd", "/a/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fPackage.swift", "/../etc/passwd",
            "/api/accounts/..%2Fsecret/gaps", "/a/linked", "/api/accounts/linked", "/a/%2Ftmp%2Fsecret", "/a/secret", "/a/reach",
            "/api/accounts/reach/coverage?all=true",
        ] {
            let r = try s.http("GET", target)
            #expect(r.status == 404 || r.status == 400 || r.status == 422, "\(target): \(r.status)")
            #expect(!r.body.contains("Secret Person") && !r.body.contains("root:x:0"), "\(target)")
        }
        let list = try s.http("GET", "/api/accounts").body
        #expect(!list.contains("linked") && !list.contains("Secret Person") && list.contains("lies outside"), "\(list)")
        // Nor through an edit of that account.
        let reach = try s.edit("reach", #"{"edit": "set", "id": "ceo", "notes": "x"}"#, token: token)
        #expect(reach.status == 422 && !reach.body.contains("Secret Person"))
        #expect(try s.http("GET", "/a/banque-exemple?person=%zz").status == 400)
        // An edit from another site: no token, or a form posted as text.
        #expect(try s.edit("banque-exemple", #"{"edit": "log", "ours": "our.am", "theirs": "julie.dufour"}"#, token: "wrong").status == 403)
        #expect(
            try s.http("POST", "/api/accounts/banque-exemple/edits", headers: ["Content-Type": "text/plain", "X-CSRF-Token": token], body: "{}").status == 415)
        // A body over the limit.
        let big = #"{"edit": "set", "id": "julie.dufour", "notes": ""# + String(repeating: "x", count: 300_000) + #""}"#
        #expect(try s.edit("banque-exemple", big, token: token).status == 413)
        // Another host name (a DNS rebinding page), and other methods.
        for host in ["evil.example:\(s.port)", "127.evil.example:\(s.port)", "127.0.0.1.evil.example", "localhost.evil.example"] {
            #expect(try s.http("GET", "/api/session", host: host).status == 403, "\(host)")
        }
        for host in ["localhost:\(s.port)", "127.0.0.1", "127.1.2.3:\(s.port)", "[::1]:\(s.port)"] {
            #expect(try s.http("GET", "/api/session", host: host).status == 200, "\(host)")
        }
        let delete = try s.http("DELETE", "/api/accounts/banque-exemple")
        #expect(delete.status == 405 && delete.headers["allow"] == "GET, HEAD")
        let get = try s.http("GET", "/api/accounts/banque-exemple/edits")
        #expect(get.status == 405 && get.headers["allow"] == "POST")
        #expect(try s.http("GET", "/a/banque-exemple?view=bogus").status == 400)
        let unknown = try s.http("GET", "/a/banque-exemple?person=julie.dufuor")
        #expect(unknown.status == 404 && unknown.body.contains("did you mean &#39;julie.dufour&#39;?"))
        #expect(try s.http("GET", "/api/accounts/banque-exemple/paths").status == 400)
        #expect(try s.http("GET", "/api/accounts/banque-exemple/paths?to=julie.dufour&k=0").status == 400)
        #expect(try s.http("GET", "/api/accounts/banque-exemple/paths?to=nobody").status == 404)
        #expect(read("\(dir)/banque-exemple.yaml") == read("\(packageRoot)/samples/banque-exemple.yaml"))
        #expect(s.process.isRunning)
    }

    @Test func namesAndNotesAreShownAsText() throws {
        let dir = scratch()
        let hostile = "<img src=x onerror=alert(1)>"
        try
            (header
            + "people:\n  - { id: ceo, name: \"\(hostile)\", title: \"</script><script>alert(2)</script>\", roles: [economic-buyer], notes: \"<b>bold</b>\" }\n"
            + "relationships:\n  - { ours: a.martin, theirs: ceo, level: vendor, last_contact: 2026-11-01 }\n")
            .write(toFile: "\(dir)/x.yaml", atomically: true, encoding: .utf8)
        let s = try ServedFolder(folder: dir)
        for target in ["/", "/a/x", "/a/x?person=ceo", "/a/x/panel?person=ceo", "/a/x/gaps", "/a/x?view=grid"] {
            let r = try s.http("GET", target)
            #expect(r.status == 200, "\(target)")
            #expect(!r.body.contains("<img src=x") && !r.body.contains("<script>alert") && !r.body.contains("<b>bold"), "\(target)")
        }
        #expect(try s.http("GET", "/a/x?person=ceo").body.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func twentyEditsFromTheAPIAndTwentyFromTheCommandLineAtOnceAreAllKept() async throws {
        let s = try ServedFolder()
        let token = try s.csrf()
        let file = s.file
        let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for i in 0..<20 {
                group.addTask {
                    let r = try s.edit("banque-exemple", #"{"edit": "log", "ours": "our.am", "theirs": "julie.dufour", "note": "api \#(i)"}"#, token: token)
                    return ("api \(i)", r.status)
                }
                group.addTask {
                    let r = try stakemap(["log", file, "--ours", "our.c1", "--theirs", "theo.laurent", "--date", "2026-11-20", "--note", "cli \(i)"])
                    return ("cli \(i)", r.status == 0 ? 200 : Int(r.status))
                }
            }
            var out: [(String, Int)] = []
            for try await r in group { out.append(r) }
            return out
        }
        #expect(statuses.allSatisfy { $0.1 == 200 }, "\(statuses.filter { $0.1 != 200 })")
        let text = read(file)
        for i in 0..<20 {
            #expect(text.contains("note: api \(i)\n"), "api \(i) lost")
            #expect(text.contains("note: cli \(i)\n"), "cli \(i) lost")
        }
        #expect(try stakemap(["validate", file]).status == 0)
    }

    @Test func theVersionChangesWhenTheFileChangesOnDisk() throws {
        let s = try ServedFolder()
        let before = try s.http("GET", "/api/accounts/banque-exemple/version").json["version"] as? String
        #expect(before != nil)
        #expect(try stakemap(["set", s.file, "julie.dufour", "stance=supporter"]).status == 0)
        let after = try s.http("GET", "/api/accounts/banque-exemple/version").json["version"] as? String
        #expect(after != nil && after != before)
        #expect(try s.http("GET", "/a/banque-exemple/panel?person=julie.dufour").body.contains("<dt>Stance</dt><dd>supporter</dd>"))
    }

    @Test func aTokenIsNeededWhenOneIsSet() throws {
        let secret = "0123456789abcdef0123"
        let s = try ServedFolder(arguments: ["--token", secret])
        #expect(s.url.hasSuffix("/?token=\(secret)"))
        #expect(try s.http("GET", "/").status == 401)
        #expect(try s.http("GET", "/api/accounts", headers: ["Authorization": "Bearer wrong"]).status == 401)
        #expect(try s.http("GET", "/api/accounts", headers: ["Authorization": "Bearer \(secret)"]).status == 200)
        let link = try s.http("GET", "/a/banque-exemple?token=\(secret)&view=grid")
        #expect(link.status == 303 && link.headers["location"] == "/a/banque-exemple?view=grid")
        #expect(link.headers["set-cookie"]?.contains("HttpOnly") == true)
        #expect(try s.http("GET", "/a/banque-exemple?view=grid", headers: ["Cookie": "stakemap_token=\(secret)"]).status == 200)
        // Off loopback without a token, one is made and printed.
        let open = try ServedFolder(folder: s.folder, arguments: ["--host", "0.0.0.0"])
        #expect(open.url.contains("?token=") && open.url.count > "http://0.0.0.0:1/?token=".count + 16)
        #expect(try open.http("GET", "/").status == 401)
    }

    /// A port out of range or a guessable token is refused before anything is served,
    /// with the flag named, and the exit code of a usage error.
    @Test func aBadPortOrTokenIsAUsageError() throws {
        let refused: [([String], [String: String], String)] = [
            (["--port", "99999"], [:], "--port must be from 0 to 65535, not 99999"),
            (["--port=-1"], [:], "--port must be from 0 to 65535, not -1"),
            (["--token", "short"], [:], "--token must be at least 16 characters"),
            (["--token", "a token with spaces!"], [:], "--token may hold letters, digits and - . _ ~ only"),
            ([], ["STAKEMAP_TOKEN": "short"], "--token must be at least 16 characters"),
        ]
        for (arguments, environment, message) in refused {
            let r = try runProgram(
                executable, ["serve", "samples"] + arguments, in: packageRoot, environment: environment.merging(["NO_COLOR": "1"]) { a, _ in a })
            #expect(r.status == 64, "\(arguments) \(environment): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func aBusyPortIsSaidSo() throws {
        let s = try ServedFolder()
        let r = try stakemap(["serve", s.folder, "--port", "\(s.port)"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("port \(s.port) on 127.0.0.1 is in use"), "\(r.stderr)")
        #expect(try stakemap(["serve", "/no/such/folder"]).stderr.contains("no such file or folder"))
    }
}
