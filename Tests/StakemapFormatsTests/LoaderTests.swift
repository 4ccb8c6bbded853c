import Foundation
import Testing
import StakemapCore
@testable import StakemapFormats

@Suite struct LoaderTests {
    @Test func theDesignExampleLoadsAsWritten() throws {
        let text = """
            stakemap: 1
            account:
              name: Banque Exemple
              sector: banking
              referencing: { status: shortlisted, renewal: 2027-03-31 }
              owner: a.martin
            team:
              - { id: a.martin, name: Alice Martin, title: Key account manager, level: director }
              - { id: p.renaud, name: Paul Renaud, title: CEO, level: executive, capacity: 3 }
            people:
              - { id: c.morel, name: Claire Morel, title: Directrice générale, level: executive, power: inner-circle }
              - id: h.dubois
                name: Hélène Dubois
                title: DSI
                unit: DSI
                site: Paris La Défense
                level: executive
                reports_to: c.morel
                roles: [economic-buyer]
                stance: neutral
                power: inner-circle
                criteria: [expertise, delivery]
              - { id: f.lefevre, name: François Lefèvre, title: Architecte en chef, unit: DSI, level: director,
                  reports_to: h.dubois, dotted: [c.morel], roles: [technical-evaluator, champion], stance: mentor }
              - { id: cfo, name: "(unknown) CFO", level: executive, reports_to: c.morel, roles: [sponsor], placeholder: true }
            links:
              - { from: f.lefevre, to: h.dubois, type: influence, strength: 0.7 }
              - { from: cfo, to: h.dubois, type: conflict }
            relationships:
              - { ours: a.martin, theirs: f.lefevre, level: trusted-advisor, last_contact: 2026-10-02 }
              - { ours: p.renaud, theirs: c.morel, strength: 0.4, last_contact: 2025-06-12 }
            opportunities:
              - { id: tma-2027, name: TMA Cobol 2027, roles: { economic-buyer: [h.dubois], technical-evaluator: [f.lefevre] } }
            """
        let r = load(text)
        #expect(r.diagnostics.isEmpty)
        let a = try #require(r.account)
        #expect(a.info.referencing == Referencing(status: .shortlisted, renewal: Day(iso: "2027-03-31")))
        #expect(a.people.count == 4)
        let f = try #require(a.people.first { $0.id == "f.lefevre" })
        #expect(f.roles == [.technicalEvaluator, .champion])
        #expect(f.dotted == ["c.morel"])
        #expect(f.name == "François Lefèvre")
        #expect(a.people.last?.placeholder == true)
        #expect(a.relationships[1].strength == 0.4)
        #expect(a.opportunities[0].roles[.economicBuyer] == ["h.dubois"])
        #expect(a.team[1].capacity == 3)
    }

    @Test(arguments: samplePaths)
    func everySampleLoadsWritesBackCanonicallyAndLoadsAgainEqual(_ path: String) throws {
        let first = AccountLoader.load(path: path)
        #expect(!first.hasErrors, "\(printed(first))")
        let file = try #require(first.file)
        let text = AccountWriter.text(file, syntax: .yaml)
        let onDisk = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == onDisk, "the sample is not in canonical form")
        let base = (path as NSString).deletingLastPathComponent
        let again = AccountLoader.load(bytes: Array(text.utf8), name: path, baseDirectory: base)
        #expect(again.file?.account == file.account)
        // The same account as JSON reads back equal too.
        let json = AccountWriter.text(file, syntax: .json)
        let fromJSON = AccountLoader.load(bytes: Array(json.utf8), name: "same.json", baseDirectory: base)
        #expect(!fromJSON.hasErrors, "\(printed(fromJSON))")
        #expect(fromJSON.file?.account == file.account)
        #expect(AccountWriter.text(fromJSON.file!, syntax: .json) == json)
    }

    /// Loading for reading only gives the same account, diagnostics and places; only the
    /// directory's own records (needed to write the file back) are left out.
    @Test func readOnlyLoadsGiveTheSameAccount() throws {
        let path = packageRoot + "/samples/maison-lumiere.yaml"
        let full = AccountLoader.load(path: path), readOnly = AccountLoader.load(path: path, keepDirectory: false)
        let a = try #require(full.file), b = try #require(readOnly.file)
        #expect(a.account == b.account)
        #expect(printed(full) == printed(readOnly))
        #expect(a.directoryKept && !b.directoryKept)
        #expect(a.directoryPeople.count == 120 && a.directoryLinks.count == 72)
        #expect(b.directoryPeople.isEmpty && b.directoryLinks.isEmpty)
        // The YAML adds links after the directory's, and places them in the YAML.
        #expect(a.account.links.count > a.directoryLinks.count)
        #expect(b.sourceMap.location(for: Subject(.links, 0, ["to"])).file.hasSuffix("links.csv"))
        #expect(b.sourceMap.location(for: Subject(.links, a.account.links.count - 1, ["to"])).file.hasSuffix(".yaml"))
        for i in a.account.links.indices {
            #expect(a.sourceMap.location(for: Subject(.links, i, ["to"])) == b.sourceMap.location(for: Subject(.links, i, ["to"])))
        }
        for i in a.account.people.indices {
            #expect(a.sourceMap.location(for: Subject(.people, i, ["name"])) == b.sourceMap.location(for: Subject(.people, i, ["name"])))
        }
        #expect(b.index.map { $0.matches(b.account) } == true)
    }

    @Test func oddTextRoundTripsExactly() throws {
        let names = [
            "O'Brien \"Bob\"", "Head: IT", "# not a comment", "- dash", "yes", "123", "2026-01-01", "",
            " padded ", "line\nbreak", "back\\slash", "tab\there", "Œdipe Lefèvre 🙂", "<b>&amp;</b>", "null", "[x]", "a,b",
        ]
        let people = names.enumerated().map { Person(id: "p\($0.offset)", name: $0.element.isEmpty ? "x" : $0.element, title: $0.element) }
        let account = Account(info: AccountInfo(name: "Ac\"count: #1"), people: people)
        for syntax in [AccountWriter.Syntax.yaml, .json] {
            let text = AccountWriter.text(AccountFile(account: account), syntax: syntax)
            let r = load(text, name: syntax == .yaml ? "t.yaml" : "t.json")
            #expect(r.file?.account == account, "\(syntax): \(printed(r))")
        }
    }

    @Test func sameAccountSameBytes() {
        let a = OrganisationGenerator(people: 200, seed: 2, asOf: Day(iso: "2026-11-01")!).generate().account
        let x = AccountWriter.text(AccountFile(account: a), syntax: .yaml)
        let y = AccountWriter.text(AccountFile(account: a), syntax: .yaml)
        #expect(x == y)
        #expect(load(x).file?.account == a)
    }

    @Test func reportsEveryProblemAtItsPlace() {
        let text = """
            stakemap: 1
            account: { name: B, owner: a.martn }
            team:
              - { id: a.martin, name: Alice }
            people:
              - { id: c, name: C, reports_to: e }
              - id: d
                nmae: D
                stance: foe
                left: 2026-02-30
              - { id: e, name: E, reports_to: c, roles: [champoin] }
            links:
              - { from: c, to: e, strength: .nan }
              - { from: c, to: e, strength: 1.5 }
              - { from: c, to: c, strength: 0.5 }
            relationships:
              - { ours: a.martin, theirs: cc, level: vendor, last_contact: 2026-13-01 }
            """
        let r = load(text)
        #expect(
            printed(r) == [
                "test.yaml:2:28: error: unknown team member 'a.martn' in account owner — did you mean 'a.martin'?",
                "test.yaml:6:35: error: reporting cycle: c → e → c; break it by correcting one reports_to",
                "test.yaml:7:5: error: person 'd' has no 'name'; add 'name: …' (or 'placeholder: true' for an unknown holder)",
                "test.yaml:8:5: error: unknown key 'nmae' in person — did you mean 'name'?; valid keys: id, name, title, unit, site, level, email, crm_id, reports_to, dotted, roles, stance, power, criteria, placeholder, left, notes",
                "test.yaml:9:13: error: unknown stance 'foe'; valid values: mentor, supporter, neutral, non-supporter, enemy, unknown",
                "test.yaml:10:11: error: left: '2026-02-30' is not a real date (no such day in that month)",
                "test.yaml:11:46: error: unknown role 'champoin' — did you mean 'champion'?; valid values: economic-buyer, sponsor, decision-maker, procurement, technical-evaluator, user, champion, coach, influencer, gatekeeper, legal",
                "test.yaml:13:33: error: strength is NaN; give a number in (0, 1], such as 0.5",
                "test.yaml:14:33: error: strength 1.5 is above 1; give a number in (0, 1], such as 0.5",
                "test.yaml:15:20: error: link from 'c' to themselves; a link joins two different people",
                "test.yaml:17:31: error: unknown person 'cc' in relationship 'theirs' — did you mean 'c'?",
                "test.yaml:17:64: error: last_contact: '2026-13-01' is not a real date (no such day in that month)",
            ])
    }

    @Test func syntaxErrorsAreLocated() {
        #expect(
            printed(load("stakemap: 1\naccount:\n  name: X: Y\n")) == [
                "test.yaml:3:10: error: YAML syntax: mapping values are not allowed in this context; quote a value that contains ': ' (for example \"Head: IT\")"
            ])
        #expect(
            printed(load("stakemap: 1\naccount: {name: A}\naccount: {name: B}\n")).first?.hasPrefix("test.yaml:2:1: error: duplicate key 'account'") == true)
        #expect(
            printed(load("{\"stakemap\": 1,\n \"account\": {\"name\": \"A\"},}", name: "t.json")) == [
                "t.json:2:27: error: JSON syntax: expected a key in double quotes"
            ])
        #expect(printed(load("")) == ["test.yaml:1:1: error: the file is empty; start from the commented account template or see docs/FORMAT.md"])
        #expect(load("").diagnostics.first?.nextStep == .newAccount)
        #expect(
            printed(load("- a\n- b\n")).first
                == "test.yaml:1:1: error: an account file is a mapping with 'stakemap: 1', 'account:', 'people:' and so on, not a list")
        let bad = AccountLoader.load(bytes: Array("stakemap: 1\naccount: { name: A }\n# caf".utf8) + [0xE9, 0x0A], name: "latin1.yaml", baseDirectory: nil)
        #expect(printed(bad) == ["latin1.yaml:3:6: error: the file is not UTF-8 text; save it as UTF-8"])
    }

    @Test func wrongTypesAreNamed() {
        let r = load("stakemap: 1\naccount: { name: A }\npeople:\n  - { id: p, name: P, roles: { a: b } }\n  - just-text\nteam: 3\n")
        #expect(
            printed(r) == [
                "test.yaml:4:30: error: roles must be a list, not a mapping",
                "test.yaml:5:5: error: person must be a mapping of keys to values, not a value",
                "test.yaml:6:7: error: team must be a list of entries (lines starting with '- ')",
            ])
    }

    @Test func hostileDocumentsFailCleanly() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(load("stakemap: 1\naccount: " + deep).hasErrors)
        var laughs = "stakemap: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<12 { laughs += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let r = load(laughs)
        #expect(r.hasErrors)
        #expect(printed(r).first?.contains("too many nodes") == true)
        let deepJSON = String(repeating: "[", count: 100_000)
        #expect(load(deepJSON, name: "d.json").hasErrors)
    }

    @Test func warningsDoNotFail() throws {
        let r = load(
            "stakemap: 1\naccount: { name: A }\npeople:\n  - { id: p, name: P }\n  - { id: q, name: Q }\nopportunities:\n  - { id: o, name: O, roles: { economic-buyer: [p, q] } }\n"
        )
        #expect(!r.hasErrors)
        #expect(printed(r) == ["test.yaml:7:48: warning: opportunity 'o' has 2 economic buyers (p, q); one usually signs"])
        #expect(r.account != nil)
    }
}
