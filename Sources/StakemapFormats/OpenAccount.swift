import Foundation
import StakemapCore

/// What stops a command: the problems, each located where it has a place, and a closing
/// line of advice. Every entry point of the library throws it, so that the command line, a
/// server or a script print the same words.
public struct StakemapError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in the order to print.
    public var diagnostics: [Diagnostic]
    /// A last line to print after them ("2 errors; fix them and try again"), if any.
    public var advice: String?
    /// Whether the edit met another one (a file locked too long, or changed since it was
    /// read) rather than a problem of its own: trying again later may work.
    public var isConflict = false

    public init(_ diagnostics: [Diagnostic], advice: String? = nil) {
        self.diagnostics = diagnostics
        self.advice = advice
    }

    /// One error about `file` as a whole.
    public init(file: String, _ message: String) {
        self.init([Diagnostic(.error, at: nil, file: file, message)])
    }

    /// An edit of `file` that could not be made, with the input it is about and the edits
    /// that do what was probably meant.
    public init(file: String, _ edit: EditError) {
        self.init([Diagnostic(.error, at: nil, file: file, edit.message, nextSteps: edit.nextSteps, parameter: edit.parameter)])
    }

    /// A file that could not be written (`AtomicFile.WriteError` names its own file).
    public init(writing error: any Error, to path: String) {
        if let e = error as? AtomicFile.WriteError {
            self.init(file: e.path, "cannot write: \(e.reason)")
        } else {
            self.init(file: path, "cannot write: \(error)")
        }
    }

    public var description: String {
        (diagnostics.map(\.description) + (advice.map { [$0] } ?? [])).joined(separator: "\n")
    }
}

/// Where an account is read from: a file, or a file as it was at a git revision.
public enum AccountSource: Sendable, Hashable {
    case file(String)
    /// `file` as it was at `revision` (a hash, a tag, a branch, HEAD~3, main@{2026-09-01}).
    case revision(file: String, revision: String)

    /// The older snapshot a comparison names for `file`: another file (`previous`), or
    /// `file` itself at a revision (`since`); nil when neither is given.
    public static func older(than file: String, previous: String?, since: String?) -> AccountSource? {
        if let previous { return .file(previous) }
        if let since { return .revision(file: file, revision: since) }
        return nil
    }
}

/// What one run asks of an analysis: the day, the run's overrides of the account's
/// settings, and the scope (the whole account or one opportunity).
public struct AnalysisRequest: Sendable, Hashable {
    public var asOf: Day
    /// Settings that win over the account's own for this run (only what is set counts).
    public var overrides: Settings
    public var scope: AnalysisScope

    public init(asOf: Day, overrides: Settings = Settings(), scope: AnalysisScope = .account) {
        self.asOf = asOf
        self.overrides = overrides
        self.scope = scope
    }
}

/// The one way into an account: it reads and checks the files once, resolves the
/// settings with a run's overrides, and hands out analyses built on the ids the loader
/// resolved. Every command, the review, the portfolio and the comparisons open accounts
/// through it.
///
///     let opened = try OpenAccount(.file("bank.yaml"))
///     let analysis = try opened.analysis(AnalysisRequest(asOf: day))
///
/// The loaded file is immutable here, which is what lets the analyses trust the
/// loader's index; to change an account, open an `EditSession`.
public struct OpenAccount: Sendable {
    /// Where it was read from.
    public let source: AccountSource
    /// How to name it in output: the path, or "FILE at REV (hash, date)".
    public let label: String
    /// For a git revision, the day of its commit (the day to analyse it as of, by default).
    public let committed: Day?
    /// The files as loaded.
    public let file: AccountFile
    /// The loader's warnings (errors make opening fail).
    public let warnings: [Diagnostic]

    public var account: Account { file.account }

    /// The file's path (for a revision, the file as named, not its temporary copy).
    public var path: String {
        switch source {
        case .file(let p): p
        case .revision(let file, _): file
        }
    }

    /// Reads and checks the account. With `keepDirectory`, the directory records are kept
    /// apart so the file can be written back (see `AccountLoader.load`); with `within`,
    /// directory CSV files outside that folder are refused unread (a server's folder).
    /// - Throws: `StakemapError` with every error, located (FILE:LINE:COLUMN).
    public init(_ source: AccountSource, keepDirectory: Bool = false, within: String? = nil) throws(StakemapError) {
        self.source = source
        switch source {
        case .file(let path):
            let result = AccountLoader.load(path: path, keepDirectory: keepDirectory, within: within)
            (file, warnings) = try Self.accepted(result, name: path)
            label = path
            committed = nil
        case .revision(let path, let revision):
            let snapshot: GitHistory.Snapshot
            do { snapshot = try GitHistory.snapshot(of: path, at: revision) } catch {
                throw StakemapError(file: path, error.message)
            }
            defer { try? FileManager.default.removeItem(atPath: snapshot.folder) }
            // Messages name the revision, not the temporary copy.
            let shown = "\(path)@\(revision)"
            var result = AccountLoader.load(path: snapshot.path, keepDirectory: keepDirectory, within: within.map { _ in snapshot.folder })
            result.diagnostics = result.diagnostics.map { d in
                var d = d
                d.file = d.file.map { Self.rename($0, folder: snapshot.folder, file: snapshot.path, as: shown) }
                if let place = d.location?.file { d.location?.file = Self.rename(place, folder: snapshot.folder, file: snapshot.path, as: shown) }
                return d
            }
            (file, warnings) = try Self.accepted(result, name: shown)
            label = "\(path) at \(revision) (\(snapshot.revision), \(snapshot.date))"
            committed = Day(iso: snapshot.date)
        }
    }

    /// Reads and checks the account file at `path`.
    public init(path: String, keepDirectory: Bool = false) throws(StakemapError) {
        try self.init(.file(path), keepDirectory: keepDirectory)
    }

    private static func accepted(_ result: LoadResult, name: String) throws(StakemapError) -> (AccountFile, [Diagnostic]) {
        guard !result.hasErrors, let file = result.file else {
            let n = result.errors.count
            throw StakemapError(result.errors, advice: "\(name): \(n) error\(n == 1 ? "" : "s"); fix \(n == 1 ? "it" : "them") and try again")
        }
        return (file, result.warnings)
    }

    private static func rename(_ name: String, folder: String, file: String, as shown: String) -> String {
        if name == file { return shown }
        if name.hasPrefix(folder + "/") { return shown + ":" + name.dropFirst(folder.count + 1) }
        return name
    }

    /// The parameters of a run: the account's settings, then the run's overrides, checked
    /// against the one table of settings bounds.
    /// - Throws: `StakemapError` naming the setting and what to give.
    public func parameters(overriding overrides: Settings) throws(StakemapError) -> AnalysisParameters {
        let settings = account.settings.overriding(overrides)
        let problems = settings.problems()
        guard problems.isEmpty else {
            throw StakemapError(problems.map { Diagnostic(.error, at: nil, file: path, "settings: \($0.message)") })
        }
        return settings.resolved
    }

    /// The analysis of the account for `request`, built on the loader's ids.
    /// - Throws: `StakemapError` for a bad override or an unknown opportunity.
    public func analysis(_ request: AnalysisRequest) throws(StakemapError) -> AccountAnalysis {
        let parameters = try parameters(overriding: request.overrides)
        do {
            return try AccountAnalysis(
                account: account, asOf: request.asOf, parameters: parameters, scope: request.scope,
                index: file.index)
        } catch {
            throw StakemapError(file: path, error.message)
        }
    }

    /// Opens `source` and analyses it for `request`: what most commands need, in one call.
    public static func analysis(of source: AccountSource, _ request: AnalysisRequest) throws(StakemapError) -> AccountAnalysis {
        try OpenAccount(source).analysis(request)
    }
}

/// An account and an older snapshot of it, both analysed for the same run: what `diff`,
/// the review and a chart of changes compare.
public struct Comparison: Sendable {
    public let older: AccountAnalysis
    public let newer: AccountAnalysis
    /// How to name the older snapshot (the file, or "FILE at REV (hash, date)").
    public let olderLabel: String
    /// The day the older snapshot was analysed as of.
    public let olderDay: Day
    /// Whether that day was given rather than taken from the revision's commit.
    public let olderDayGiven: Bool
    public let changes: AccountChanges

    /// Opens both snapshots. The older is analysed as of `olderAsOf`, else its commit's
    /// date (a git revision), else the newer's day. In an opportunity's scope, an older
    /// snapshot that predates the opportunity is analysed with an empty buying centre: no
    /// score, every role missing.
    public init(newer: AccountSource, older: AccountSource, request: AnalysisRequest, olderAsOf: Day? = nil) throws(StakemapError) {
        let current = try OpenAccount(newer).analysis(request)
        try self.init(newer: current, older: older, request: request, olderAsOf: olderAsOf)
    }

    /// Compares an analysis already made with an older snapshot (see the other initializer).
    public init(newer current: AccountAnalysis, older: AccountSource, request: AnalysisRequest, olderAsOf: Day? = nil) throws(StakemapError) {
        let opened = try OpenAccount(older)
        var olderRequest = request
        olderRequest.asOf = olderAsOf ?? opened.committed ?? request.asOf
        let previous: AccountAnalysis
        if case .opportunity(let id) = request.scope, !opened.account.opportunities.contains(where: { $0.id == id }) {
            var account = opened.account
            account.opportunities.append(Opportunity(id: id, name: id))
            let parameters = try opened.parameters(overriding: request.overrides)
            do {
                previous = try AccountAnalysis(account: account, asOf: olderRequest.asOf, parameters: parameters, scope: request.scope)
            } catch {
                throw StakemapError(file: opened.path, error.message)
            }
        } else {
            previous = try opened.analysis(olderRequest)
        }
        self.older = previous
        self.newer = current
        self.olderLabel = opened.label
        self.olderDay = olderRequest.asOf
        self.olderDayGiven = olderAsOf != nil || opened.committed == nil
        self.changes = AccountChanges(old: previous, new: current)
    }

    /// The older snapshot's label with its day when that day was not its commit's.
    public var olderLabelWithDay: String { olderDayGiven ? "\(olderLabel), as of \(olderDay)" : olderLabel }
}

extension AtomicFile {
    /// Writes `text` to `path` atomically (see `write(_:to:)`), failing with a `StakemapError`.
    public static func write(text: String, to path: String) throws(StakemapError) {
        do { try write(Array(text.utf8), to: path) } catch { throw StakemapError(writing: error, to: path) }
    }

    /// Writes `bytes` to `path` atomically, failing with a `StakemapError`.
    public static func write(bytes: [UInt8], to path: String) throws(StakemapError) {
        do { try write(bytes, to: path) } catch { throw StakemapError(writing: error, to: path) }
    }
}

extension Day {
    /// Today, on this machine's clock and in its time zone: the day an analysis is for
    /// when none is given.
    public static func today() -> Day {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return Day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? Day(daysSinceEpoch: 0)
    }
}
