import Foundation
import Testing
import StakemapCore
@testable import StakemapFormats

/// Seeded random mutations of the samples: loading must never crash or hang, and every
/// error must carry a place.
@Suite struct FuzzTests {
    @Test(arguments: samplePaths)
    func mutatedSamplesNeverCrash(_ path: String) throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var rng = SeededGenerator(seed: 20261127)
        let alphabet = Array("{}[]:,-#&*!|>'\"%@`\\\n \t0.5e~?é".utf8)
        for _ in 0..<150 {
            var bytes = original
            for _ in 0..<rng.int(1...6) {
                guard !bytes.isEmpty else { break }
                let at = rng.int(0...(bytes.count - 1))
                switch rng.int(0...4) {
                case 0: bytes[at] = rng.pick(alphabet)
                case 1: bytes.insert(rng.pick(alphabet), at: at)
                case 2: bytes.remove(at: at)
                case 3: bytes[at] = UInt8(rng.int(0...255))
                default:
                    let end = min(bytes.count, at + rng.int(1...80))
                    bytes.insert(contentsOf: bytes[at..<end], at: rng.int(0...(bytes.count - 1)))
                }
            }
            let name = rng.chance(0.2) ? "mutant.json" : "mutant.yaml"
            let r = AccountLoader.load(bytes: bytes, name: name, baseDirectory: (path as NSString).deletingLastPathComponent)
            for d in r.errors { #expect(d.location != nil || d.file != nil, "\(d)") }
        }
    }
}
