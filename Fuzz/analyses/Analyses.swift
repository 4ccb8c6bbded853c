import StakemapCore
import StakemapFormats
import FuzzSupport

/// Load, checks and every analysis on a small account (at most 60 people and 10
/// colleagues, read as YAML): whatever the reader accepts, each analysis terminates
/// (libFuzzer's -timeout catches one that does not) and its numbers are in range:
/// coverage in [0, 1], scores in [0, 100], PageRank summing to 1, a visit plan that never
/// lowers the score, and no change between a snapshot and itself.
@_cdecl("fuzz_analyses_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzAnalyses)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnalyses(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let file = Fuzz.smallAccount(data, size, team: 10) else { return 0 }
    let settings = file.account.settings
    let asOf = Fuzz.asOf
    let scopes = [AnalysisScope.account] + file.account.opportunities.prefix(3).map { .opportunity($0.id) }
    for scope in scopes {
        let a: AccountAnalysis
        do { a = try AccountAnalysis(account: file.account, asOf: asOf, parameters: settings.resolved, scope: scope) } catch {
            Fuzz.violated("an analysis of \(scope) refused: \(error)")
        }
        analyse(a, "\(scope)")
        let earlier = try? AccountAnalysis(
            account: file.account, asOf: Day(daysSinceEpoch: asOf.daysSinceEpoch - 400), parameters: settings.resolved, scope: scope)
        if let earlier { _ = AccountChanges(old: earlier, new: a) }
    }
    return 0
}

private func inRange(_ v: Double, _ range: ClosedRange<Double>) -> Bool { v.isFinite && range.contains(v) }

private func analyse(_ a: AccountAnalysis, _ scope: String) {
    let nodes = 0..<a.graph.nodeCount
    for v in nodes { Fuzz.require(inRange(a.coverage(v), 0...1), "\(scope): coverage of \(a.name(v)) is \(a.coverage(v))") }
    if let score = a.score.value { Fuzz.require(inRange(score, 0...100.000001), "\(scope): score \(score)") }
    // Paths: the best three ways to every role holder.
    for h in a.holders.prefix(10) {
        let v = h.node
        for p in a.graph.bestPaths(from: a.graph.team, to: v, count: 3, tree: a.paths) {
            Fuzz.require(p.nodes.first.map(a.graph.isTeam) ?? false, "\(scope): a path to \(a.name(v)) not from our team")
            Fuzz.require(p.nodes.last == v, "\(scope): a path to \(a.name(v)) ends elsewhere")
        }
    }
    // Gaps, single points of failure.
    _ = a.gaps()
    _ = a.singlePointsOfFailure()
    // Key players.
    let pr = a.graph.pageRank()
    let people = nodes.filter { !a.graph.isTeam($0) }
    if !people.isEmpty {
        let sum = people.reduce(0) { $0 + pr.values[$1] }
        Fuzz.require(abs(sum - 1) < 1e-6, "\(scope): PageRank sums to \(sum)")
    }
    let bc = a.graph.betweenness()
    for v in nodes { Fuzz.require(bc.values[v].isFinite && bc.values[v] >= 0, "\(scope): betweenness of \(a.name(v)) is \(bc.values[v])") }
    _ = a.keyPlayers(pageRank: pr, betweenness: bc)
    // The visit plan, its schedule and briefs.
    let plan = a.planVisits(count: 5, colleagues: a.graph.team)
    if let before = plan.scoreBefore, let after = plan.scoreAfter {
        Fuzz.require(after >= before - 1e-9, "\(scope): the visit plan lowers the score from \(before) to \(after)")
    }
    for visit in plan.visits {
        Fuzz.require(visit.gain >= -1e-9, "\(scope): a planned visit gains \(visit.gain)")
        _ = a.introduction(for: visit)
        _ = a.talkingPoints(for: visit)
    }
    _ = a.schedule(plan, in: WorkWeek(containing: a.asOf))
    _ = a.briefs(for: plan)
    // Changes: a snapshot compared with itself has none.
    let same = AccountChanges(old: a, new: a)
    Fuzz.require(same.changes.isEmpty, "\(scope): a snapshot differs from itself: \(same.changes)")
    Fuzz.require(same.newGaps.isEmpty && same.resolvedGaps.isEmpty, "\(scope): gaps differ between a snapshot and itself")
    // Anonymised, the same numbers (summed in another order: the ids, so the node order, differ).
    if let anonymous = try? a.anonymized() {
        let (x, y) = (anonymous.score.value, a.score.value)
        Fuzz.require(
            (x == nil) == (y == nil) && abs((x ?? 0) - (y ?? 0)) < 1e-9,
            "\(scope): the anonymised score is \(x.map { "\($0)" } ?? "none"), not \(y.map { "\($0)" } ?? "none")")
    }
}
