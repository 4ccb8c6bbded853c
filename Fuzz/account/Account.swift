import StakemapFormats
import FuzzSupport

/// The account reader, YAML and JSON: each input is read as both. A reader returns an
/// account or located errors; an account it accepts round-trips through the writer.
@_cdecl("fuzz_account_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.main(argc, argv, fuzzAccount)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccount(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    for name in ["fuzz.yaml", "fuzz.json"] {
        let r = AccountLoader.load(bytes: bytes, name: name, baseDirectory: nil)
        Fuzz.accountOrErrors(r, name)
        if let file = r.file, !r.hasErrors { Fuzz.roundTrip(file, baseDirectory: nil, name) }
    }
    return 0
}
