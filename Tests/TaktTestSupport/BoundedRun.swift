import Foundation

extension CLI {
    /// Runs `takt` with `arguments` under an address-space limit (the shell's
    /// `ulimit -v`) and a wall-clock limit (`timeout`, which kills it): a run
    /// that needs more memory fails to allocate and one that hangs is killed,
    /// so neither can pass for a clean refusal (exit 2).
    public static func runBounded(_ arguments: [String], memoryMiB: Int, seconds: Int, in directory: URL = Repository.root) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v \(memoryMiB * 1024) && exec timeout -s KILL \(seconds) \"$@\"", "sh", binary.path] + arguments
        process.currentDirectoryURL = directory
        return try outcome(of: process)
    }
}
