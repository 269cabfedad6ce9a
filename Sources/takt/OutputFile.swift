import Foundation
import TaktPolicy

/// Writes a command's output `text` to `path`, or to standard output for `-`;
/// a file that cannot be written is bad input naming the `option`.
func writeOutput(_ text: String, to path: String, option: String) throws {
    if path == "-" {
        print(text, terminator: "")
        return
    }
    do {
        try OutputFile.write(Data(text.utf8), to: path)
    } catch {
        throw CommandFailure.cannotWrite(path, option: option, error)
    }
}

extension CommandFailure {
    /// Bad input: `option`'s file `path` cannot be written, and why, in words a user can act on.
    static func cannotWrite(_ path: String, option: String, _ error: any Error) -> CommandFailure {
        CommandFailure(message: "error: \(option): cannot write \(path): \(whyNotWritable(path, error))", code: .badInput)
    }
}

/// Why `path` could not be written: a folder in its place, a missing folder,
/// no permission, or the system's reason. Foundation's own message on Linux
/// names neither the file nor the cause ("NSCocoaErrorDomain error 512").
func whyNotWritable(_ path: String, _ error: any Error) -> String {
    if let why = notWritable(path) { return why }
    if let cause = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, cause.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(cause.code)))
    }
    return error.localizedDescription
}

/// Why `path` cannot be written as far as can be told without writing it (nil: it looks writable).
func notWritable(_ path: String) -> String? {
    let files = FileManager.default
    var isFolder: ObjCBool = false
    if files.fileExists(atPath: path, isDirectory: &isFolder) {
        if isFolder.boolValue { return "it is a folder; give a file name" }
        return files.isWritableFile(atPath: path) ? nil : "no permission to write \(path)"
    }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    if !files.fileExists(atPath: folder, isDirectory: &isFolder) { return "the folder \(folder) does not exist" }
    if !isFolder.boolValue { return "\(folder) is not a folder" }
    if !files.isWritableFile(atPath: folder) { return "no permission to write in \(folder)" }
    return nil
}

/// Fails at once, before a long run, when the output file `path` of `option` cannot be written.
func checkWritable(_ path: String, option: String) throws {
    if let why = notWritable(path) { throw CommandFailure(message: "error: \(option): cannot write \(path): \(why)", code: .badInput) }
}
