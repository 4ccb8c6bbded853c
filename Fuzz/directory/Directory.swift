import Foundation
import StakemapFormats
import FuzzSupport

/// The directory CSV reader: the input is `people.csv`, then after a NUL byte
/// `links.csv` (none when there is no NUL), under a small account that names the folder.
/// The reader returns an account or located errors; an accepted account, directory
/// included, round-trips through the writer.
@_cdecl("fuzz_directory_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzDirectory)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDirectory(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parts = Fuzz.parts(Fuzz.bytes(data, size), count: 2)
    let directory = Fuzz.folder + "/directory"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    _ = Fuzz.write(parts[0], "directory/people.csv")
    if parts.count > 1 { _ = Fuzz.write(parts[1], "directory/links.csv") } else { Fuzz.remove("directory/links.csv") }
    let account = "stakemap: 1\naccount:\n  name: Fuzz\ndirectory: directory\nteam:\n  - id: our.am\n    name: Alice Martin\n"
    let path = Fuzz.write(Array(account.utf8), "account.yaml")
    let r = AccountLoader.load(path: path)
    Fuzz.accountOrErrors(r, "directory")
    if let file = r.file, !r.hasErrors { Fuzz.roundTrip(file, baseDirectory: Fuzz.folder, "directory") }
    return 0
}
