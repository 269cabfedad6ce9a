import Foundation

/// Paths inside the repository, for tests that read plant files or run the CLI.
public enum Repository {
    /// The repository root (the folder holding Package.swift).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// Absolute path of a file given relative to the repository root.
    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }
}
