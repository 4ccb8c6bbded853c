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

/// Loads and analyses `path` as of `day` with the account's own settings; load errors are
/// printed located (FILE:LINE:COLUMN), analysis errors as `FILE: error:`, and exit 1.
func analyseOrExit(_ path: String, asOf day: Day) throws -> AccountAnalysis {
    let file = try loadOrExit(path, quietWarnings: true)
    do {
        return try AccountAnalysis(account: file.account, asOf: day, parameters: file.account.settings.resolved, index: file.index)
    } catch {
        printError("\(path): error: \(error.message)")
        throw ExitCode(1)
    }
}
