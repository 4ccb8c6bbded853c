import Foundation
import FuzzDriver
import StakemapCore
import StakemapFormats

/// What every fuzz target shares: the contract checks, a scratch folder, and the way a
/// broken contract is reported (a message on standard error, then `abort()`, which
/// libFuzzer records as a crash and saves the input of).
public enum Fuzz {
    /// Runs libFuzzer on `target`: what each target's entry point does (SwiftPM names an
    /// executable's main MODULE_main, so libFuzzer's own main is not the one linked).
    public static func main(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, target)
    }

    /// Stops the run: `what` broke the contract.
    public static func violated(_ what: String) -> Never {
        FileHandle.standardError.write(Data("contract violated: \(what)\n".utf8))
        abort()
    }

    public static func require(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { violated(what()) }
    }

    /// The input as bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The input cut at its NUL bytes into at most `count` parts (the rest stays in the
    /// last): how one input carries several files.
    public static func parts(_ bytes: [UInt8], count: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var rest = bytes[...]
        while out.count < count - 1, let nul = rest.firstIndex(of: 0) {
            out.append(Array(rest[..<nul]))
            rest = rest[(nul + 1)...]
        }
        out.append(Array(rest))
        return out
    }

    /// A folder of this process's own, made once, for the targets that read files.
    public static let folder: String = {
        let path = NSTemporaryDirectory() + "stakemap-fuzz-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            violated("cannot make the scratch folder \(path): \(error)")
        }
        return path
    }()

    /// Writes `bytes` to `name` in the scratch folder and returns the path.
    public static func write(_ bytes: [UInt8], _ name: String) -> String {
        let path = folder + "/" + name
        if !FileManager.default.createFile(atPath: path, contents: Data(bytes)) { violated("cannot write \(path)") }
        return path
    }

    public static func remove(_ name: String) {
        try? FileManager.default.removeItem(atPath: folder + "/" + name)
    }

    /// A reader's contract: every error it reports has a place (a file, and a line where
    /// there is one).
    public static func located(_ diagnostics: [Diagnostic], _ what: String) {
        for d in diagnostics where d.severity == .error {
            require(d.location != nil || d.file != nil, "\(what): an error without a place: \(d)")
        }
    }

    /// The day every target analyses and imports as of: fixed, so that a finding replays.
    public static let asOf = Day(year: 2026, month: 11, day: 27) ?? Day(daysSinceEpoch: 0)

    /// The input read as a YAML account, the reader's contract checked: the account when
    /// it has no errors, settings without problems, at most `people` people and `team`
    /// colleagues (small enough for every analysis to be quick), else nil.
    public static func smallAccount(_ data: UnsafePointer<UInt8>?, _ size: Int, people: Int = 60, team: Int = .max) -> AccountFile? {
        let r = AccountLoader.load(bytes: bytes(data, size), name: "fuzz.yaml", baseDirectory: nil)
        accountOrErrors(r, "fuzz.yaml")
        guard let file = r.file, !r.hasErrors, file.account.people.count <= people, file.account.team.count <= team,
            file.account.settings.problems().isEmpty
        else { return nil }
        return file
    }

    /// A reader's contract: an account, or errors; never neither.
    public static func accountOrErrors(_ r: LoadResult, _ what: String) {
        located(r.diagnostics, what)
        require(r.file != nil || r.hasErrors, "\(what): no account and no error")
    }

    /// The writer's contract: an accepted account written in either syntax reads back as
    /// the same account, and writing that again gives the same bytes.
    public static func roundTrip(_ file: AccountFile, baseDirectory: String?, _ what: String) {
        for (syntax, name) in [(AccountWriter.Syntax.yaml, "round-trip.yaml"), (.json, "round-trip.json")] {
            let text = AccountWriter.text(file, syntax: syntax)
            let again = AccountLoader.load(bytes: Array(text.utf8), name: name, baseDirectory: baseDirectory)
            guard let back = again.file, !again.hasErrors else {
                violated("\(what): the \(name) written back is refused:\n\(again.errors.map(\.description).joined(separator: "\n"))\n--- written:\n\(text)")
            }
            if back.account != file.account {
                violated("\(what): \(name) reads back as another account\n--- written:\n\(text)\n\(difference(file.account, back.account))")
            }
            let twice = AccountWriter.text(back, syntax: syntax)
            require(twice == text, "\(what): \(name) written twice differs\n--- first:\n\(text)\n--- second:\n\(twice)")
        }
    }

    /// Which part of two accounts differs, for the message of a failed round trip.
    public static func difference(_ a: Account, _ b: Account) -> String {
        var out: [String] = []
        if a.info != b.info { out.append("account: \(a.info) ≠ \(b.info)") }
        if a.settings != b.settings { out.append("settings: \(a.settings) ≠ \(b.settings)") }
        if a.people.count != b.people.count { out.append("people: \(a.people.count) ≠ \(b.people.count)") }
        for (p, q) in zip(a.people, b.people) where p != q { out.append("person: \(p)\n     ≠ \(q)") }
        if a.team != b.team { out.append("team: \(a.team) ≠ \(b.team)") }
        if a.links != b.links { out.append("links: \(a.links) ≠ \(b.links)") }
        if a.relationships != b.relationships { out.append("relationships: \(a.relationships) ≠ \(b.relationships)") }
        if a.opportunities != b.opportunities { out.append("opportunities: \(a.opportunities) ≠ \(b.opportunities)") }
        if a.interactions != b.interactions { out.append("interactions: \(a.interactions) ≠ \(b.interactions)") }
        if a.version != b.version { out.append("version: \(a.version) ≠ \(b.version)") }
        if out.isEmpty { out.append("(another field of the account)") }
        return out.joined(separator: "\n")
    }
}
