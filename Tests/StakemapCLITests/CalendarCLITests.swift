import Foundation
import StakemapFormats
import Testing

/// Whether Python's `icalendar` can be imported, installing it the way `.ci/run` does when
/// it is missing (records an issue when it cannot be had).
private func haveICalendar() throws -> Bool {
    if try python("import icalendar").status == 0 { return true }
    let install = "python3 -m pip install --quiet icalendar 2>/dev/null || python3 -m pip install --quiet --break-system-packages icalendar"
    _ = try shell(install, in: packageRoot)
    if try python("import icalendar").status == 0 { return true }
    Issue.record("Python's icalendar is missing: python3 -m pip install icalendar (.ci/run and setup.sh do it)")
    return false
}

/// Checks a calendar with `icalendar` against the plan's JSON and the account's JSON:
/// one event per meeting in the week, the colleagues' capacities, no overlap for one
/// colleague, one site on one day. Prints the events as JSON.
private func checkCalendar(_ ics: String, plan: String, account: String) throws -> Run {
    try python(
        """
        import datetime, json, re, icalendar
        plan = json.load(open("\(plan)"))
        account = json.load(open("\(account)"))
        capacity = {t["id"]: t.get("capacity") for t in account["team"]}
        cal = icalendar.Calendar.from_ical(open("\(ics)", "rb").read())
        assert cal["VERSION"] == "2.0" and "METHOD" not in cal, dict(cal)
        monday = datetime.date(2026, 11, 30)
        days = [monday + datetime.timedelta(days=i) for i in range(5)]
        slots = [datetime.time(9, 30), datetime.time(11, 0), datetime.time(14, 0), datetime.time(15, 30)]
        events, seen, booked, site_days = [], set(), {}, {}
        for e in cal.walk("VEVENT"):
            start, end = e["DTSTART"].dt, e["DTEND"].dt
            assert start.tzinfo is None and end.tzinfo is None, "floating times"
            assert start.date() in days and start.time() in slots, start
            assert end - start == datetime.timedelta(hours=1), (start, end)
            assert e["DTSTAMP"].dt == datetime.datetime(2026, 11, 27, tzinfo=datetime.timezone.utc), e["DTSTAMP"].dt
            assert str(e["STATUS"]) == "TENTATIVE"
            n = int(re.search(r"Meeting (\\d+) of (\\d+) in the visit plan", str(e["DESCRIPTION"])).group(1))
            assert n not in seen, n
            seen.add(n)
            v = plan["visits"][n - 1]
            assert " meets " in str(e["SUMMARY"]), e["SUMMARY"]
            assert str(e.get("LOCATION", "")) == (v["site"] or ""), (e.get("LOCATION"), v["site"])
            for (s, t) in booked.get(v["ours"], []):
                assert end <= s or t <= start, ("double-booked", v["ours"], start)
            booked.setdefault(v["ours"], []).append((start, end))
            site_days.setdefault(v["site"], set()).add(start.date())
            events.append({"n": n, "ours": v["ours"], "start": start.isoformat(), "uid": str(e["UID"])})
        assert seen == set(range(1, len(plan["visits"]) + 1)), (seen, len(plan["visits"]))
        for ours, meetings in booked.items():
            assert capacity[ours] is None or len(meetings) <= capacity[ours], (ours, len(meetings))
        assert all(len(d) == 1 for d in site_days.values()), site_days
        assert len({e["uid"] for e in events}) == len(events)
        print(json.dumps(sorted(events, key=lambda e: e["n"])))
        """)
}

@Suite struct CalendarCLITests {
    /// Every sample's plan as a calendar that a real iCalendar parser reads: one event per
    /// meeting in the week, capacities kept, nobody booked twice at once.
    @Test(arguments: ["banque-exemple", "mutuelle-horizon", "maison-lumiere"])
    func everySamplesPlanIsACalendar(_ sample: String) throws {
        guard try haveICalendar() else { return }
        let dir = scratch()
        let ics = "\(dir)/\(sample).ics"
        let r = try stakemap([
            "plan-visits", "samples/\(sample).yaml", "--as-of", "2026-11-27", "--week", "2026-12-02",
            "--ics", ics, "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        try r.stdout.write(toFile: "\(dir)/plan.json", atomically: true, encoding: .utf8)
        let count = (try json(r.stdout)["visits"] as? [Any])?.count ?? -1
        #expect(count > 0)
        #expect(r.stderr == "wrote \(ics) (\(count) events, Monday 2026-11-30 – Friday 2026-12-04)\n")
        let table = try stakemap(["plan-visits", "samples/\(sample).yaml", "--as-of", "2026-11-27", "--format", "json"])
        #expect(table.stdout == r.stdout)  // the result itself is unchanged by the calendar
        let account = try stakemap(["export", "samples/\(sample).yaml", "--format", "json", "-o", "\(dir)/account.json"])
        #expect(account.status == 0, "\(account.stderr)")
        let check = try checkCalendar(ics, plan: "\(dir)/plan.json", account: "\(dir)/account.json")
        #expect(check.status == 0, "\(check.stderr)")
        // Same input, same bytes.
        let again = try stakemap([
            "plan-visits", "samples/\(sample).yaml", "--as-of", "2026-11-27", "--week", "2026-12-04",
            "--ics", "\(dir)/again.ics",
        ])
        #expect(again.status == 0)
        #expect(FileManager.default.contents(atPath: ics) == FileManager.default.contents(atPath: "\(dir)/again.ics"))
    }

    /// Quotes, `<`, `&`, backslashes, separators, newlines and emoji come back as text.
    @Test func awkwardNamesAndNotesComeBackAsText() throws {
        guard try haveICalendar() else { return }
        let dir = scratch()
        let yaml = #"""
            stakemap: 1
            account: { name: "Banque \"Ex\" <&>", owner: o }
            team:
              - { id: o, name: "Seán O'Brien <b>&amp;</b>", level: executive, capacity: 2 }
            people:
              - id: z
                name: "Zoé \"Zaza\" Dupont 👩‍💻"
                title: "Head, IT; R&D \\ ops"
                site: "Paris; La Défense, Tour \"A\""
                level: executive
                roles: [economic-buyer]
                notes: "Line one\nLine two 🎉 <script>alert(1)</script>\n👩‍👩‍👧‍👦 & co., \"quoted\"; done \\ end"
            """#
        try yaml.write(toFile: "\(dir)/odd.yaml", atomically: true, encoding: .utf8)
        let r = try stakemap(["plan-visits", "\(dir)/odd.yaml", "--as-of", "2026-11-27", "--week", "2026-11-30", "--ics", "\(dir)/odd.ics"])
        #expect(r.status == 0, "\(r.stderr)")
        let check = try python(
            """
            import icalendar
            cal = icalendar.Calendar.from_ical(open("\(dir)/odd.ics", "rb").read())
            [e] = cal.walk("VEVENT")
            assert str(e["SUMMARY"]) == 'Seán O\\'Brien <b>&amp;</b> meets Zoé "Zaza" Dupont 👩‍💻 (Head, IT; R&D \\\\ ops)', str(e["SUMMARY"])
            assert str(e["LOCATION"]) == 'Paris; La Défense, Tour "A"', str(e["LOCATION"])
            note = 'Notes: Line one\\nLine two 🎉 <script>alert(1)</script>\\n👩‍👩‍👧‍👦 & co., "quoted"; done \\\\ end'
            assert note in str(e["DESCRIPTION"]), str(e["DESCRIPTION"])
            raw = open("\(dir)/odd.ics", "rb").read()
            assert all(len(line) <= 75 for line in raw.split(b"\\r\\n")), "a line is longer than 75 octets"
            assert b"\\n" not in raw.replace(b"\\r\\n", b""), "a bare line feed"
            for line in raw.split(b"\\r\\n"):
                line.decode("utf-8")  # each physical line is whole UTF-8
            """)
        #expect(check.status == 0, "\(check.stderr)")
    }

    /// With --anonymize, neither the calendar nor the table names anyone, nor the account.
    @Test func anonymizedCalendarsNameNobody() throws {
        let dir = scratch()
        let r = try stakemap([
            "plan-visits", "samples/banque-exemple.yaml", "--as-of", "2026-11-27", "--week", "2026-12-02",
            "--ics", "\(dir)/anon.ics", "--anonymize",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let plain = try stakemap([
            "plan-visits", "samples/banque-exemple.yaml", "--as-of", "2026-11-27", "--week", "2026-12-02",
            "--ics", "\(dir)/plain.ics",
        ])
        #expect(plain.status == 0, "\(plain.stderr)")
        let ics = String(decoding: FileManager.default.contents(atPath: "\(dir)/anon.ics") ?? Data(), as: UTF8.self)
        let plainICS = String(decoding: FileManager.default.contents(atPath: "\(dir)/plain.ics") ?? Data(), as: UTF8.self)
        // Compare the unfolded text, so that a name cut by a fold still counts.
        let unfolded = ICalendar.unfolded(ics).map(ICalendar.unescaped).joined(separator: "\n")
        let account = try json(try stakemap(["export", "samples/banque-exemple.yaml", "--format", "json"]).stdout)
        var secrets = ["Banque Exemple"]
        for key in ["team", "people"] {
            for entry in account[key] as? [[String: Any]] ?? [] {
                secrets += [entry["id"], entry["name"], entry["notes"], entry["email"]].compactMap { $0 as? String }
            }
        }
        #expect(secrets.count > 50)
        for secret in secrets {
            #expect(!unfolded.contains(secret), "the calendar leaks \(secret)")
            #expect(!r.stdout.contains(secret), "the table leaks \(secret)")
        }
        #expect(plainICS.contains("Noémie Dubois"))
        // The same meetings at the same times, under pseudonyms.
        func starts(_ text: String) -> [String] { text.components(separatedBy: "\r\n").filter { $0.hasPrefix("DTSTART") } }
        #expect(starts(ics) == starts(plainICS) && starts(ics).count == 5)
        #expect(ics.contains("SUMMARY:Colleague 2 meets DSI 2 (DSI)"))
    }

    /// More meetings for one colleague than a week has slots: the rest is reported.
    @Test func meetingsThatDoNotFitAreReported() throws {
        let dir = scratch()
        var yaml = "stakemap: 1\naccount: { name: Big, owner: o }\nteam:\n  - { id: o, name: Olga, level: executive }\npeople:\n"
        for i in 1...24 { yaml += "  - { id: p\(i), name: P\(i), site: S\(i % 3), level: staff, roles: [user] }\n" }
        try yaml.write(toFile: "\(dir)/big.yaml", atomically: true, encoding: .utf8)
        let r = try stakemap([
            "plan-visits", "\(dir)/big.yaml", "--visits", "24", "--as-of", "2026-11-27", "--week", "2026-11-27",
            "--ics", "\(dir)/big.ics",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.first == "wrote \(dir)/big.ics (20 events, Monday 2026-11-23 – Friday 2026-11-27)")
        #expect(lines.count == 5)
        #expect(
            lines.dropFirst().allSatisfy {
                $0.hasPrefix("\(dir)/big.yaml: warning: meeting #") && $0.contains(", Olga with P")
                    && $0.hasSuffix(" is not in the calendar: every one of the colleague's 20 slots of the week (4 a day, Monday to Friday) is taken")
            })
        let ics = String(decoding: FileManager.default.contents(atPath: "\(dir)/big.ics") ?? Data(), as: UTF8.self)
        #expect(ics.components(separatedBy: "BEGIN:VEVENT").count == 21)
    }

    @Test func theCalendarFlagsGoTogether() throws {
        let a = try stakemap(["plan-visits", "samples/banque-exemple.yaml", "--ics", "/tmp/x.ics"])
        #expect(a.status == 64)
        #expect(a.stderr.contains("--ics needs --week: the week to place the meetings in (any day of it, YYYY-MM-DD)"))
        let b = try stakemap(["plan-visits", "samples/banque-exemple.yaml", "--week", "2026-12-02"])
        #expect(b.status == 64)
        #expect(b.stderr.contains("--week needs --ics: the calendar file to write the meetings to"))
        let c = try stakemap(["plan-visits", "samples/banque-exemple.yaml", "--week", "2026-02-30", "--ics", "/tmp/x.ics"])
        #expect(c.status == 64)
        let d = try stakemap([
            "plan-visits", "samples/banque-exemple.yaml", "--as-of", "2026-11-27", "--week", "2026-12-02",
            "--ics", "/nonexistent-folder/x.ics",
        ])
        #expect(d.status == 1)
        #expect(d.stderr == "/nonexistent-folder/x.ics: error: cannot write: folder '/nonexistent-folder' does not exist\n")
    }
}
