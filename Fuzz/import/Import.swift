import Foundation
import StakemapCore
import StakemapFormats
import FuzzSupport

/// The three import profiles. The input is the export, then after a NUL byte the
/// Salesforce User export, then after another the OpportunityContactRole export; it is
/// read as a generic CSV (columns named like the keys, and with the README's mapping), as
/// a Salesforce Contact export and as LDIF. A profile returns people or located errors;
/// a batch without errors is imported into a new account, which must then be valid and
/// round-trip, and importing it again into that account changes nothing.
@_cdecl("fuzz_import_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzImport)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parts = Fuzz.parts(Fuzz.bytes(data, size), count: 3)
    let source = Fuzz.write(parts[0], "export.csv")
    let users = parts.count > 1 ? Fuzz.write(parts[1], "users.csv") : nil
    let roles = parts.count > 2 ? Fuzz.write(parts[2], "roles.csv") : nil
    let readme = ["name": "Full Name", "reports_to": "Manager ID", "owner": "Account Manager", "last_contact": "Last Met"]
    let batches: [(String, ImportBatch)] = [
        ("generic", Importer.generic(source, mapping: [:])),
        ("generic --map", Importer.generic(source, mapping: readme)),
        ("salesforce", Importer.salesforce(contacts: source, users: users, roles: roles)),
        ("ldif", Importer.ldif(source)),
    ]
    for (profile, batch) in batches {
        Fuzz.located(batch.diagnostics, profile)
        if !batch.diagnostics.contains(where: { $0.severity == .error }) { imported(batch, profile) }
    }
    return 0
}

private func imported(_ batch: ImportBatch, _ profile: String) {
    Fuzz.remove("account.yaml")
    let into = Fuzz.folder + "/account.yaml"
    let options = ImportOptions(day: Fuzz.asOf)
    do {
        _ = try Importer.apply(batch, to: into, options: options, name: "Fuzz", source: "export.csv")
    } catch {
        Fuzz.located(error.diagnostics, "\(profile): refused import")
        Fuzz.require(!error.diagnostics.isEmpty, "\(profile): an import refused without a reason")
        return
    }
    let first = AccountLoader.load(path: into)
    guard let file = first.file, !first.hasErrors else {
        Fuzz.violated("\(profile): the imported account is invalid:\n\(first.errors.map(\.description).joined(separator: "\n"))")
    }
    Fuzz.roundTrip(file, baseDirectory: Fuzz.folder, "\(profile) import")
    do {
        _ = try Importer.apply(batch, to: into, options: options, name: "Fuzz", source: "export.csv")
    } catch {
        Fuzz.violated("\(profile): importing the same export again is refused: \(error)")
    }
    let second = AccountLoader.load(path: into)
    Fuzz.require(!second.hasErrors, "\(profile): the account imported twice is invalid: \(second.errors)")
    if let again = second.file?.account, again != file.account {
        Fuzz.violated("\(profile): importing the same export again changed the account\n\(Fuzz.difference(file.account, again))")
    }
}
