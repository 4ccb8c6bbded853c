// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Stakemap",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StakemapCore", targets: ["StakemapCore"]),
        .library(name: "StakemapFormats", targets: ["StakemapFormats"]),
        .library(name: "StakemapCharts", targets: ["StakemapCharts"]),
        .library(name: "StakemapReport", targets: ["StakemapReport"]),
        .library(name: "StakemapServer", targets: ["StakemapServer"]),
        .executable(name: "stakemap", targets: ["stakemap"]),
        .executable(name: "stakemap-bench", targets: ["StakemapBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // The browser's server; without its optional traits (swift-configuration, full Foundation).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The cache hint of the search loops (a header of one inline function).
        .target(name: "CPrefetch"),
        .target(
            name: "StakemapCore",
            dependencies: ["CPrefetch", .product(name: "HeapModule", package: "swift-collections")]
        ),
        .target(
            name: "StakemapFormats",
            dependencies: ["StakemapCore", "CYAML"]
        ),
        .target(name: "StakemapCharts", dependencies: ["StakemapCore", "CGraphviz"]),
        .target(name: "StakemapReport", dependencies: ["StakemapCore", "StakemapFormats", "StakemapCharts"]),
        .target(
            name: "StakemapServer",
            dependencies: [
                "StakemapCore", "StakemapFormats", "StakemapCharts", "StakemapReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "stakemap",
            dependencies: [
                "StakemapCore", "StakemapFormats", "StakemapCharts", "StakemapReport", "StakemapServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "StakemapBenchmark", dependencies: ["StakemapCore", "StakemapFormats", "StakemapCharts"]),
        .testTarget(name: "StakemapCoreTests", dependencies: ["StakemapCore"]),
        .testTarget(name: "StakemapFormatsTests", dependencies: ["StakemapFormats", "StakemapCore"]),
        .testTarget(
            name: "StakemapChartsTests",
            // The visit pack's printed pages are read back with the same PDF helpers.
            dependencies: ["StakemapCharts", "StakemapCore", "StakemapFormats", "StakemapReport"],
            resources: [.copy("Golden")]
        ),
        .testTarget(name: "StakemapReportTests", dependencies: ["StakemapReport", "StakemapCore", "StakemapFormats", "StakemapCharts"]),
        .testTarget(name: "StakemapCLITests", dependencies: ["stakemap", "StakemapFormats", "StakemapCore"]),
    ]
)

// The libFuzzer targets in Fuzz/ are declared only when STAKEMAP_FUZZ=1, which
// scripts/fuzz.sh sets (with its own scratch path and -sanitize=fuzzer,address): the
// normal build and the test suite never compile them.
if Context.environment["STAKEMAP_FUZZ"] == "1" {
    package.targets += [
        .target(name: "FuzzDriver", path: "Fuzz/Driver"),
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver", "StakemapCore", "StakemapFormats"], path: "Fuzz/Support"),
    ]
    let fuzzers: [(name: String, dependencies: [Target.Dependency])] = [
        ("account", []), ("directory", []), ("import", []), ("analyses", []), ("chart", ["StakemapCharts", "CGraphviz"]),
    ]
    for fuzzer in fuzzers {
        package.targets.append(
            .executableTarget(
                name: "fuzz-\(fuzzer.name)",
                dependencies: ["FuzzSupport", "StakemapCore", "StakemapFormats"] + fuzzer.dependencies,
                path: "Fuzz/\(fuzzer.name)"
            ))
    }
}
