import Foundation
import StakemapCore
import Testing

@testable import StakemapFormats

/// What the fuzz targets (Fuzz/, docs/FUZZING.md) found, each with its minimised input and
/// the contract it broke.
@Suite struct FuzzFindingsTests {
    let day = Day(year: 2026, month: 11, day: 27)

    /// Imports `export` with `read` into a new account, then again into it: the account
    /// after each import.
    func importTwice(
        _ name: String, _ export: String, full: Bool = false, warnings: Int = 0, _ read: (String) -> ImportBatch
    ) throws -> (Account, Account, ImportReport) {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = dir + "/" + name
        try export.write(toFile: source, atomically: true, encoding: .utf8)
        let batch = read(source)
        #expect(batch.diagnostics.count == warnings, "\(batch.diagnostics)")
        #expect(!batch.diagnostics.contains { $0.severity == .error })
        let into = dir + "/account.yaml"
        var options = ImportOptions(day: try #require(day))
        _ = try Importer.apply(batch, to: into, options: options, name: "Fuzz", source: source)
        let first = try #require(AccountLoader.load(path: into).account)
        options.full = full
        let report = try Importer.apply(batch, to: into, options: options, name: "Fuzz", source: source)
        let second = try #require(AccountLoader.load(path: into).account)
        return (first, second, report)
    }

    /// import (ldif): an entry without `mail` has no crm_id, id or e-mail to match on, so
    /// each re-import of the same export added that person again.
    @Test func reimportingAnLDIFEntryWithoutMailChangesNothing() throws {
        let ldif = "dn: cn=Anne Roy,dc=x\ncn: Anne Roy\nmail: anne@x.example\n\ndn: cn=Bob Lee,dc=x\ncn: Bob Lee\nmanager: cn=Anne Roy,dc=x\n"
        let (first, second, report) = try importTwice("ad.ldif", ldif, full: true) { Importer.ldif($0) }
        #expect(first.people.map(\.id) == ["anne", "bob.lee"])
        #expect(first.people.map(\.reportsTo) == [nil, "anne"])
        #expect(report.added.isEmpty)
        #expect(report.markedLeft.isEmpty)
        #expect(second == first)
    }

    /// import (generic): the same, for rows without an id or e-mail; a row matched by its
    /// e-mail is not matched again by its name.
    @Test func reimportingCSVRowsWithoutIdOrEmailChangesNothing() throws {
        let csv = "name,email,title\nAnne Roy,anne@x.example,CEO\nAnne Roy,,CFO\nBob Lee,,CIO\n"
        let (first, second, report) = try importTwice("people.csv", csv) { Importer.generic($0, mapping: [:]) }
        #expect(first.people.map(\.id) == ["anne", "anne.roy", "bob.lee"])
        #expect(report.added.isEmpty)
        #expect(report.updated.isEmpty)
        #expect(second == first)
    }

    /// import (ldif): two entries with one e-mail both matched the last person with it on
    /// a re-import, which took the first entry's title. Each person now matches one record.
    @Test func reimportingTwoEntriesSharingAnEmailChangesNothing() throws {
        let ldif = "dn: cn=A,dc=x\ncn: Anne Roy\ntitle: CEO\nmail: anne@x.example\n\ndn: cn=B,dc=x\ncn: Anne R.\nmail: anne@x.example\n"
        let (first, second, report) = try importTwice("ad.ldif", ldif, full: true) { Importer.ldif($0) }
        #expect(first.people.map(\.id) == ["anne", "anne.2"])
        #expect(report.added.isEmpty)
        #expect(report.updated.isEmpty)
        #expect(second == first)
    }

    /// import (generic): the same for two rows sharing a crm_id (with ids of their own).
    @Test func reimportingRowsSharingACRMIdChangesNothing() throws {
        let csv = "id,name,crm_id,title\na,Anne Roy,C1,CEO\nb,Bob Lee,C1,CFO\n"
        let (first, second, report) = try importTwice("people.csv", csv) { Importer.generic($0, mapping: [:]) }
        #expect(first.people.map(\.id) == ["a", "b"])
        #expect(report.updated.isEmpty)
        #expect(second == first)
    }

    /// import (ldif): two entries with one DN were merged into one person, named by the
    /// second, whom a re-import then failed to match by the first entry's name and added
    /// again. A repeated DN is now a warning at its entry (an error with --strict), and the
    /// entry is skipped.
    @Test func aRepeatedDNIsReportedAndSkipped() throws {
        let ldif = "dn: cn=A,dc=x\ncn: Anne Roy\ntitle: CEO\n\ndn: CN=A, dc=x\ncn: Anne Roy-Martin\n"
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/ad.ldif"
        try ldif.write(toFile: path, atomically: true, encoding: .utf8)
        let batch = Importer.ldif(path)
        #expect(batch.people.map(\.name) == ["Anne Roy"])
        #expect(batch.diagnostics.map(\.description) == ["\(path):5:1: warning: entry CN=A, dc=x repeats the DN of the entry at line 1; skipped"])
        #expect(Importer.ldif(path, strict: true).diagnostics.map(\.severity) == [.error])
        let (first, second, report) = try importTwice("ad.ldif", ldif, warnings: 1) { Importer.ldif($0) }
        #expect(first.people.map(\.id) == ["anne.roy"])
        #expect(report.added.isEmpty)
        #expect(second == first)
    }

    /// import (ldif): reading an empty export leaked the 4 KiB buffer Foundation's
    /// `FileManager.contents(atPath:)` allocates for it (LeakSanitizer, in the fuzz target;
    /// the suite under AddressSanitizer sees it too). The LDIF reader now reads files as the
    /// account reader does. An empty export is no people and no problem.
    @Test func anEmptyLDIFExportIsNobody() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/empty.ldif"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let batch = Importer.ldif(path)
        #expect(batch.people.isEmpty)
        #expect(batch.diagnostics.isEmpty)
        let missing = Importer.ldif(dir + "/missing.ldif")
        #expect(missing.diagnostics.map(\.description) == ["\(dir)/missing.ldif: error: no such file; check the path"])
    }
}
