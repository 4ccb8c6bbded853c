#!/usr/bin/env python3
"""Benchmark and cross-check of Stakemap's analysis engine against networkx, igraph and
networkit.

For each size it generates an organisation with `stakemap generate`, times every stage
in process with `stakemap-bench`, rebuilds the same influence graph here from the files
(an independent reading of docs/ANALYSES.md), times networkx, igraph and networkit on it
(those installed) in the same run, prints stakemap / best-peer ratios per stage, and checks
the CLI's JSON (coverage, k best paths, PageRank) against networkx, and betweenness on the
same sources against igraph.

    python3 bench/compare.py [--sizes 1000 10000 100000] [--bin .build/release]

Exit status 1 when a cross-check fails.
"""
import argparse, csv, itertools, json, math, os, subprocess, sys, tempfile, time
from datetime import date

import networkx as nx
import yaml

try:
    import igraph as ig
except ImportError:
    ig = None
try:
    import networkit as nk
except ImportError:
    nk = None

LEVELS = {"vendor": 0.25, "credible-source": 0.5, "problem-solver": 0.75, "trusted-advisor": 0.95}


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def split(cell):
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def load(path, as_of):
    """The influence graph of docs/ANALYSES.md §1, built from the YAML and its directory CSV."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    base = os.path.dirname(path)
    people, links = {}, []
    d = doc.get("directory")
    if d:
        folder = d if isinstance(d, str) else d["path"]
        pfile = "people.csv" if isinstance(d, str) else d.get("people", "people.csv")
        lfile = "links.csv" if isinstance(d, str) else d.get("links", "links.csv")
        for row in read_csv(os.path.join(base, folder, pfile)):
            people[row["id"]] = {"id": row["id"], "reports_to": row.get("reports_to") or None,
                                 "dotted": split(row.get("dotted")), "left": row.get("left") or None,
                                 "placeholder": (row.get("placeholder") or "").lower() == "true"}
        for row in read_csv(os.path.join(base, folder, lfile)):
            links.append({"from": row["from"], "to": row["to"], "type": row.get("type") or "influence",
                          "strength": float(row["strength"].replace(",", ".")) if row.get("strength") else None})
    for p in doc.get("people") or []:
        q = people.setdefault(p["id"], {"id": p["id"], "reports_to": None, "dotted": [], "left": None, "placeholder": False})
        for k in ("reports_to", "dotted", "left", "placeholder"):
            if k in p:
                q[k] = str(p[k]) if k == "left" and p[k] is not None else p[k]
    for l in doc.get("links") or []:
        links.append({"from": l["from"], "to": l["to"], "type": l.get("type", "influence"), "strength": l.get("strength")})
    s = doc.get("settings") or {}
    down, up = s.get("down", 0.8), s.get("up", 0.5)
    ddown, dup, half = s.get("dotted_down", 0.6), s.get("dotted_up", 0.4), s.get("half_life", 180)
    team = [t["id"] for t in doc.get("team") or []]
    active = {i: p for i, p in people.items() if not p["left"] or date.fromisoformat(str(p["left"])) > as_of}
    edges = {}

    def add(u, v, w):
        if u == v or u not in nodes or v not in nodes or u in blank or v in blank:
            return
        edges[(u, v)] = max(edges.get((u, v), 0), min(w, 1.0))

    nodes = set(active) | set(team)
    blank = {i for i, p in active.items() if p["placeholder"]}
    for i, p in active.items():
        if p["reports_to"]:
            add(p["reports_to"], i, down); add(i, p["reports_to"], up)
        for m in p["dotted"] or []:
            add(m, i, ddown); add(i, m, dup)
    for l in links:
        if l["type"] == "influence" and l["strength"]:
            add(l["from"], l["to"], l["strength"])
    for r in doc.get("relationships") or []:
        if r["ours"] not in team or r["theirs"] not in active:
            continue
        w = r["strength"] if "strength" in r else LEVELS[r["level"]]
        if r.get("last_contact"):
            age = max(0, (as_of - date.fromisoformat(str(r["last_contact"]))).days)
            w = w * 0.5 ** (age / half)
        add(r["ours"], r["theirs"], w)
    G = nx.DiGraph()
    G.add_nodes_from(sorted(nodes))
    for (u, v), w in edges.items():
        G.add_edge(u, v, strength=w, cost=-math.log(w))
    return G, team


def timed(f):
    start = time.perf_counter()
    v = f()
    return (time.perf_counter() - start) * 1000, v


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()[:500]}")
    return r.stdout


def command_ms(cmd):
    """Wall time of one run of `cmd`, in milliseconds (its output dropped)."""
    start = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()[:500]}")
    return (time.perf_counter() - start) * 1000


def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def best_of(f, n=3):
    """The shortest of n timed runs of f, and its value."""
    runs = [timed(f) for _ in range(n)]
    return min(r[0] for r in runs), runs[0][1]


def peers(G, team, targets, sources, samples):
    """igraph and networkit on the same graph: the stages they have, in ms (best of 3)."""
    out = {}
    names = list(G.nodes)
    index = {v: i for i, v in enumerate(names)}
    edges = [(index[u], index[v]) for u, v in G.edges]
    costs = [G[u][v]["cost"] for u, v in G.edges]
    virtual = len(names)
    people = [index[v] for v in names if v not in set(team)]
    if ig is not None:
        g = ig.Graph(n=len(names) + 1, edges=edges + [(virtual, index[t]) for t in team], directed=True)
        g.es["cost"] = costs + [0.0] * len(team)
        out["igraph path1"] = best_of(lambda: [g.get_shortest_paths(virtual, to=index[t], weights="cost", output="vpath") for t in targets])[0]
        for k in (3, 5):
            out[f"igraph path{k}"] = best_of(lambda: [g.get_k_shortest_paths(virtual, to=index[t], k=k, weights="cost") for t in targets])[0]
        # Betweenness over their people alone, from stakemap's own sources.
        p = g.induced_subgraph(people)
        local = {v: i for i, v in enumerate(people)}
        src = [local[index[s]] for s in sources]
        out["igraph betweenness"], values = best_of(lambda: p.betweenness(directed=True, weights="cost", sources=src), 1 if len(people) > 20000 else 3)
        out["_igraph_betweenness"] = {names[people[i]]: v for i, v in enumerate(values)}
    if nk is not None:
        h = nk.Graph(len(names) + 1, weighted=True, directed=True)
        for (u, v), c in zip(edges, costs):
            h.addEdge(u, v, c)
        for t in team:
            h.addEdge(virtual, index[t], 0.0)
        def bidirectional():
            for t in targets:
                d = nk.distance.BidirectionalDijkstra(h, virtual, index[t], True)
                d.run()
                d.getPath()
        nk.setNumberOfThreads(1)
        out["networkit path1"] = best_of(bidirectional)[0]
        p = nk.graphtools.subgraphFromNodes(h, people, compact=True)
        for threads in (1, 2):
            nk.setNumberOfThreads(threads)
            def estimate():
                b = nk.centrality.EstimateBetweenness(p, samples, False, threads > 1)
                b.run()
            out[f"networkit betweenness {threads}t"] = best_of(estimate, 1 if len(people) > 20000 else 3)[0]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--bin", default=".build/release")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--as-of", default="2026-11-01")
    ap.add_argument("--chart-sizes", type=int, nargs="*", default=[100, 300, 2000])
    args = ap.parse_args()
    as_of = date.fromisoformat(args.as_of)
    stakemap, bench = os.path.join(args.bin, "stakemap"), os.path.join(args.bin, "stakemap-bench")
    failures = []
    rows = []
    chart_rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = os.path.join(tmp, f"org{n}.yaml")
            run([stakemap, "generate", "--people", str(n), "--seed", str(args.seed), "--as-of", args.as_of, "-o", path])
            # The measure: betweenness from the same 100 sources at every size. networkx,
            # a hundred times slower than igraph there, is left out above 10,000 people.
            samples = 100
            b = json.loads(run([bench, path, "--as-of", args.as_of, "--repeat", "3" if n < 100000 else "1",
                                "--samples", str(samples), "--targets", "5"]))
            ms = b["ms"]
            t_build, (G, team) = timed(lambda: load(path, as_of))
            # networkx: coverage from all of our team at once.
            t_cov, (dist, _) = timed(lambda: nx.multi_source_dijkstra(G, team, weight="cost"))
            # k best paths: a virtual source joined to our team at no cost.
            H = G.copy()
            for t in team:
                H.add_edge("__ours__", t, strength=1.0, cost=0.0)
            targets = b["targets"]
            t_paths, nx_paths = timed(lambda: {t: list(itertools.islice(nx.shortest_simple_paths(H, "__ours__", t, weight="cost"), 3)) for t in targets})
            P = G.subgraph([v for v in G if v not in set(team)])
            t_pr, pr = timed(lambda: nx.pagerank(P.reverse(copy=False), alpha=0.85, weight="strength", tol=1e-15, max_iter=2000))
            people = P.number_of_nodes()
            k = None if people <= 2000 else samples
            t_bc = timed(lambda: nx.betweenness_centrality(P, k=k, seed=1, weight="cost"))[0] if n <= 10000 else None
            t_path1, _ = timed(lambda: {t: nx.dijkstra_path(H, "__ours__", t, weight="cost") for t in targets})
            t_path5, _ = timed(lambda: {t: list(itertools.islice(nx.shortest_simple_paths(H, "__ours__", t, weight="cost"), 5)) for t in targets})
            other = peers(G, team, targets, b["betweenness_source_ids"], samples if k else people)
            rows.append((n, "build (load+graph)", ms["load"] + ms["build"], {"networkx": t_build}))
            rows.append((n, "coverage", ms["coverage"], {"networkx": t_cov}))
            rows.append((n, f"1 best path x{len(targets)}", ms["path1"],
                         {"networkx": t_path1, "igraph": other.get("igraph path1"), "networkit": other.get("networkit path1")}))
            rows.append((n, f"3 best paths x{len(targets)}", ms["paths"], {"networkx": t_paths, "igraph": other.get("igraph path3")}))
            rows.append((n, f"5 best paths x{len(targets)}", ms["path5"], {"networkx": t_path5, "igraph": other.get("igraph path5")}))
            rows.append((n, "pagerank", ms["pagerank"], {"networkx": t_pr}))
            label = "betweenness" + (f" ({samples} sources)" if k else " (exact)")
            rows.append((n, label + ", 1 thread", ms["betweenness_one_thread"],
                         {"networkx": t_bc, "igraph": other.get("igraph betweenness"), "networkit": other.get("networkit betweenness 1t")}))
            rows.append((n, label + f", {b['threads']} threads", ms["betweenness"], {"networkit": other.get("networkit betweenness 2t")}))
            # Betweenness from the same sources equals igraph's (unnormalised there).
            if "_igraph_betweenness" in other:
                rank_all = json.loads(run([stakemap, "rank", path, "--format", "json", "--samples", str(samples), "--as-of", args.as_of]))
                m = people
                scale = (1 / ((m - 1) * (m - 2))) * (m / samples if k else 1)
                worst_bc = max(rel(p["betweenness"], other["_igraph_betweenness"][p["id"]] * scale) for p in rank_all["people"]
                               if p["betweenness"] > 1e-12 or other["_igraph_betweenness"][p["id"]] > 0)
                if worst_bc > 1e-9:
                    failures.append(f"{n}: betweenness differs from igraph's on the same sources by {worst_bc:.2e}")
            rows.append((n, "gaps (all kinds)", ms["gaps"], {}))
            rows.append((n, "visit plan (5)", ms["visits"], {}))
            # In process, beside the account already loaded: its memory is new, none reused.
            rows.append((n, "gaps end to end, in process", ms["end_to_end_gaps"], {}))
            # The command as a user runs it, start to exit, seven runs.
            runs = sorted(command_ms([stakemap, "gaps", path, "--as-of", args.as_of]) for _ in range(7))
            rows.append((n, "`stakemap gaps`, best of 7", runs[0], {}))
            rows.append((n, "`stakemap gaps`, median of 7", runs[3], {}))

            # Cross-checks on the CLI's JSON.
            cov = json.loads(run([stakemap, "coverage", path, "--all", "--format", "json", "--as-of", args.as_of]))
            worst = 0.0
            for p in cov["people"]:
                expected = math.exp(-dist[p["id"]]) if p["id"] in dist and not p["placeholder"] else 0.0
                if expected == 0 or p["coverage"] == 0:
                    if expected != p["coverage"]:
                        failures.append(f"{n}: coverage of {p['id']}: {p['coverage']} vs networkx {expected}")
                    continue
                worst = max(worst, rel(p["coverage"], expected))
            if worst > 1e-9:
                failures.append(f"{n}: coverage differs from networkx by {worst:.2e} (relative)")
            worst_path = 0.0
            for t in targets:
                out = json.loads(run([stakemap, "paths", path, "--to", t, "-k", "3", "--format", "json", "--as-of", args.as_of]))
                ours = [p["strength"] for p in out["paths"]]
                theirs = [math.prod(H[u][v]["strength"] for u, v in zip(q, q[1:])) for q in nx_paths[t]]
                if len(ours) != len(theirs):
                    failures.append(f"{n}: {len(ours)} paths to {t}, networkx {len(theirs)}")
                    continue
                for a, c in zip(ours, theirs):
                    worst_path = max(worst_path, rel(a, c))
            if worst_path > 1e-9:
                failures.append(f"{n}: path strengths differ from networkx by {worst_path:.2e}")
            rank = json.loads(run([stakemap, "rank", path, "--format", "json", "--samples", "5", "--as-of", args.as_of]))
            worst_pr = max(rel(p["pagerank"], pr[p["id"]]) for p in rank["people"])
            if worst_pr > 1e-6:
                failures.append(f"{n}: PageRank differs from networkx by {worst_pr:.2e}")
            print(f"{n:>7} people: {b['edges']} edges; coverage max rel. diff {worst:.1e}, paths {worst_path:.1e}, "
                  f"PageRank {worst_pr:.1e}; stakemap peak RSS {b['peak_rss_mb']:.0f} MB", file=sys.stderr)

        # Charts: in-process Graphviz against the dot program on the same DOT text.
        for n in args.chart_sizes:
            path = os.path.join(tmp, f"chart{n}.yaml")
            run([stakemap, "generate", "--people", str(n), "--seed", str(args.seed), "--as-of", args.as_of, "-o", path])
            dot_path = os.path.join(tmp, f"chart{n}.dot")
            c = json.loads(run([bench, path, "--as-of", args.as_of, "--repeat", "3", "--chart", dot_path]))
            for fmt, key in (("svg", "svg"), ("pdf", "pdf")):
                best = min(timed(lambda: run(["dot", f"-T{fmt}", dot_path, "-o", os.path.join(tmp, f"x.{fmt}")]))[0] for _ in range(3))
                chart_rows.append((n, f"org chart {fmt} (vs dot program)", c["ms"][key], {"dot": best}))
            chart_rows.append((n, f"org chart book, {c['pages']} A4 landscape pages", c["ms"]["pdf_a4_book"], {}))
            chart_rows.append((n, "org chart diagram build", c["ms"]["diagram"], {}))

    def table(stage_title, table_rows):
        # Each peer's time, then stakemap / the fastest peer (below 1: stakemap is faster).
        print(f"{'people':>7}  {stage_title:<36} {'stakemap ms':>12}  {'peers ms':<52} {'best peer':>10} {'ratio':>7}")
        for n, stage, a, times in table_rows:
            known = {p: t for p, t in times.items() if t is not None}
            shown = "  ".join(f"{p} {t:.1f}" for p, t in known.items())
            if known:
                peer, t = min(known.items(), key=lambda kv: kv[1])
                print(f"{n:>7}  {stage:<36} {a:12.2f}  {shown:<52} {peer:>10} {a / t:7.2f}")
            else:
                print(f"{n:>7}  {stage:<36} {a:12.2f}  {'-':<52} {'-':>10} {'-':>7}")

    table("stage", rows)
    if chart_rows:
        print()
        table("chart stage", chart_rows)
    if failures:
        print("\nCROSS-CHECK FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)
    print("\ncross-check: coverage and path strengths within 1e-9, PageRank within 1e-6 of networkx;"
          " betweenness within 1e-9 of igraph's on the same sources", file=sys.stderr)


if __name__ == "__main__":
    main()
