import Foundation

/// What libFuzzer hands a target, in the forms Takt's readers take.
public struct FuzzInput {
    public let bytes: UnsafeBufferPointer<UInt8>

    public init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        bytes = UnsafeBufferPointer(start: data, count: size)
    }

    /// The bytes, copied.
    public var data: Data { Data(bytes) }

    /// The bytes as text, invalid UTF-8 repaired (the loaders read text).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Where the repository is: a plant's relative CSV and model paths, an experiment's plant path resolve from here.
public enum FuzzPaths {
    /// The repository's root (the folder above Fuzz/).
    public static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// An empty folder for the plant reader's relative paths.
    public static let emptyFolder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("takt-fuzz-empty")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()
}

/// One fuzz target: the bytes of an input in, 0 out (libFuzzer's `LLVMFuzzerTestOneInput`).
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                 _ test: FuzzTest) -> CInt

/// Hands the command line to libFuzzer's driver with `test` and exits with its status.
///
/// SwiftPM links an executable's entry point as `main` (`--defsym`), so the
/// `main` in libFuzzer's archive is never pulled in; each target's `@main`
/// calls the driver instead (`-sanitize=fuzzer` links it).
public func runFuzzer(_ test: FuzzTest) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}
