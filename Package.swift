// swift-tools-version:6.1
import PackageDescription

/// Release builds of the hot-path modules skip Swift's dynamic exclusivity
/// checks: profiling `takt run Plants/bench/serial-50.yaml` showed them taking
/// about 60% of run time. Debug builds (and so `swift test`) keep them on, but
/// optimize these modules: the tests simulate days of the default plant, and
/// unoptimized simulation made `swift test` take 11 minutes of CI's 30 (with
/// `-O` here: 3.5 minutes, for about 2 more minutes of compiling them; the
/// clean-clone CI run went from 30 min 12 s to 24 min 36 s).
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
                               .unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "Takt",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "takt", targets: ["takt"]),
        .library(name: "TaktKernel", targets: ["TaktKernel"]),
        .library(name: "TaktPlant", targets: ["TaktPlant"]),
        .library(name: "TaktStore", targets: ["TaktStore"]),
        .library(name: "TaktExperiment", targets: ["TaktExperiment"]),
        .library(name: "TaktPolicy", targets: ["TaktPolicy"]),
        .library(name: "TaktReport", targets: ["TaktReport"]),
        .library(name: "TaktFit", targets: ["TaktFit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // Discrete-event engine: clock, calendar, random streams, distributions,
        // statistics. Knows nothing about factories.
        .target(
            name: "TaktKernel",
            swiftSettings: hotPath
        ),
        // SHA-256 and HMAC-SHA256 from the system's OpenSSL libcrypto (apt: libssl-dev), as
        // GRDB takes SQLite from the system: content hashes of plant, experiment and policy
        // files, keyed hashes in exported decision data.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "TaktDigest", dependencies: ["CLibCrypto"]),
        // Dense-layer kernels in C: a scalar specification and AVX2 / AVX-512 VNNI
        // versions chosen at run time (the default x86-64 target has no AVX).
        .target(name: "CTaktKernels"),
        // Decision policies: the policy protocol, MLPs in fp32 and int8, post-training
        // quantization, model files, and imitation training. Knows nothing about factories.
        .target(
            name: "TaktPolicy",
            dependencies: [
                "CTaktKernels",
                "TaktDigest",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: hotPath
        ),
        // Plant description (YAML), validation, and the line model built on the kernel.
        .target(
            name: "TaktPlant",
            dependencies: [
                "TaktKernel",
                "TaktPolicy",
                .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                "TaktDigest",
            ],
            swiftSettings: hotPath
        ),
        // SQLite run store: schema, append-only migrations, writer (the plant's declared
        // outputs become its columns), queries.
        .target(
            name: "TaktStore",
            dependencies: ["TaktKernel", "TaktPlant", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift"), "TaktDigest"]
        ),
        // Replications, confidence intervals, run summaries.
        .target(name: "TaktExperiment", dependencies: ["TaktKernel", "TaktPlant", "TaktPolicy", "TaktDigest"]),
        // Input data analysis: distribution families fitted to observed durations, judged by
        // bootstrap goodness-of-fit tests. Knows nothing about factories.
        .target(name: "TaktFit", dependencies: ["TaktKernel"]),
        // Reports from the run store: HTML with inline SVG charts, and Markdown.
        .target(name: "TaktReport", dependencies: ["TaktKernel", "TaktPlant", "TaktPolicy", "TaktStore", "TaktExperiment", "TaktFit"]),
        .executableTarget(
            name: "takt",
            dependencies: [
                "TaktKernel", "TaktPlant", "TaktStore", "TaktExperiment", "TaktPolicy", "TaktReport", "TaktFit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The release binary carries the Swift runtime and Foundation itself: no dynamic loading and symbol
            // binding of their libraries at each start (6 ms of `takt --version`'s 10 ms; whole `takt run`s of
            // the serial-50 benchmark 5% faster). System libraries (SQLite, libcrypto, glibc) stay shared.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
        ),
        .target(name: "TaktTestSupport", dependencies: ["TaktPlant"], path: "Tests/TaktTestSupport"),
        .testTarget(name: "TaktDigestTests", dependencies: ["TaktDigest"]),
        .testTarget(name: "TaktFitTests", dependencies: ["TaktFit", "TaktKernel"]),
        // hdrhistogram-swift is the reference DurationQuantiles is checked against.
        .testTarget(name: "TaktKernelTests", dependencies: ["TaktKernel", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        .testTarget(name: "TaktPlantTests", dependencies: ["TaktKernel", "TaktPlant", "TaktPolicy", "TaktTestSupport"]),
        .testTarget(name: "TaktStoreTests", dependencies: ["TaktStore", "TaktKernel", "TaktPlant", "TaktTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TaktPolicyTests", dependencies: ["TaktPolicy", "CTaktKernels"]),
        .testTarget(name: "TaktExperimentTests", dependencies: ["TaktExperiment", "TaktKernel", "TaktPlant", "TaktPolicy", "TaktTestSupport"]),
        .testTarget(name: "TaktReportTests", dependencies: ["TaktReport", "TaktStore", "TaktExperiment", "TaktKernel", "TaktPlant", "TaktTestSupport"]),
        .testTarget(name: "TaktCLITests", dependencies: ["TaktTestSupport", "TaktStore", "TaktKernel", "TaktPlant", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
