import Foundation
import Testing

@Suite struct RenderCLITests {
    @Test func rendersEveryFormatAtomicallyAndDeterministically() throws {
        let dir = scratch()
        let magic: [String: [UInt8]] = [
            "svg": Array("<?xml".utf8), "png": [0x89, 0x50, 0x4E, 0x47], "pdf": Array("%PDF".utf8),
            "dot": Array("digraph".utf8), "json": Array("{".utf8),
        ]
        for (ext, prefix) in magic.sorted(by: { $0.key < $1.key }) {
            let out = "\(dir)/bank.\(ext)"
            let r = try stakemap(["render", "samples/banque-exemple.yaml", "-o", out, "--view", "coverage", "--as-of", "2026-11-27"])
            #expect(r.status == 0, "\(ext): \(r.stderr)")
            #expect(r.stderr.isEmpty, "\(ext): \(r.stderr)")
            let bytes = [UInt8](FileManager.default.contents(atPath: out) ?? Data())
            #expect(bytes.starts(with: prefix), "\(ext)")
        }
        let again = "\(dir)/again.dot"
        _ = try stakemap(["render", "samples/banque-exemple.yaml", "-o", again, "--view", "coverage", "--as-of", "2026-11-27"])
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: "\(dir)/bank.dot"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func pathViewAndPaperOptions() throws {
        let dir = scratch()
        let r = try stakemap([
            "render", "samples/banque-exemple.yaml", "-o", "\(dir)/p.pdf", "--view", "path", "--to", "julie.dufour",
            "--paper", "a4", "--landscape", "--as-of", "2026-11-27",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("on one A4 landscape page"))
        let pdf = String(decoding: FileManager.default.contents(atPath: "\(dir)/p.pdf") ?? Data(), as: UTF8.self)
        #expect(pdf.contains("/MediaBox [ 0 0 842 595 ]"))
    }

    @Test func badRequestsFailCleanlyWithoutWritingAFile() throws {
        let dir = scratch()
        let a = try stakemap(["render", "samples/banque-exemple.yaml", "-o", "\(dir)/chart.jpeg"])
        #expect(a.status == 64)
        #expect(a.stderr.contains("cannot tell the format from '\(dir)/chart.jpeg'"))
        let b = try stakemap(["render", "samples/banque-exemple.yaml", "-o", "\(dir)/chart.svg", "--view", "path"])
        #expect(b.status == 64)
        #expect(b.stderr.contains("--view path needs --to ID"))
        let c = try stakemap(["render", "samples/banque-exemple.yaml", "-o", "\(dir)/chart.svg", "--root", "noemie.dubios"])
        #expect(c.status == 1)
        #expect(c.stderr == "samples/banque-exemple.yaml: error: --root: unknown person 'noemie.dubios' — did you mean 'noemie.dubois'?\n")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/chart.svg"))
        let d = try stakemap(["render", "samples/banque-exemple.yaml", "-o", "\(dir)/nowhere/chart.svg"])
        #expect(d.status == 1)
        #expect(!d.stderr.contains("Fatal"))
    }

    @Test func paperMakesAChartBookAndTooLargeChartsGetAdvice() throws {
        let dir = scratch()
        let book = try stakemap(["render", "samples/banque-exemple.yaml", "-o", "\(dir)/book.pdf", "--paper", "a4", "--landscape", "--as-of", "2026-11-27"])
        #expect(book.status == 0, "\(book.stderr)")
        #expect(book.stderr.isEmpty, "\(book.stderr)")
        let pages = Int(book.stdout.split(separator: " on ").last?.split(separator: " ").first ?? "") ?? 0
        #expect(pages > 2, "\(book.stdout)")
        let pdf = String(decoding: FileManager.default.contents(atPath: "\(dir)/book.pdf") ?? Data(), as: UTF8.self)
        #expect(pdf.components(separatedBy: "/Type /Page\n").count - 1 + pdf.components(separatedBy: "/Type /Page ").count - 1 == pages)
        #expect(pdf.contains("/Outlines") && pdf.contains("/Subtype /Link"))

        let tooMany = try stakemap(["render", "samples/banque-exemple.yaml", "-o", "\(dir)/big.pdf", "--paper", "a4", "--landscape", "--max-pages", "2"])
        #expect(tooMany.status == 1)
        #expect(tooMany.stderr.hasPrefix("samples/banque-exemple.yaml: error: this chart would take more than 2 A4 landscape pages"), "\(tooMany.stderr)")
        #expect(tooMany.stderr.contains("--key-players (") && tooMany.stderr.contains("--deciders ("), "\(tooMany.stderr)")
        let wide = try stakemap(["render", "samples/banque-exemple.yaml", "-o", "\(dir)/big.svg", "--max-people", "10"])
        #expect(wide.status == 1)
        #expect(wide.stderr.contains("would draw 60 people on one sheet") && wide.stderr.contains("--max-people 60"), "\(wide.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/big.pdf") && !FileManager.default.fileExists(atPath: "\(dir)/big.svg"))
        let focused = try stakemap(["render", "samples/banque-exemple.yaml", "-o", "\(dir)/small.svg", "--max-people", "20", "--deciders"])
        #expect(focused.status == 0, "\(focused.stderr)")
        for (flag, message) in [("--max-pages", "--max-pages must be 1 or more"), ("--max-people", "--max-people must be 1 or more")] {
            let zero = try stakemap(["render", "samples/banque-exemple.yaml", "-o", "\(dir)/zero.pdf", "--paper", "a4", flag, "0"])
            #expect(zero.status == 64 && zero.stderr.contains(message), "\(zero.stderr)")
        }
    }

    /// The bank sample as it was: Hervé Chevalier not there yet, Pierre Garnier (who has
    /// left since) under Maëlle Roche, Hugo Thomas in Finance under her.
    func previousBank(in dir: String) throws -> String {
        var text = String(decoding: FileManager.default.contents(atPath: "samples/banque-exemple.yaml") ?? Data(), as: UTF8.self)
        let start = try #require(text.range(of: "  - id: herve.chevalier\n")), end = try #require(text.range(of: "  - id: claire.roux\n"))
        text.removeSubrange(start.lowerBound..<end.lowerBound)
        text = text.replacingOccurrences(
            of: "    email: hugo.thomas@banque-demo.example\n    reports_to: olivier.dubois\n",
            with: "    email: hugo.thomas@banque-demo.example\n    reports_to: maelle.roche\n")
        text = text.replacingOccurrences(
            of: "  - id: placeholder.controller\n",
            with: """
                  - id: pierre.garnier
                    name: Pierre Garnier
                    title: Trésorier
                    unit: Finance
                    reports_to: maelle.roche
                  - id: placeholder.controller

                """)
        let path = "\(dir)/banque-before.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func rendersTheChangesSinceAPreviousFile() throws {
        let dir = scratch()
        let before = try previousBank(in: dir)
        let r = try stakemap([
            "render", "samples/banque-exemple.yaml", "--previous", before, "--previous-as-of", "2026-10-01",
            "--as-of", "2026-11-27", "-o", "\(dir)/org.dot",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("changes since \(before), as of 2026-10-01: 1 joined, 1 moved, 1 left"), "\(r.stdout)")
        let dot = String(decoding: FileManager.default.contents(atPath: "\(dir)/org.dot") ?? Data(), as: UTF8.self)
        for text in [
            "<B>NEW</B> · joined", "was under Maëlle Roche", "Pierre Garnier", "left · no longer listed", "Changes since", "\(before), as of 2026-10-01",
        ] {
            #expect(dot.contains(text), "\(text)")
        }
        // A chart book prints too, without a Graphviz message.
        let pdf = try stakemap([
            "render", "samples/banque-exemple.yaml", "--previous", before, "--as-of", "2026-11-27", "--paper", "a4", "--landscape",
            "-o", "\(dir)/org.pdf",
        ])
        #expect(pdf.status == 0 && pdf.stderr.isEmpty, "\(pdf.stderr)")
        #expect(pdf.stdout.contains("A4 landscape pages"))
    }

    @Test func aBadPreviousSnapshotIsReportedAsDiffReportsIt() throws {
        let dir = scratch()
        try String(decoding: FileManager.default.contents(atPath: "samples/banque-exemple.yaml") ?? Data(), as: UTF8.self)
            .write(toFile: "\(dir)/acct.yaml", atomically: true, encoding: .utf8)
        let setup = try shell("git init -q && git add acct.yaml && git commit -q -m one", in: dir)
        guard setup.status == 0 else {
            Issue.record("git is needed for this test: \(setup.stderr)")
            return
        }
        let bad = try stakemap(["render", "\(dir)/acct.yaml", "--since", "nosuchrev", "-o", "\(dir)/org.svg"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("\(dir)/acct.yaml: error: unknown git revision 'nosuchrev'"), "\(bad.stderr)")
        let diff = try stakemap(["diff", "\(dir)/acct.yaml", "--since", "nosuchrev"])
        #expect(bad.stderr == diff.stderr)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/org.svg"))
        // The file at HEAD is the file: nothing changed, nothing marked.
        let same = try stakemap(["render", "\(dir)/acct.yaml", "--since", "HEAD", "--as-of", "2026-11-27", "-o", "\(dir)/org.dot"])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.contains("changes since \(dir)/acct.yaml at HEAD ("), "\(same.stdout)")
        #expect(same.stdout.hasSuffix(": no change in people\n"), "\(same.stdout)")
        let missing = try stakemap(["render", "samples/banque-exemple.yaml", "--previous", "\(dir)/nope.yaml", "-o", "\(dir)/org.svg"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\(dir)/nope.yaml"), "\(missing.stderr)")
        #expect(missing.stderr == (try stakemap(["diff", "\(dir)/nope.yaml", "samples/banque-exemple.yaml"])).stderr)
        let both = try stakemap(["render", "samples/banque-exemple.yaml", "--previous", "x.yaml", "--since", "HEAD", "-o", "\(dir)/org.svg"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--previous and --since both name the older snapshot"))
        let grid = try stakemap(["render", "samples/banque-exemple.yaml", "--previous", "x.yaml", "--view", "grid", "-o", "\(dir)/g.svg"])
        #expect(grid.status == 64)
        #expect(grid.stderr.contains("--previous marks changes on the org and influence views"))
    }

    @Test func anonymizedChartsCarryNoName() throws {
        let dir = scratch()
        let out = "\(dir)/anon.svg"
        let r = try stakemap(["render", "samples/banque-exemple.yaml", "-o", out, "--anonymize", "--as-of", "2026-11-27"])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self)
        for name in ["Manon Dupont", "Julie Dufour", "Banque Exemple"] { #expect(!svg.contains(name)) }
    }
}

@Suite struct ReportCLITests {
    @Test func writesHTMLAndMarkdownWithItsCharts() throws {
        let dir = scratch()
        let html = try stakemap(["report", "samples/banque-exemple.yaml", "-o", "\(dir)/review.html", "--as-of", "2026-11-27"])
        #expect(html.status == 0, "\(html.stderr)")
        let text = String(decoding: FileManager.default.contents(atPath: "\(dir)/review.html") ?? Data(), as: UTF8.self)
        #expect(text.hasPrefix("<!DOCTYPE html>") && text.contains("<svg"))
        let md = try stakemap([
            "report", "samples/banque-exemple.yaml", "-o", "\(dir)/review.md", "--previous", "samples/banque-exemple.yaml", "--as-of", "2026-11-27",
        ])
        #expect(md.status == 0, "\(md.stderr)")
        for f in ["review.md", "review-org.svg", "review-coverage.svg"] { #expect(FileManager.default.fileExists(atPath: "\(dir)/\(f)"), "\(f)") }
        let body = String(decoding: FileManager.default.contents(atPath: "\(dir)/review.md") ?? Data(), as: UTF8.self)
        #expect(body.contains("## What changed since samples/banque-exemple.yaml"))
        // Against itself, the org chart marks nothing but names the snapshot in its legend.
        let org = String(decoding: FileManager.default.contents(atPath: "\(dir)/review-org.svg") ?? Data(), as: UTF8.self)
        #expect(org.contains("Changes since"))
        #expect(!org.contains(">NEW<"))  // the legend has "NEW: joined"; no box says NEW
        let bad = try stakemap(["report", "samples/banque-exemple.yaml", "-o", "\(dir)/review.pdf"])
        #expect(bad.status == 64)
    }

    /// An opportunity review: its buying centre only; an older snapshot that predates the
    /// opportunity has no score for it; a mistyped id is named with the nearest one.
    @Test func reviewsOneOpportunity() throws {
        let dir = scratch()
        let people =
            "people:\n  - { id: ceo, name: Cécile, level: executive }\n  - { id: cfo, name: Fabien, reports_to: ceo, level: executive }\n"
            + "relationships:\n  - { ours: a.martin, theirs: cfo, level: trusted-advisor, last_contact: 2026-11-01 }\n"
        try (header + people).write(toFile: "\(dir)/old.yaml", atomically: true, encoding: .utf8)
        try (header + people + "opportunities:\n  - id: cloud\n    name: Cloud move\n    close: 2027-01-26\n    roles: { economic-buyer: [cfo] }\n")
            .write(toFile: "\(dir)/new.yaml", atomically: true, encoding: .utf8)
        let r = try stakemap([
            "report", "\(dir)/new.yaml", "--opportunity", "cloud", "--previous", "\(dir)/old.yaml",
            "--as-of", "2026-11-27", "-o", "\(dir)/deal.md",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let md = String(decoding: FileManager.default.contents(atPath: "\(dir)/deal.md") ?? Data(), as: UTF8.self)
        #expect(md.contains("Opportunity review: Cloud move as of 2026-11-27"))
        #expect(md.contains("| Opportunity | Cloud move, closes 2027-01-26 (in 60 days) |"))
        #expect(md.contains("each of the 1 people with a buying role in this opportunity"))
        #expect(md.contains("Score — → "))
        #expect(md.contains("| Fabien | economic-buyer |"))
        let typo = try stakemap(["report", "\(dir)/new.yaml", "--opportunity", "clod", "-o", "\(dir)/x.html"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("error: unknown opportunity 'clod' — did you mean 'cloud'?"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/x.html"))
    }
}
