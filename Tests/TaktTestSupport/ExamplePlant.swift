import Foundation
import TaktPlant

/// Runs the example plants in Plants/examples, for tests with known answers.
public enum ExamplePlant {
    /// The example plant `name`, with each `(old, new)` text replacement applied first.
    public static func load(_ name: String, replacing edits: [(String, String)] = []) throws -> PlantDescription {
        let path = Repository.path("Plants/examples/\(name).yaml")
        guard !edits.isEmpty else { return try PlantLoader.load(path: path) }
        var text = try String(contentsOfFile: path, encoding: .utf8)
        for (old, new) in edits {
            precondition(text.contains(old), "\(name).yaml has no '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return try PlantLoader.parse(yaml: text, file: path, directory: URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    /// Every error message for the example plant `name` after `edits` (empty when it loads).
    public static func errors(_ name: String, replacing edits: [(String, String)]) -> [String] {
        do {
            _ = try load(name, replacing: edits)
            return []
        } catch let error as PlantFileErrors {
            return error.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    /// One replication of the example plant `name` with its own settings.
    public static func run(_ name: String, replacing edits: [(String, String)] = [], replication: Int = 0) throws -> ReplicationResult {
        let plant = try load(name, replacing: edits)
        return try Replication.run(plant, settings: plant.run, replication: replication)
    }
}

/// Loads any plant of the repository with text replacements, for tests that vary a shipped plant.
public enum RepositoryPlant {
    /// The plant at `relative` (from the repository root), with each `(old, new)` text replacement applied first.
    public static func load(_ relative: String, replacing edits: [(String, String)]) throws -> PlantDescription {
        let path = Repository.path(relative)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        for (old, new) in edits {
            precondition(text.contains(old), "\(relative) has no '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return try PlantLoader.parse(yaml: text, file: path, directory: URL(fileURLWithPath: path).deletingLastPathComponent())
    }
}
