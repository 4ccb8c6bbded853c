import Foundation
@testable import StakemapFormats

/// The package's root folder (tests read `samples/`).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

let samplePaths: [String] = {
    let dir = packageRoot + "/samples"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted().map { dir + "/" + $0 }
}()

/// A fresh temporary folder.
func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "stakemap-tests-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func load(_ yaml: String, name: String = "test.yaml") -> LoadResult {
    AccountLoader.load(bytes: Array(yaml.utf8), name: name, baseDirectory: nil)
}

/// Diagnostics as printed, for exact comparisons.
func printed(_ r: LoadResult) -> [String] { r.diagnostics.map(\.description) }
