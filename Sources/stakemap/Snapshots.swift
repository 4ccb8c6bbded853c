import ArgumentParser
import StakemapCore
import StakemapFormats

/// The older snapshot named by `--previous PATH` or `--since REV` for `file` (nil when
/// neither is given). A revision git does not know, or a file not in it, is reported as
/// `FILE: error: git's words` and exits 1. `diff`, `render` and `report` share it.
func previousSnapshotOrExit(of file: String, previous: String?, since: String?) throws -> PreviousSnapshot? {
    do { return try PreviousSnapshot.named(for: file, previous: previous, since: since) } catch {
        printError("\(file): error: \(error.message)")
        throw ExitCode(1)
    }
}

/// Loads and analyses `path` as of `day` with the account's own settings, in `scope`,
/// after `adjust` (if any) has changed the account; load errors are printed located
/// (FILE:LINE:COLUMN), analysis errors as `FILE: error:`, and exit 1.
func analyseOrExit(_ path: String, asOf day: Day, scope: AnalysisScope = .account,
                   adjust: (inout Account) -> Void = { _ in }) throws -> AccountAnalysis {
    let file = try loadOrExit(path, quietWarnings: true)
    var account = file.account
    adjust(&account)
    do {
        return try AccountAnalysis(account: account, asOf: day, parameters: account.settings.resolved, scope: scope, index: file.index)
    } catch {
        printError("\(path): error: \(error.message)")
        throw ExitCode(1)
    }
}
