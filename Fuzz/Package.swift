// swift-tools-version:6.1
import Foundation
import PackageDescription

/// libFuzzer targets for Takt's readers of untrusted input, one executable per
/// format. A package of its own, so the main build and `swift test` never see
/// them; build them with the sanitizers (Fuzz/smoke.sh does):
///
///     swift build -c release --package-path Fuzz --build-path .build-fuzz -Xswiftc -sanitize=fuzzer,address
///
/// Each target exports `LLVMFuzzerTestOneInput` and starts libFuzzer's driver from its `@main`.

/// The root package's identity is its folder's name, which differs between clones.
let takt = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

func fuzzTarget(_ name: String, _ modules: [String]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + modules.map { .product(name: $0, package: takt) }, path: "Sources/\(name)")
}

let package = Package(
    name: "TaktFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
        fuzzTarget("fuzz-plant", ["TaktPlant"]),
        fuzzTarget("fuzz-experiment", ["TaktPlant"]),
        fuzzTarget("fuzz-policy-file", ["TaktPolicy"]),
        fuzzTarget("fuzz-onnx", ["TaktPolicy"]),
        fuzzTarget("fuzz-trace", ["TaktPlant"]),
        fuzzTarget("fuzz-policy-protocol", ["TaktPolicy"]),
        fuzzTarget("fuzz-observed-data", ["TaktPlant", "TaktFit"]),
    ],
    swiftLanguageModes: [.v6]
)
