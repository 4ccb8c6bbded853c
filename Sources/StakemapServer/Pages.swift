import Foundation
import StakemapCharts
import StakemapCore
import StakemapFormats
import StakemapReport

/// Text made safe for HTML, in element content and in quoted attributes alike: every name
/// and note of an account is shown as text, never read as markup.
func esc(_ text: String) -> String { MarkupText.escape(text) }

/// A URL's query, from pairs (empty values left out).
func queryString(_ pairs: [(String, String?)]) -> String {
    let kept = pairs.compactMap { k, v in v.flatMap { $0.isEmpty ? nil : "\(k)=\(percentEncoded($0))" } }
    return kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
}

/// The server's HTML pages. Every page is complete without its script; the script adds
/// pan and zoom, search, the minimap and the panel without reloading.
struct Pages {
    let csrf: String

    /// A whole page: the header, the body, the script.
    func layout(title: String, account: ServedAccount? = nil, tab: String = "", version: String? = nil, body: String) -> String {
        var nav = "<a href=\"/\" class=\"brand\">Stakemap</a>"
        if let account {
            let base = "/a/\(percentEncoded(account.name))"
            nav += " <span class=\"sep\">›</span> <a href=\"\(base)\">\(esc(account.name))</a>"
            for (name, path, label) in [
                ("chart", "", "Chart"), ("gaps", "/gaps", "Gaps"), ("players", "/players", "Key players"), ("plan", "/plan", "Visit plan"),
            ] {
                nav += " <a class=\"tab\(tab == name ? " current" : "")\" href=\"\(base)\(path)\">\(label)</a>"
            }
        }
        let data = account.map { " data-account=\"\(esc($0.name))\"" } ?? ""
        let v = version.map { " data-version=\"\(esc($0))\"" } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf" content="\(esc(csrf))">
            <title>\(esc(title)) — Stakemap</title><link rel="stylesheet" href="/assets/app.css"></head>
            <body\(data)\(v)><header><nav>\(nav)</nav><div id="changed" hidden>The file changed on disk. <a href="">Reload</a></div></header>
            \(body)
            <script src="/assets/app.js"></script></body></html>

            """
    }

    func error(_ e: ServerError, account: ServedAccount? = nil) -> String {
        let details = e.details.isEmpty ? "" : "<ul class=\"details\">" + e.details.map { "<li><code>\(esc($0))</code></li>" }.joined() + "</ul>"
        return layout(
            title: "Error", account: account,
            body:
                "<main class=\"page\"><h1>\(esc(e.status.reasonPhrase))</h1><p class=\"error\">\(esc(e.message))</p>\(details)<p><a href=\"/\">All accounts</a></p></main>"
        )
    }

    // MARK: The portfolio

    func portfolio(_ entries: [(ServedAccount, PortfolioEntry)], skipped: [(ServedAccount, ServerError)], asOf: Day) -> String {
        var rows = ""
        for (account, e) in entries {
            let a = e.analysis
            let trend = e.history.count > 1 ? Portfolio.sparkline(e.history) : "<span class=\"muted\" title=\"no earlier commits of the file\">—</span>"
            let renewal = e.renewalIn.map { $0 < 0 ? "\(-$0) days ago" : "in \($0) days" } ?? ""
            rows += """
                <tr><td><a href="/a/\(percentEncoded(account.name))">\(esc(a.account.info.name))</a><div class="muted">\(esc(account.name))</div></td>\
                <td class="num score">\(esc(AnalysisOutput.scoreText(a.score.value)))</td><td>\(trend)</td>\
                <td class="num">\(e.high)</td><td class="num">\(e.medium)</td><td class="num">\(e.low)</td><td class="num">\(e.stale)</td>\
                <td>\(esc(renewal))</td><td>\(esc(a.account.info.owner ?? ""))</td></tr>

                """
        }
        for (account, error) in skipped {
            rows +=
                "<tr class=\"skipped\"><td>\(esc(account.name))</td><td colspan=\"8\" class=\"error\">\(esc(error.message))\(error.details.first.map { ": <code>\(esc($0))</code>" } ?? "")</td></tr>\n"
        }
        let empty = entries.isEmpty && skipped.isEmpty ? "<p>No account files (.yaml, .yml, .json) in this folder.</p>" : ""
        return layout(
            title: "Accounts",
            body: """
                <main class="page"><h1>Accounts</h1><p class="muted">Riskiest first, as of \(asOf).</p>\(empty)
                <table class="grid"><thead><tr><th>Account</th><th>Score</th><th>Trend</th><th>High</th><th>Medium</th><th>Low</th><th>Stale</th><th>Renewal</th><th>Owner</th></tr></thead>
                <tbody>
                \(rows)</tbody></table></main>
                """)
    }

    // MARK: An account

    /// What a chart page shows: the view, the person selected, and what is folded or open.
    struct ChartState: Sendable {
        var view: ChartView = .org
        var person: String?
        var folded: [String] = []
        var opened: [String] = []

        func query(view v: ChartView? = nil, person p: String?? = nil, folded f: [String]? = nil, opened o: [String]? = nil) -> String {
            let view = v ?? view
            return queryString([
                ("view", view == .org ? nil : view.rawValue), ("person", p ?? person), ("fold", (f ?? folded).joined(separator: ",")),
                ("open", (o ?? opened).joined(separator: ",")),
            ])
        }
    }

    func account(_ s: Snapshot, state: ChartState, svg: Result<String, ServerError>, panel: String?, notice: String?) -> String {
        let a = s.analysis
        let base = "/a/\(percentEncoded(s.account.name))"
        var views = ""
        for v in ChartView.allCases {
            let label = v == .path ? "paths" : v.rawValue
            if v == .path && state.person == nil {
                views += "<span class=\"view disabled\" data-view=\"path\" title=\"choose a person first\">\(label)</span>"
                continue
            }
            views += "<a class=\"view\(v == state.view ? " current" : "")\" data-view=\"\(v.rawValue)\" href=\"\(base)\(state.query(view: v))\">\(label)</a>"
        }
        let chart: String
        switch svg {
        case .success(let text): chart = Self.inlineSVG(text)
        case .failure(let e): chart = "<div class=\"chart-error\"><p class=\"error\">\(esc(e.message))</p></div>"
        }
        let people = a.account.people.filter { $0.isActive(asOf: a.asOf) }.map { p in
            ResultValue.object(["id": .string(p.id), "name": .string(p.name), "title": .string(p.title)])
        }
        // JSON inside a script element: "<" written as \u003c so that no name ends the element.
        let peopleJSON = ResultValue.array(people).json().replacingOccurrences(of: "<", with: "\\u003c")
        // A search keeps the view and the folding.
        let searchState = [
            ("view", state.view == .org || state.view == .path ? nil : state.view.rawValue), ("fold", state.folded.joined(separator: ",")),
            ("open", state.opened.joined(separator: ",")),
        ]
        .compactMap { k, v in v.flatMap { $0.isEmpty ? nil : "<input type=\"hidden\" name=\"\(k)\" value=\"\(esc($0))\">" } }.joined()
        let reset = state.folded.isEmpty && state.opened.isEmpty ? "" : " <a href=\"\(base)\(state.query(folded: [], opened: []))\">undo folding</a>"
        let body = """
            <div class="toolbar"><span class="title">\(esc(a.account.info.name))</span> <span class="score" title="account score">score \(esc(AnalysisOutput.scoreText(a.score.value)))</span>
            <span class="views">\(views)</span>
            <form class="search" action="\(base)" method="get" role="search">\(searchState)<input id="search" name="find" list="people-list" placeholder="Find a person by name or title" autocomplete="off" aria-label="Find a person">\
            <datalist id="people-list"></datalist><button type="submit">Find</button></form>
            <span class="zoom"><button type="button" data-zoom="in" title="zoom in">+</button><button type="button" data-zoom="out" title="zoom out">−</button><button type="button" data-zoom="fit" title="fit the chart">fit</button></span>\(reset)
            <span class="muted">as of \(a.asOf)</span></div>
            \(notice.map { "<div class=\"notice\">\(esc($0))</div>" } ?? "")
            <div class="workspace"><div id="chart" class="chart" data-view="\(state.view.rawValue)" data-base="\(esc(base))" data-query="\(esc(state.query(person: .some(nil))))" data-person="\(esc(state.person ?? ""))">\(chart)<div id="minimap" hidden></div></div>
            <aside id="panel" class="panel">\(panel ?? "<p class=\"muted\">Click a person on the chart, or find them by name, to see their roles, coverage, paths and history, and to edit them.</p>")</aside></div>
            <script type="application/json" id="people">\(peopleJSON)</script>
            """
        return layout(title: a.account.info.name, account: s.account, tab: "chart", version: s.version, body: body)
    }

    /// Graphviz's SVG without its XML prologue and doctype, for a page.
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        return String(svg[start.lowerBound...])
    }

    // MARK: The person panel

    func panel(_ s: Snapshot, person v: Int, state: ChartState, error: ServerError? = nil, form: Fields? = nil) -> String {
        let a = s.analysis
        guard let p = a.person(v) else { return "" }
        let brief = a.brief(for: v)
        let base = "/a/\(percentEncoded(s.account.name))"
        var html =
            "<div class=\"person\" data-id=\"\(esc(p.id))\"><h2>\(esc(p.name))\(p.placeholder ? " <span class=\"muted\">(holder unknown)</span>" : "")</h2>"
        html += "<p class=\"muted\">\(esc([p.title, p.unit, p.site].compactMap { $0 }.joined(separator: " · ")))</p>"
        if let error {
            html += "<div class=\"error\" role=\"alert\"><p>\(esc(error.message))</p>"
            if !error.details.isEmpty { html += "<ul>" + error.details.map { "<li><code>\(esc($0))</code></li>" }.joined() + "</ul>" }
            html += "<p>Nothing was written.</p></div>"
        }
        let roles = a.rolesInScope(of: v).map(\.rawValue).joined(separator: ", ")
        html += "<dl class=\"facts\">"
        html += "<dt>Roles</dt><dd>\(esc(roles.isEmpty ? "—" : roles))</dd>"
        html += "<dt>Stance</dt><dd>\(esc(p.stance.rawValue))</dd><dt>Power</dt><dd>\(esc(p.power.rawValue))</dd>"
        html +=
            "<dt>Coverage</dt><dd class=\"coverage\">\(esc(formatStrength(a.coverage(v))))\(a.coverage(v) < a.parameters.coverageThreshold ? " <span class=\"warn\">below \(esc(formatStrength(a.parameters.coverageThreshold)))</span>" : "")</dd>"
        if let m = brief.manager { html += "<dt>Manager</dt><dd>\(personLink(a, m, base, state))</dd>" }
        if !brief.reports.isEmpty {
            html += "<dt>Reports</dt><dd>\(brief.reports.count) · "
            // Folded by hand, opened by hand, or as the chart chose (a large chart folds quiet subtrees).
            let fold = "<a href=\"\(base)\(state.query(folded: (state.folded + [p.id]).sorted(), opened: state.opened.filter { $0 != p.id }))\">fold them</a>"
            let open =
                "<a href=\"\(base)\(state.query(folded: state.folded.filter { $0 != p.id }, opened: (state.opened + [p.id]).sorted()))\">show them all</a>"
            html += state.folded.contains(p.id) ? open : state.opened.contains(p.id) ? fold : "\(fold) · \(open)"
            html += "</dd>"
        }
        html += "</dl>"
        if !brief.talkingPoints.isEmpty {
            html += "<h3>Talking points</h3><ul>" + brief.talkingPoints.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
        }
        html += "<h3>Best paths</h3>"
        if brief.paths.isEmpty {
            html += "<p class=\"warn\">Nobody of ours reaches them.</p>"
        } else {
            html += "<ol class=\"paths\">"
            for path in brief.paths {
                html +=
                    "<li><span class=\"num\">\(esc(formatStrength(path.strength)))</span> "
                    + path.nodes.map { personLink(a, $0, base, state) }.joined(separator: " → ") + "</li>"
            }
            html += "</ol><p><a href=\"\(base)\(state.query(view: .path))\">show them on the chart</a></p>"
        }
        html += "<p class=\"ask\">\(esc(brief.ask))</p>"
        html += "<h3>Our relationships</h3>"
        if brief.relationships.isEmpty {
            html += "<p class=\"muted\">None recorded.</p>"
        } else {
            html += "<table class=\"grid\"><tr><th>Ours</th><th>Level</th><th>Now</th><th>Last contact</th></tr>"
            for r in brief.relationships {
                html +=
                    "<tr><td>\(esc(a.name(r.colleague)))</td><td>\(esc(r.level?.rawValue ?? ""))</td><td class=\"num\">\(esc(formatStrength(r.strength)))</td><td>\(esc(r.lastContact?.description ?? "—"))</td></tr>"
            }
            html += "</table>"
        }
        html += "<h3>Interactions</h3>"
        if brief.interactions.isEmpty {
            html += "<p class=\"muted\">None logged.</p>"
        } else {
            html += "<ul class=\"log\">"
            for i in brief.interactions {
                let ours = a.graph.node(i.ours).map { a.name($0) } ?? i.ours
                html +=
                    "<li><span class=\"date\">\(esc(i.date.description))</span> \(esc(ours))\(i.kind.map { " · \(esc($0.rawValue))" } ?? "")\(i.note.map { " — \(esc($0))" } ?? "")</li>"
            }
            html += "</ul>"
            if brief.interactionCount > brief.interactions.count {
                html += "<p class=\"muted\">\(brief.interactionCount - brief.interactions.count) earlier ones not shown.</p>"
            }
        }
        if !brief.gapsLeft.isEmpty {
            html += "<h3>Gaps</h3><ul class=\"gaps\">"
            for g in brief.gapsLeft {
                html += "<li class=\"\(g.severity.rawValue)\"><b>\(esc(g.severity.rawValue))</b> \(esc(g.reason)) — \(esc(g.action))</li>"
            }
            html += "</ul>"
        }
        html += editForms(s, p, state: state, form: form)
        return html + "</div>"
    }

    func personLink(_ a: AccountAnalysis, _ v: Int, _ base: String, _ state: ChartState) -> String {
        guard let p = a.person(v) else { return esc(a.name(v)) }
        return "<a href=\"\(base)\(state.query(person: .some(p.id)))\" data-person=\"\(esc(p.id))\">\(esc(p.name))</a>"
    }

    // MARK: Edit forms

    func editForms(_ s: Snapshot, _ p: Person, state: ChartState, form: Fields?) -> String {
        let a = s.analysis
        let action = "/a/\(percentEncoded(s.account.name))/edit\(state.query(person: .some(p.id)))"
        func hidden(_ edit: String) -> String {
            "<input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\"><input type=\"hidden\" name=\"edit\" value=\"\(edit)\">"
        }
        /// A form's value: what was typed when the edit was refused, else the account's.
        func value(_ edit: String, _ key: String, _ current: String) -> String {
            if let form, form["edit"] == edit, let typed = form[key] { return typed }
            return current
        }
        func select<E: RawRepresentable & CaseIterable>(_ edit: String, _ name: String, _: E.Type, _ current: String, blank: Bool = false) -> String
        where E.RawValue == String {
            let chosen = value(edit, name, current)
            var out = "<select name=\"\(name)\">"
            if blank { out += "<option value=\"\"\(chosen.isEmpty ? " selected" : "")>—</option>" }
            for c in E.allCases { out += "<option value=\"\(esc(c.rawValue))\"\(c.rawValue == chosen ? " selected" : "")>\(esc(c.rawValue))</option>" }
            return out + "</select>"
        }
        let team = a.account.team.map { "<option value=\"\(esc($0.id))\">\(esc($0.name))</option>" }.joined()
        let theirs = a.account.people.filter { $0.isActive(asOf: a.asOf) && $0.id != p.id }.sorted { $0.name < $1.name }
            .map { "<option value=\"\(esc($0.id))\">\(esc($0.name))</option>" }.joined()
        var html = "<h3>Edit</h3>"
        html += """
            <details open><summary>Roles, stance, power, criteria, notes</summary><form method="post" action="\(action)" class="edit">\(hidden("set"))<input type="hidden" name="id" value="\(esc(p.id))"><input type="hidden" name="version" value="\(esc(s.version))">
            <label>Roles <input name="roles" value="\(esc(value("set", "roles", p.roles.map(\.rawValue).joined(separator: ", "))))" placeholder="e.g. economic-buyer, user"></label>
            <label>Stance \(select("set", "stance", Stance.self, p.stance.rawValue))</label>
            <label>Power \(select("set", "power", Power.self, p.power.rawValue))</label>
            <label>Criteria <input name="criteria" value="\(esc(value("set", "criteria", p.criteria.map(\.rawValue).joined(separator: ", "))))"></label>
            <label>Notes <textarea name="notes" rows="3">\(esc(value("set", "notes", p.notes ?? "")))</textarea></label>
            <button type="submit">Save</button></form></details>
            <details open><summary>Record a contact</summary><form method="post" action="\(action)" class="edit">\(hidden("log"))<input type="hidden" name="theirs" value="\(esc(p.id))">
            <label>Ours <select name="ours">\(team)</select></label>
            <label>Date <input name="date" type="date" value="\(esc(value("log", "date", a.asOf.description)))"></label>
            <label>Kind \(select("log", "kind", InteractionKind.self, "", blank: true))</label>
            <label>Note <input name="note" value="\(esc(value("log", "note", "")))" placeholder="factual: it is personal data"></label>
            <label title="the level of the relationship a first contact starts">If new \(select("log", "level", RelationshipLevel.self, RelationshipLevel.vendor.rawValue))</label>
            <button type="submit">Record</button></form></details>
            <details><summary>Add a relationship</summary><form method="post" action="\(action)" class="edit">\(hidden("add-relationship"))<input type="hidden" name="theirs" value="\(esc(p.id))">
            <label>Ours <select name="ours">\(team)</select></label>
            <label>Level \(select("add-relationship", "level", RelationshipLevel.self, RelationshipLevel.vendor.rawValue))</label>
            <label>Last contact <input name="last_contact" type="date" value="\(esc(value("add-relationship", "last_contact", "")))"></label>
            <button type="submit">Add</button></form></details>
            <details><summary>Add an influence or conflict link</summary><form method="post" action="\(action)" class="edit">\(hidden("add-link"))<input type="hidden" name="from" value="\(esc(p.id))">
            <label>On <select name="to">\(theirs)</select></label>
            <label>Type \(select("add-link", "type", LinkType.self, LinkType.influence.rawValue))</label>
            <label>Strength <input name="strength" value="\(esc(value("add-link", "strength", "0.5")))" inputmode="decimal"></label>
            <button type="submit">Add</button></form></details>
            <details><summary>Add a person under \(esc(p.name))</summary><form method="post" action="\(action)" class="edit">\(hidden("add-person"))<input type="hidden" name="reports_to" value="\(esc(p.id))">
            <label>Id <input name="id" value="\(esc(value("add-person", "id", "")))" placeholder="e.g. j.dupont" required></label>
            <label>Name <input name="name" value="\(esc(value("add-person", "name", "")))" required></label>
            <label>Title <input name="title" value="\(esc(value("add-person", "title", "")))"></label>
            <label>Roles <input name="roles" value="\(esc(value("add-person", "roles", "")))"></label>
            <button type="submit">Add</button></form></details>
            """
        return html
    }

    // MARK: Tables

    /// A table of an analysis (the command line's), each cell naming a person linked to them.
    func table(_ s: Snapshot, title: String, tab: String, _ result: AnalysisResult, footer: [String]) -> String {
        let a = s.analysis
        let base = "/a/\(percentEncoded(s.account.name))"
        var html = "<main class=\"page\"><h1>\(esc(title)) — \(esc(a.account.info.name))</h1><p class=\"muted\">As of \(a.asOf).</p>"
        html += "<table class=\"grid\"><thead><tr>" + result.table.headers.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in result.table.rows {
            html += "<tr>"
            for cell in row {
                if let v = a.graph.node(cell), a.person(v) != nil {
                    html += "<td><a href=\"\(base)?person=\(percentEncoded(cell))\">\(esc(cell))</a></td>"
                } else {
                    html += "<td>\(esc(cell))</td>"
                }
            }
            html += "</tr>"
        }
        html += "</tbody></table>" + footer.map { "<p>\(esc($0))</p>" }.joined() + "</main>"
        return layout(title: title, account: s.account, tab: tab, version: s.version, body: html)
    }
}
