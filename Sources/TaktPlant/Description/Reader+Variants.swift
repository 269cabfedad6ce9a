import Foundation
import TaktKernel

/// A product variant (a trim, a battery size): its share of orders and its work content.
public struct VariantSpec: Sendable {
    /// How a variant's work at a station differs from the station's own process time.
    public enum Work: Sendable {
        /// The station's process time times this factor.
        case factor(Double)
        /// A process time of its own.
        case distribution(Distribution)
    }

    public var name: String
    /// Share of orders, normalized over all variants.
    public var mix: Double
    /// Work content by station index; stations not named use their own process time.
    public var work: [Int: Work]
}

/// A paint colour and its share of orders.
public struct ColourSpec: Sendable {
    public var name: String
    /// Share of orders, normalized over all colours.
    public var mix: Double
}

extension Reader {
    static let variantKeys = ["name", "mix", "work", "source", "description"]
    static let colourKeys = ["name", "mix", "source"]

    /// Reads `variants:`, resolving station names in each variant's `work`.
    mutating func readVariants(_ value: YAMLValue, stations: [String: Int]) -> [VariantSpec] {
        let variants = readNamedList(value, kind: "variant", allowed: Self.variantKeys) { r, map, name throws(PlantFileError) -> VariantSpec in
            var work: [Int: VariantSpec.Work] = [:]
            if let w = map["work"] {
                for entry in try w.mapping().entries {
                    let content = YAMLValue(node: entry.value, path: "\(w.path).\(entry.key)", file: w.file)
                    guard let s = stations[entry.key] else {
                        let key = YAMLValue(node: entry.keyNode, path: content.path, file: w.file)
                        throw key.error("no station is named '\(entry.key)'\(Suggestion.hint(for: entry.key, in: stations.keys))")
                    }
                    if content.isScalar, let factor = Double(try content.string()) {
                        guard factor.isFinite, factor > 0, factor <= 1000 else { throw content.error("a work factor must be in (0, 1000], got \(factor)") }
                        work[s] = .factor(factor)
                    } else {
                        work[s] = .distribution(try r.readDistribution(content))
                    }
                }
            }
            return VariantSpec(name: name, mix: try Self.mix(map), work: work)
        }
        return Self.normalized(variants) { $0.mix } set: { $0.mix = $1 }
    }

    /// Reads `colours:`.
    mutating func readColours(_ value: YAMLValue) -> [ColourSpec] {
        let colours = readNamedList(value, kind: "colour", allowed: Self.colourKeys) { _, map, name throws(PlantFileError) in
            ColourSpec(name: name, mix: try Self.mix(map))
        }
        return Self.normalized(colours) { $0.mix } set: { $0.mix = $1 }
    }

    /// Reads a list of mappings with unique `name`s, recording each item's problems.
    mutating func readNamedList<T>(_ value: YAMLValue, kind: String, allowed: [String],
                                   item read: (inout Reader, MappingReader, String) throws(PlantFileError) -> T) -> [T] {
        guard let items = attempt({ _ throws(PlantFileError) in try value.sequence() }) else { return [] }
        var result: [T] = []
        var names: Set<String> = []
        for item in items {
            let element = attempt { r throws(PlantFileError) -> T in
                let map = try item.mapping(allowed: allowed)
                let nameValue = try map.required("name")
                let name = try nameValue.string()
                guard names.insert(name).inserted else { throw nameValue.error("\(kind) '\(name)' is defined twice") }
                return try read(&r, map, name)
            }
            if let element { result.append(element) }
        }
        return result
    }

    /// A positive relative share.
    static func mix(_ map: MappingReader) throws(PlantFileError) -> Double {
        let v = try map.required("mix", hint: "the relative share of orders, e.g. 0.6")
        let mix = try v.double()
        guard mix > 0, mix.isFinite else { throw v.error("must be a positive number, got \(mix)") }
        return mix
    }

    /// Scales the shares to sum to 1.
    static func normalized<T>(_ items: [T], get: (T) -> Double, set: (inout T, Double) -> Void) -> [T] {
        let total = items.reduce(0) { $0 + get($1) }
        guard total > 0 else { return items }
        return items.map { var x = $0; set(&x, get($0) / total); return x }
    }
}
