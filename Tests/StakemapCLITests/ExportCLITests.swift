import Foundation
import Testing

@Suite struct ExportCLITests {
    /// networkx reads the GraphML and the GEXF with every node, edge and typed attribute,
    /// and the coverage it carries is the CLI's.
    @Test func networkxReadsTheExportedGraphs() throws {
        let dir = scratch()
        for format in ["graphml", "gexf"] {
            let r = try stakemap(["export", "samples/banque-exemple.yaml", "--format", format, "--as-of", "2026-11-27", "-o", "\(dir)/bank.\(format)"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let coverage = try stakemap(["coverage", "samples/banque-exemple.yaml", "--all", "--as-of", "2026-11-27", "--format", "json"])
        try coverage.stdout.write(toFile: "\(dir)/coverage.json", atomically: true, encoding: .utf8)
        let check = try python(
            """
            import json, networkx as nx
            cov = {p["id"]: p["coverage"] for p in json.load(open("\(dir)/coverage.json"))["people"]}
            for g in (nx.read_graphml("\(dir)/bank.graphml"), nx.read_gexf("\(dir)/bank.gexf")):
                assert isinstance(g, nx.DiGraph) and not g.is_multigraph()
                people = [n for n, d in g.nodes(data=True) if d["side"] == "theirs"]
                assert sorted(people) == sorted(cov), (len(people), len(cov))
                for n in people:
                    assert abs(g.nodes[n]["coverage"] - cov[n]) < 1e-12, n
                assert isinstance(g.nodes["julie.dufour"]["placeholder"], bool)
                assert g.nodes["julie.dufour"]["roles"] == "influencer"
                assert g.nodes["placeholder.controller"]["placeholder"] is True
                assert g.nodes["our.am"]["side"] == "ours"
                e = g.edges["manon.dupont", "noemie.dubois"]
                assert e["kind"] == "manages" and e["strength"] == 0.8, e
                assert g.edges["noemie.dubois", "manon.dupont"]["strength"] == 0.5
                kinds = {d["kind"] for _, _, d in g.edges(data=True)}
                assert {"manages", "reports-to", "influence", "relationship"} <= kinds, kinds
                assert all(0 < d["strength"] <= 1 for _, _, d in g.edges(data=True) if "strength" in d)
            print(g.number_of_nodes(), g.number_of_edges())
            """)
        if check.status != 0 && check.stderr.contains("No module named") {
            Issue.record("networkx is missing: python3 -m pip install networkx (.ci/run and setup.sh do it)")
            return
        }
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test func anonymizedExportsCarryNoNameIdOrNote() throws {
        let dir = scratch()
        for format in ["json", "graphml", "gexf"] {
            let r = try stakemap(["export", "samples/banque-exemple.yaml", "--format", format, "--anonymize", "--as-of", "2026-11-27"])
            #expect(r.status == 0, "\(r.stderr)")
            for secret in ["Manon Dupont", "manon.dupont", "Alice Martin", "our.am", "Banque Exemple", "@"] {
                #expect(!r.stdout.contains(secret), "\(format) leaks \(secret)")
            }
        }
        let csv = try stakemap(["export", "samples/maison-lumiere.yaml", "--format", "csv", "-o", "\(dir)/out"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let people = String(decoding: FileManager.default.contents(atPath: "\(dir)/out/people.csv") ?? Data(), as: UTF8.self)
        #expect(people.split(separator: "\n").count == 122)  // the header and 121 people (one has left)
        // The anonymized account analyses to the same score.
        let json = try stakemap(["export", "samples/banque-exemple.yaml", "--format", "json", "--anonymize"])
        try json.stdout.write(toFile: "\(dir)/anon.json", atomically: true, encoding: .utf8)
        let a = try stakemap(["score", "samples/banque-exemple.yaml", "--as-of", "2026-11-27", "--format", "csv"])
        let b = try stakemap(["score", "\(dir)/anon.json", "--as-of", "2026-11-27", "--format", "csv"])
        #expect(b.status == 0, "\(b.stderr)")
        let scoreA = a.stdout.split(separator: "\n").last?.split(separator: ",")[1]
        let scoreB = b.stdout.split(separator: "\n").last?.split(separator: ",")[1]
        #expect(scoreA != nil && scoreA == scoreB)
    }
}
