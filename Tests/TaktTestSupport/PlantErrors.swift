import Foundation
import TaktPlant

/// The problems a plant text has, for tests of validation messages.
public enum PlantErrors {
    /// Every error message for `yaml` (empty when the plant is valid).
    public static func of(_ yaml: String, file: String = "plant.yaml") -> [String] {
        errors(in: yaml, file: file).map(\.description)
    }

    /// Every error for `yaml`, with its place (empty when the plant is valid).
    public static func errors(in yaml: String, file: String = "plant.yaml") -> [PlantFileError] {
        do {
            _ = try PlantLoader.parse(yaml: yaml, file: file, directory: Repository.root)
            return []
        } catch {
            return error.errors
        }
    }
}
