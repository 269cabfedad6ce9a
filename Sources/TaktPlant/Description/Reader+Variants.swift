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
        guard let items = attempt({ _ throws(PlantFileError) in try value.sequence() }) else { return [] }
        var result: [VariantSpec] = []
        var names: Set<String> = []
        for item in items {
            let variant = attempt { r throws(PlantFileError) -> VariantSpec in
                let map = try item.mapping(allowed: Self.variantKeys)
                let nameValue = try map.required("name")
                let name = try nameValue.string()
                guard names.insert(name).inserted else { throw nameValue.error("variant '\(name)' is defined twice") }
                let mix = try Self.mix(map)
                var work: [Int: VariantSpec.Work] = [:]
                if let w = map["work"] {
                    let table = try w.mapping()
                    for entry in table.entries {
                        let keyValue = YAMLValue(node: entry.keyNode, path: "\(w.path).\(entry.key)", file: w.file)
                        guard let s = stations[entry.key] else {
                            throw keyValue.error("no station is named '\(entry.key)'\(Suggestion.hint(for: entry.key, in: stations.keys))")
                        }
                        let content = YAMLValue(node: entry.value, path: "\(w.path).\(entry.key)", file: w.file)
                        if content.isScalar, let factor = Double(try content.string()) {
                            guard factor.isFinite, factor > 0, factor <= 1000 else { throw content.error("a work factor must be in (0, 1000], got \(factor)") }
                            work[s] = .factor(factor)
                        } else {
                            work[s] = .distribution(try r.readDistribution(content))
                        }
                    }
                }
                return VariantSpec(name: name, mix: mix, work: work)
            }
            if let variant { result.append(variant) }
        }
        return Self.normalized(result) { $0.mix } set: { $0.mix = $1 }
    }

    /// Reads `colours:`.
    mutating func readColours(_ value: YAMLValue) -> [ColourSpec] {
        guard let items = attempt({ _ throws(PlantFileError) in try value.sequence() }) else { return [] }
        var result: [ColourSpec] = []
        var names: Set<String> = []
        for item in items {
            let colour = attempt { _ throws(PlantFileError) -> ColourSpec in
                let map = try item.mapping(allowed: Self.colourKeys)
                let nameValue = try map.required("name")
                let name = try nameValue.string()
                guard names.insert(name).inserted else { throw nameValue.error("colour '\(name)' is defined twice") }
                return ColourSpec(name: name, mix: try Self.mix(map))
            }
            if let colour { result.append(colour) }
        }
        return Self.normalized(result) { $0.mix } set: { $0.mix = $1 }
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
