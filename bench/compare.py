#!/usr/bin/env python3
"""Benchmark and cross-check of Stakemap's analysis engine against networkx.

For each size it generates an organisation with `stakemap generate`, times every stage
in process with `stakemap-bench`, rebuilds the same influence graph here from the files
(an independent reading of docs/ANALYSES.md), times networkx on it, prints the ratios,
and checks the CLI's JSON (coverage, k best paths, PageRank) against networkx.

    python3 bench/compare.py [--sizes 1000 10000 100000] [--bin .build/release]

Exit status 1 when a cross-check fails.
"""
import argparse, csv, itertools, json, math, os, subprocess, sys, tempfile, time
from datetime import date

import networkx as nx
import yaml

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


def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


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
            samples = 100 if n <= 10000 else 20
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
            t_bc, _ = timed(lambda: nx.betweenness_centrality(P, k=k, seed=1, weight="cost"))
            rows.append((n, "build (load+graph)", ms["load"] + ms["build"], t_build))
            rows.append((n, "coverage", ms["coverage"], t_cov))
            rows.append((n, f"3 best paths x{len(targets)}", ms["paths"], t_paths))
            rows.append((n, "pagerank", ms["pagerank"], t_pr))
            rows.append((n, "betweenness" + (f" ({samples} sources)" if k else " (exact)"), ms["betweenness"], t_bc))
            rows.append((n, "gaps (all kinds)", ms["gaps"], None))
            rows.append((n, "visit plan (5)", ms["visits"], None))
            rows.append((n, "gaps end to end", ms["end_to_end_gaps"], None))

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
                chart_rows.append((n, f"org chart {fmt} (vs dot program)", c["ms"][key], best))
            chart_rows.append((n, f"org chart book, {c['pages']} A4 landscape pages", c["ms"]["pdf_a4_book"], None))
            chart_rows.append((n, "org chart diagram build", c["ms"]["diagram"], None))

    def table(stage_title, peer, table_rows):
        print(f"{'people':>7}  {stage_title:<30} {'stakemap ms':>12} {peer + ' ms':>12} {'ratio':>8}")
        for n, stage, a, c in table_rows:
            ratio = f"{c / a:8.1f}x" if c is not None and a > 0 else "       -"
            cs = f"{c:12.1f}" if c is not None else f"{'-':>12}"
            print(f"{n:>7}  {stage:<30} {a:12.1f} {cs} {ratio}")

    table("stage", "networkx", rows)
    if chart_rows:
        print()
        table("chart stage", "dot", chart_rows)
    if failures:
        print("\nCROSS-CHECK FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)
    print("\ncross-check: coverage and path strengths within 1e-9, PageRank within 1e-6 of networkx", file=sys.stderr)


if __name__ == "__main__":
    main()
