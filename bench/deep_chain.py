#!/usr/bin/env python3
"""Writes a pathological but legal account: one reporting chain DEPTH people deep.

    python3 bench/deep_chain.py DEPTH OUTDIR

OUTDIR/chain.yaml names the directory OUTDIR/chain-directory/people.csv, in which p1 is
the top and each p(i) reports to p(i-1). One colleague of ours knows the top person; the
bottom person is the economic buyer, so coverage, paths, gaps and the visit plan all have
to walk the whole chain. Used to check that no command recurses or goes quadratic in the
depth of the hierarchy (issue 14).
"""
import os, sys

depth, out = int(sys.argv[1]), sys.argv[2]
folder = os.path.join(out, "chain-directory")
os.makedirs(folder, exist_ok=True)
with open(os.path.join(folder, "people.csv"), "w", encoding="utf-8", newline="") as f:
    f.write("id,name,title,unit,level,reports_to\n")
    f.write("p1,Person 1,Chief executive,Chain,executive,\n")
    for i in range(2, depth + 1):
        f.write(f"p{i},Person {i},Manager {i},Chain,manager,p{i - 1}\n")
with open(os.path.join(out, "chain.yaml"), "w", encoding="utf-8") as f:
    f.write(f"""stakemap: 1
account:
  name: Deep chain {depth}
  owner: our.am
directory: chain-directory
team:
  - {{ id: our.am, name: Alice Martin, title: Key account manager, level: executive }}
people:
  - {{ id: p{depth}, roles: [economic-buyer] }}
relationships:
  - {{ ours: our.am, theirs: p1, level: trusted-advisor, last_contact: 2026-01-01 }}
""")
print(os.path.join(out, "chain.yaml"))
