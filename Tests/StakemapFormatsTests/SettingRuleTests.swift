import Foundation
import Testing
import StakemapCore
@testable import StakemapFormats

private let asOf = Day(iso: "2026-06-01") ?? Day(daysSinceEpoch: 0)

/// A small account with one setting given as `text`: the setting is on line 4.
private func account(_ setting: Setting, _ text: String, lastContact: String = "2026-05-31") -> String {
    """
    stakemap: 1
    account: { name: Bounds }
    settings:
      \(setting.key): \(text)
    team:
      - { id: ours, name: Ours }
    people:
      - { id: top, name: Top, roles: [economic-buyer] }
      - { id: mid, name: Mid, reports_to: top, roles: [user] }
      - { id: low, name: Low, reports_to: mid }
    links:
      - { from: mid, to: low, strength: 0.5 }
    relationships:
      - { ours: ours, theirs: mid, strength: 0.8, last_contact: \(lastContact) }

    """
}

/// A number as YAML writes it back exactly.
private func yamlText(_ v: SettingValue) -> String {
    switch v {
    case .number(let x): x.isNaN ? ".nan" : "\(x)"
    case .integer(let i): String(i)
    }
}

private func number(_ x: Any?) -> Double? {
    if let n = x as? NSNumber { return n.doubleValue }
    if let d = x as? Double { return d }
    if let i = x as? Int { return Double(i) }
    return nil
}

/// Every setting's rule is stated once (`Setting`); the JSON Schema, the file's checks, a
/// run's overrides and the analyses all give the same answer for every value.
@Suite struct SettingRuleTests {
    @Test func theSchemaStatesTheTablesRules() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/schema/stakemap.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let top = try #require(schema["properties"] as? [String: Any])
        let settings = try #require((top["settings"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(settings.keys) == Set(Setting.allCases.map(\.key)))
        for s in Setting.allCases {
            let rule = try #require(settings[s.key] as? [String: Any], "\(s.key)")
            #expect(rule["type"] as? String == s.kind.rawValue, "\(s.key)")
            let (given, absent) = s.minimumIsExclusive ? ("exclusiveMinimum", "minimum") : ("minimum", "exclusiveMinimum")
            #expect(number(rule[given]) == s.minimum, "\(s.key)")
            #expect(rule[absent] == nil, "\(s.key)")
            #expect(number(rule["maximum"]) == s.maximum, "\(s.key)")
            #expect(number(rule["default"]) == s.defaultValue.number, "\(s.key)")
        }
    }

    /// The decisions the table records, as known answers (the other tests only check that
    /// every check agrees with the table).
    @Test func theTableHoldsTheDecidedBounds() {
        #expect(Setting.staleAfter.allows(.integer(0)))
        #expect(!Setting.staleAfter.allows(.integer(-1)))
        #expect(!Setting.halfLife.allows(.integer(0)))
        #expect(Setting.halfLife.allows(.integer(36_500)) && !Setting.halfLife.allows(.integer(36_501)))
        #expect(Setting.paths.allows(.integer(1_000)) && !Setting.paths.allows(.integer(1_001)))
        #expect(!Setting.down.allows(.number(0)) && Setting.down.allows(.number(1)))
        #expect(Setting.coverageThreshold.allows(.number(0)) && !Setting.coverageThreshold.allows(.number(.nan)))
        #expect(Setting.paths.allows(.number(2)) && !Setting.paths.allows(.number(2.5)))
        #expect(AnalysisParameters() == Settings().resolved)
        #expect(AnalysisParameters().problems().isEmpty)
        #expect(Setting.allCases.map { AnalysisParameters()[$0] } == Setting.allCases.map(\.defaultValue))
    }

    /// Values just inside and just outside each bound of `s`, with the table's answer.
    static func probes(_ s: Setting) -> [(value: SettingValue, allowed: Bool)] {
        switch s.kind {
        case .number:
            [
                (.number(s.minimum), !s.minimumIsExclusive), (.number(s.minimum.nextDown), false),
                (.number(s.minimum.nextUp), true), (.number(s.maximum), true), (.number(s.maximum.nextUp), false),
                (.number(s.maximum.nextDown), true), (.number(.nan), false), (.number(.infinity), false),
            ]
        case .integer:
            [
                (.integer(Int(s.minimum) - 1), false), (.integer(Int(s.minimum)), !s.minimumIsExclusive),
                (.integer(Int(s.minimum) + 1), true), (.integer(Int(s.maximum)), true),
                (.integer(Int(s.maximum) + 1), false), (.integer(Int.max), false),
            ]
        }
    }

    @Test(arguments: Setting.allCases)
    func eachBoundIsTheSameAnswerEverywhere(_ s: Setting) throws {
        for (value, allowed) in Self.probes(s) {
            let what = "\(s.key): \(value)"
            #expect(s.allows(value) == allowed, "\(what)")
            // The file's checks, located at the setting's line.
            let loaded = load(account(s, yamlText(value)))
            let file = try #require(loaded.file, "\(what)")
            #expect(file.account.settings[s] == value || value.number.isNaN, "\(what): the loader kept the value")
            let errors = loaded.errors.map(\.description)
            if allowed {
                #expect(errors.isEmpty, "\(what): \(errors)")
            } else {
                #expect(errors.count == 1, "\(what): \(errors)")
                #expect(errors.first.map { $0.hasPrefix("test.yaml:4:") && $0.contains(": error: \(s.key) must be ") } == true, "\(what): \(errors)")
                #expect(errors.first?.contains("--") == false, "\(what): a file's message names no option")
            }
            // The same value as a run's override.
            let parameters = Settings().overriding(file.account.settings).resolved
            let problems = parameters.problems()
            #expect(problems.map(\.setting) == (allowed ? [] : [s]), "\(what)")
            #expect(problems.map(\.message) == file.account.settings.problems().map(\.message), "\(what)")
            // An accepted value is one every analysis runs with.
            guard allowed else { continue }
            let a = try AccountAnalysis(account: file.account, asOf: asOf, parameters: parameters, index: file.index)
            #expect(a.parameters[s] == value, "\(what)")
            _ = a.gaps()
            _ = a.planVisits(count: 2, colleagues: a.graph.team)
            let low = try #require(a.graph.node("low"))
            let paths = a.graph.bestPaths(from: a.graph.team, to: low, count: a.parameters.paths, tree: a.paths)
            #expect(paths.count == 1, "\(what): one loopless path ours → mid → low")
        }
    }

    /// `stale_after: 0`: any contact not on the as-of day is stale, in `validate` and in the
    /// analyses alike.
    @Test func staleAfterZeroMakesAnyEarlierContactStale() throws {
        for (lastContact, stale) in [("2026-05-31", true), ("2026-06-01", false)] {
            let loaded = load(account(.staleAfter, "0", lastContact: lastContact))
            #expect(!loaded.hasErrors)
            let file = try #require(loaded.file)
            let a = try AccountAnalysis(account: file.account, asOf: asOf, parameters: file.account.settings.resolved)
            let gaps = a.gaps().filter { $0.kind == .stale }
            #expect(gaps.map(\.subject) == (stale ? [.relationship(ours: "ours", theirs: "mid")] : []))
            if stale { #expect(gaps.first?.reason.contains("1 days ago (stale after 0)") == true) }
        }
    }

    @Test func overridesWinWhereTheyAreSet() {
        let file = Settings(down: 0.7, halfLife: 30, paths: 5)
        let run = Settings(halfLife: 60, staleAfter: 0)
        #expect(file.overriding(run) == Settings(down: 0.7, halfLife: 60, staleAfter: 0, paths: 5))
        #expect(file.overriding(Settings()) == file)
        #expect(Settings().overriding(file) == file)
    }
}
