import Foundation
import Testing
import StakemapCore
@testable import StakemapFormats

@Suite struct CSVTests {
    @Test func readsWhatSpreadsheetsWrite() throws {
        let text = "\u{FEFF}id;name;notes\r\np1;\"Dupont; Jean\";\"says \"\"hi\"\"\non two lines\"\r\n\r\np2;Zoé;\n"
        let t = try CSVTable.parse(Array(text.utf8))
        #expect(t.separator == UInt8(ascii: ";"))
        #expect(t.header == ["id", "name", "notes"])
        #expect(t.rows.count == 2)
        #expect(t.rows[0].fields == ["p1", "Dupont; Jean", "says \"hi\"\non two lines"])
        #expect(t.rows[1].line == 5)
        #expect(t.rows[1].fields == ["p2", "Zoé", ""])
    }

    @Test func locatesMalformedQuotes() {
        #expect(throws: CSVError.self) { try CSVTable.parse(Array("a,b\n1,\"open\n".utf8)) }
        do {
            _ = try CSVTable.parse(Array("a,b\n1,\"x\"y\n".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2 && error.field == 2)
        }
    }

    @Test func directoryProblemsAreLocatedByRowAndField() throws {
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/org", withIntermediateDirectories: true)
        try "id,name,manager,level,rolez\nc,Claire,,executive,\nd,Denis,c,boss,\ne,Eve,c\nd,Again,c,staff,\nf,Fay,zz,staff,\n"
            .write(toFile: dir + "/org/people.csv", atomically: true, encoding: .utf8)
        try "from,to,strength\nd,c,0.5\nd,c,2\n".write(toFile: dir + "/org/links.csv", atomically: true, encoding: .utf8)
        try "stakemap: 1\naccount: { name: A }\ndirectory: org\npeople:\n  - { id: d, stance: supporter }\n"
            .write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        let r = AccountLoader.load(path: dir + "/a.yaml")
        let people = dir + "/org/people.csv", links = dir + "/org/links.csv"
        #expect(printed(r) == [
            "\(people):1:5: error: unknown column 'rolez' — did you mean 'roles'?; valid columns: id, name, title, unit, site, level, email, reports_to, dotted, roles, stance, power, criteria, placeholder, left, notes",
            "\(people):3:4: error: unknown level 'boss'; valid values: executive, director, manager, staff",
            "\(people):4:4: error: row has 3 fields but the header has 5; check for a missing or extra ',' or an unquoted separator inside a value",
            "\(people):5:1: error: duplicate person id 'd' (first at line 3); ids must be unique",
            "\(people):6:3: error: unknown person 'zz' in reports_to of 'f'",
            "\(links):3:3: error: strength 2.0 is above 1; give a number in (0, 1], such as 0.5",
        ])
        // The YAML overlay adds to the directory's record.
        let d = try #require(r.file?.account.people.first { $0.id == "d" })
        #expect(d.stance == .supporter && d.name == "Denis")
    }
}
