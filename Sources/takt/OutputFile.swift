import Foundation

/// Writes a command's output `text` to `path`, or to standard output for `-`;
/// a file that cannot be written is bad input naming the `option`.
func writeOutput(_ text: String, to path: String, option: String) throws {
    if path == "-" {
        print(text, terminator: "")
        return
    }
    do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        throw CommandFailure(message: "error: \(option): cannot write \(path): \(error.localizedDescription)", code: .badInput)
    }
}
