// swift-tools-version:6.1
// Benchmarks for Takt, kept in a nested package so the main package does not
// depend on the benchmark harness. Run from this folder:
//   swift package benchmark
import PackageDescription

let package = Package(
    name: "TaktBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Takt", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TaktKernel", package: "Takt"),
                .product(name: "TaktPlant", package: "Takt"),
            ],
            path: "Benchmarks/KernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ExperimentBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TaktExperiment", package: "Takt"),
                .product(name: "TaktKernel", package: "Takt"),
                .product(name: "TaktPlant", package: "Takt"),
                .product(name: "TaktStore", package: "Takt"),
            ],
            path: "Benchmarks/ExperimentBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PolicyBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TaktPolicy", package: "Takt"),
            ],
            path: "Benchmarks/PolicyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
