#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/corpus and the dictionary Fuzz/stakemap.dict.

Seeds are cut small from the samples, generated (`stakemap generate --people 12` and
30, when .build/debug/stakemap or $STAKEMAP exists) (the first people of each, with the links,
relationships, roles and interactions among them), in YAML and JSON; the CRM exports'
first rows; an LDIF made from the same people. The dictionary holds every key and
enumerated value of schema/stakemap.schema.json, the CSV headers and the YAML/LDIF
syntax. Run it from the repository's root: python3 Fuzz/seeds.py
"""
import datetime
import hashlib
import json
import os
import subprocess
import tempfile
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")


def seed(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def dates_as_text(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: dates_as_text(x) for k, x in v.items()}
    if isinstance(v, list):
        return [dates_as_text(x) for x in v]
    return v


def small(account, people):
    a = dict(account)
    kept = a.get("people", [])[:people]
    ids = {p["id"] for p in kept}
    for p in kept:
        if p.get("reports_to") not in ids:
            p.pop("reports_to", None)
        if "dotted" in p:
            p["dotted"] = [d for d in p["dotted"] if d in ids] or None
            if p["dotted"] is None:
                del p["dotted"]
    a["people"] = kept
    a["links"] = [l for l in a.get("links", []) if l["from"] in ids and l["to"] in ids][:6]
    a["relationships"] = [r for r in a.get("relationships", []) if r["theirs"] in ids][:6]
    opps = []
    for o in a.get("opportunities", []):
        o = dict(o)
        o["roles"] = {k: [i for i in v if i in ids] for k, v in (o.get("roles") or {}).items()}
        o["roles"] = {k: v for k, v in o["roles"].items() if v}
        opps.append(o)
    if opps:
        a["opportunities"] = opps
    a["interactions"] = [i for i in a.get("interactions", []) if i["theirs"] in ids][:4]
    a.pop("directory", None)
    return {k: v for k, v in a.items() if v not in ([], None)}


def main():
    accounts = []
    for name in ["banque-exemple.yaml", "mutuelle-horizon.yaml"]:
        with open(os.path.join(ROOT, "samples", name)) as f:
            accounts.append(yaml.safe_load(f))
    for a in accounts:
        for n in (3, 12):
            s = small(a, n)
            text = yaml.safe_dump(s, allow_unicode=True, sort_keys=False)
            for target in ("account", "analyses", "chart"):
                seed(target, text)
            seed("account", json.dumps(dates_as_text(s), ensure_ascii=False, indent=1))
    seed("account", "stakemap: 1\naccount:\n  name: Minimal\n")
    seed("account", '{"stakemap": 1, "account": {"name": "Minimal"}}')
    seed("analyses", "stakemap: 1\naccount:\n  name: Settings\nsettings:\n  threshold: 0.3\n  half_life: 180\n  stale_after: 120\n"
         "team:\n  - id: our.am\n    name: A\npeople:\n  - id: p\n    name: P\n    roles: [economic-buyer]\n"
         "relationships:\n  - ours: our.am\n    theirs: p\n    level: trusted-advisor\n    last_contact: 2026-01-01\n")

    # Generated accounts (stakemap generate), when the command is built.
    stakemap = os.environ.get("STAKEMAP", os.path.join(ROOT, ".build", "debug", "stakemap"))
    if os.path.exists(stakemap):
        for people, number in ((12, 1), (30, 2)):
            with tempfile.TemporaryDirectory() as d:
                out = os.path.join(d, "generated.yaml")
                subprocess.run([stakemap, "generate", "--people", str(people), "--seed", str(number), "-o", out],
                               check=True, capture_output=True)
                text = open(out, encoding="utf-8").read()
            for target in ("account", "analyses", "chart"):
                seed(target, text)

    # The directory: people.csv, NUL, links.csv (the retailer's first rows).
    d = os.path.join(ROOT, "samples", "maison-lumiere-directory")
    people = open(os.path.join(d, "people.csv"), encoding="utf-8").read().splitlines()
    links = open(os.path.join(d, "links.csv"), encoding="utf-8").read().splitlines()
    ids = {row.split(",")[0] for row in people[1:9]}
    kept_links = [l for l in links[1:] if l.split(",")[0] in ids and l.split(",")[1] in ids][:4]
    seed("directory", "\n".join(people[:9]) + "\n")
    seed("directory", "\n".join(people[:9]) + "\n\0" + "\n".join([links[0]] + kept_links) + "\n")
    seed("directory", "id,name,reports_to,dotted,left\na,A,,,\nb,\"B, Jr\",a,,2026-01-01\n\0from,to,type,strength\na,b,conflict,0.5\n")

    # The imports: contacts, NUL, users, NUL, roles (Salesforce); a generic CSV; LDIF.
    c = os.path.join(ROOT, "samples", "crm")
    contacts = open(os.path.join(c, "contacts.csv"), encoding="utf-8").read().splitlines()
    users = open(os.path.join(c, "users.csv"), encoding="utf-8").read().splitlines()
    roles = open(os.path.join(c, "contact-roles.csv"), encoding="utf-8").read().splitlines()
    seed("import", "\n".join(contacts[:5]) + "\n\0" + "\n".join(users[:3]) + "\n\0" + "\n".join(roles[:4]) + "\n")
    seed("import", "\n".join(contacts[:5]) + "\n")
    seed("import", "Full Name,Manager ID,Account Manager,Last Met,title,email\nAnne Roy,,Alice Martin,2026-05-01,CEO,anne@x.example\n"
         "Bob Lee,anne@x.example,,,CFO,bob@x.example\n")
    seed("import", "id;name;title;reports_to;owner;last_contact\nanne.roy;Anne Roy;CEO;;our.am;2026-05-01\nbob.lee;Bob Lee;CFO;anne.roy;;\n")
    seed("import", "version: 1\n\ndn: cn=Anne Roy,ou=People,dc=x\nobjectClass: person\ncn: Anne Roy\ntitle: CEO\nmail: anne@x.example\n\n"
         "dn: cn=Bob Lee,ou=People,dc=x\nobjectClass: inetOrgPerson\ndisplayName:: Qm9iIEzDqWU=\ndepartment: Finance\n"
         "manager: cn=Anne Roy, ou=People, dc=x\nl: Lyon\n description continues\n")

    # The dictionary.
    words = set()
    with open(os.path.join(ROOT, "schema", "stakemap.schema.json")) as f:
        schema = json.load(f)

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.get("properties", {}).items():
                words.add(k)
            for x in v.get("enum", []):
                if isinstance(x, str):
                    words.add(x)
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(schema)
    words |= {h.strip('"') for line in (contacts[0], users[0], roles[0], people[0], links[0]) for h in line.split(",")}
    words |= {"Full Name", "Manager ID", "Account Manager", "Last Met", "first_name", "last_name", "crm_id", "owner", "last_contact"}
    words |= {"dn", "objectClass", "cn", "displayName", "department", "ou", "mail", "manager", "inetOrgPerson", "user"}
    syntax = ["\n  - ", ": ", "\n", "- ", "[", "]", "{", "}", "&a", "*a", "<<: ", "!!str", "|\n", ">-\n", "'", "\"", "#", "---", "...",
              "~", "null", "true", ".nan", ".inf", "-.inf", "0x1p-3", "1e308", "2026-02-29", "2026-13-01", "9999-12-31", "0.5", "1.0",
              "\\u00e9", "\\x00", ";", ",", "\r\n", "\xef\xbb\xbf", "::", ": <", "\0"]
    with open(os.path.join(ROOT, "Fuzz", "stakemap.dict"), "w", encoding="utf-8") as f:
        f.write("# libFuzzer dictionary: the account format's keys and values, the CSV headers, YAML and LDIF syntax.\n")
        f.write("# Written by Fuzz/seeds.py.\n")
        for w in sorted(words) + syntax:
            escaped = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "".join("\\x%02X" % b for b in c.encode()) for c in w)
            f.write('"%s"\n' % escaped)


if __name__ == "__main__":
    main()
