import Foundation

/// The JSON form of a policy file.
private struct PolicyJSON: Codable {
    var format: String
    var version: Int
    var decisionPoint: String
    var schemaVersion: Int
    var features: [String]
    var actions: [String]
    var precision: String
    var shape: [Int]
    /// `mlp` (also when absent, as in files from before tree ensembles) or `tree_ensemble`.
    var model: String?
    var inputScale: Float?
    var inputInverseScale: Float?
    var layers: [LayerJSON]?
    var trees: TreeEnsembleJSON?
    var provenance: [String: String]?
    var checksum: String
}

private struct LayerJSON: Codable {
    var inputs: Int
    var outputs: Int
    var activation: String
    /// The activation's parameters: leaky ReLU's slope, clip's bounds.
    var leakyAlpha: Float?
    var clipMin: Float?
    var clipMax: Float?
    /// fp32: real weights, row-major [outputs][inputs], and biases.
    var weights: [Float]?
    var bias: [Float]?
    /// int8: weights in −127…127, per-output scales, int32 biases, multipliers, output scale.
    var weightsInt8: [Int8]?
    var weightScales: [Float]?
    var biasInt32: [Int32]?
    var multipliers: [Float]?
    var outputScale: Float?
}

extension PolicyFile {
    /// Largest layer width a file may declare (keeps int32 accumulators exact in every kernel).
    public static let maxWidth = 16_384

    /// Largest policy file read (64 MiB of JSON; the shipped ones are a few KB).
    public static let maxFileBytes = 64 << 20

    /// Most layers a file may declare.
    public static let maxLayers = 64

    /// The file as JSON text (pretty-printed, keys sorted).
    public func jsonData() throws -> Data {
        var layers: [LayerJSON]?
        var trees: TreeEnsembleJSON?
        var inputScale: Float?, inverse: Float?
        switch network {
        case let .fp32(mlp):
            layers = mlp.layers.enumerated().map { l, layer in
                LayerJSON(inputs: layer.inputs, outputs: layer.outputs, activation: mlp.activations[l], weights: layer.weights, bias: layer.bias)
            }
        case let .int8(mlp):
            inputScale = mlp.inputScale
            inverse = mlp.inputInverseScale
            layers = mlp.layers.enumerated().map { l, layer in
                LayerJSON(inputs: layer.inputs, outputs: layer.outputs, activation: mlp.activations[l],
                          weightsInt8: layer.weights, weightScales: layer.weightScales, biasInt32: layer.bias,
                          multipliers: layer.multipliers, outputScale: layer.outputScale)
            }
        case let .trees(e):
            trees = TreeEnsembleJSON(e)
        }
        let json = PolicyJSON(format: Self.format, version: Self.version, decisionPoint: schema.point, schemaVersion: schema.version,
                              features: schema.features, actions: schema.actions, precision: network.precision.rawValue,
                              shape: network.shape, model: trees == nil ? nil : network.kind, inputScale: inputScale, inputInverseScale: inverse,
                              layers: layers, trees: trees, provenance: provenance.isEmpty ? nil : provenance, checksum: checksum)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(json)
    }

    /// Writes the file atomically.
    public func write(to path: String) throws(PolicyFileError) {
        do {
            try OutputFile.write(try jsonData(), to: path)
        } catch {
            throw PolicyFileError(path: path, message: "cannot write the policy file: \(error.localizedDescription)")
        }
    }

    /// Reads and checks a policy file: format, version, shapes, ranges and checksum.
    public static func load(path: String) throws(PolicyFileError) -> PolicyFile {
        let data: Data
        do {
            data = try BoundedFile.read(path, limit: maxFileBytes)
        } catch {
            throw PolicyFileError(path: path, message: "cannot read the policy file (\(error.reason))")
        }
        return try decode(data, path: path)
    }

    /// Parses and checks policy-file JSON; `path` names it in errors.
    public static func decode(_ data: Data, path: String) throws(PolicyFileError) -> PolicyFile {
        func fail(_ message: String) -> PolicyFileError { PolicyFileError(path: path, message: message) }
        let json: PolicyJSON
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            json = try decoder.decode(PolicyJSON.self, from: data)
        } catch let error as DecodingError {
            // An ONNX model given where a policy file is expected is a common first try: say how to bring it in.
            let onnx = path.lowercased().hasSuffix(".onnx")
            throw fail((JSONSyntax.problem(in: data).map { "not valid JSON: " + $0 } ?? describe(error)) + (onnx ? " (an ONNX model? Turn it into a policy file with `takt policy import MODEL.onnx --point POINT --out FILE.json`)" : ""))
        } catch {
            throw fail("not a policy file: \(error.localizedDescription)")
        }
        guard json.format == format else { throw fail("format is '\(json.format)', expected '\(format)'") }
        guard json.version == version else {
            throw fail("format version \(json.version) is not supported (this Takt reads version \(version))")
        }
        guard let precision = PackedNetwork.Precision(rawValue: json.precision) else {
            throw fail("precision: '\(json.precision)' is not fp32 or int8")
        }
        let network: Network
        switch json.model ?? "mlp" {
        case "mlp":
            guard let layers = json.layers else { throw fail("missing key 'layers'") }
            network = try decodeNetwork(layers, precision: precision, json: json, fail)
        case "tree_ensemble":
            guard let trees = json.trees else { throw fail("missing key 'trees'") }
            guard precision == .fp32 else { throw fail("precision: a tree ensemble is fp32, not \(precision.rawValue)") }
            let ensemble = try trees.ensemble(shape: json.shape, fail)
            network = .trees(ensemble)
        case let other:
            throw fail("model: '\(other)' is not mlp or tree_ensemble")
        }
        guard json.shape == network.shape else { throw fail("shape \(json.shape) does not match the model's \(network.shape)") }
        guard json.features.count == network.shape[0] else {
            throw fail("\(json.features.count) feature names for a model with \(network.shape[0]) inputs")
        }
        guard json.actions.count == network.shape[network.shape.count - 1] else {
            throw fail("\(json.actions.count) action names for a model with \(network.shape[network.shape.count - 1]) outputs")
        }
        let file = PolicyFile(schema: DecisionSchema(point: json.decisionPoint, version: json.schemaVersion, features: json.features, actions: json.actions),
                              network: network, provenance: json.provenance ?? [:])
        guard file.checksum == json.checksum else {
            throw fail("checksum mismatch: the file says \(json.checksum) but its contents give \(file.checksum); the file is corrupt or was edited by hand")
        }
        return file
    }

    /// A network's layers, checked: widths, chaining, activations, array lengths and ranges.
    private static func decodeNetwork(_ jsonLayers: [LayerJSON], precision: PackedNetwork.Precision, json: PolicyJSON,
                                      _ fail: (String) -> PolicyFileError) throws(PolicyFileError) -> Network {
        guard !jsonLayers.isEmpty else { throw fail("layers: a network needs at least one layer") }
        guard jsonLayers.count <= maxLayers else { throw fail("layers: at most \(maxLayers) layers, found \(jsonLayers.count)") }
        var activations: [Activation] = []
        for (l, layer) in jsonLayers.enumerated() {
            guard (1...maxWidth).contains(layer.inputs), (1...maxWidth).contains(layer.outputs) else {
                throw fail("layers[\(l)]: widths must be 1 to \(maxWidth), got \(layer.inputs) → \(layer.outputs)")
            }
            if l > 0, jsonLayers[l - 1].outputs != layer.inputs {
                throw fail("layers[\(l)].inputs is \(layer.inputs) but layers[\(l - 1)] has \(jsonLayers[l - 1].outputs) outputs")
            }
            guard let activation = Activation(name: layer.activation, alpha: layer.leakyAlpha, min: layer.clipMin, max: layer.clipMax) else {
                throw fail("layers[\(l)].activation '\(layer.activation)' is not none, relu, leaky_relu (with leaky_alpha), clip (with clip_min ≤ clip_max), sigmoid or tanh")
            }
            if l == jsonLayers.count - 1, activation != .none {
                throw fail("layers[\(l)].activation is '\(layer.activation)', expected 'none' (policies read raw scores)")
            }
            activations.append(activation)
        }
        func numbers<T>(_ values: [T]?, _ count: Int, _ key: String, _ l: Int) throws(PolicyFileError) -> [T] {
            guard let values else { throw fail("layers[\(l)].\(key) is missing (needed for \(precision.rawValue))") }
            guard values.count == count else { throw fail("layers[\(l)].\(key) has \(values.count) numbers, expected \(count)") }
            return values
        }
        func finite(_ values: [Float], _ key: String) throws(PolicyFileError) {
            if values.contains(where: { !$0.isFinite }) { throw fail("\(key) has a value that is not a finite number") }
        }
        switch precision {
        case .fp32:
            var layers: [DenseLayer] = []
            for (l, layer) in jsonLayers.enumerated() {
                let w = try numbers(layer.weights, layer.inputs * layer.outputs, "weights", l)
                let b = try numbers(layer.bias, layer.outputs, "bias", l)
                try finite(w + b, "layers[\(l)]")
                layers.append(DenseLayer(inputs: layer.inputs, outputs: layer.outputs, weights: w, bias: b))
            }
            return .fp32(MLP(layers: layers, activations: activations))
        case .int8:
            guard let scale = json.inputScale, let inverse = json.inputInverseScale, scale > 0, inverse > 0, scale.isFinite, inverse.isFinite else {
                throw fail("int8 needs positive 'input_scale' and 'input_inverse_scale'")
            }
            var layers: [QuantizedLayer] = []
            for (l, layer) in jsonLayers.enumerated() {
                let w = try numbers(layer.weightsInt8, layer.inputs * layer.outputs, "weights_int8", l)
                guard !w.contains(-128) else { throw fail("layers[\(l)].weights_int8: weights must lie in -127…127 (found -128)") }
                let ws = try numbers(layer.weightScales, layer.outputs, "weight_scales", l)
                let b = try numbers(layer.biasInt32, layer.outputs, "bias_int32", l)
                guard b.allSatisfy({ abs(Int($0)) <= 1 << 30 }) else { throw fail("layers[\(l)].bias_int32: biases must lie within ±2^30") }
                let m = try numbers(layer.multipliers, layer.outputs, "multipliers", l)
                try finite(ws + m + [layer.outputScale ?? 0], "layers[\(l)]")
                layers.append(QuantizedLayer(inputs: layer.inputs, outputs: layer.outputs, weights: w, weightScales: ws, bias: b,
                                             multipliers: m, outputScale: layer.outputScale ?? 0))
            }
            return .int8(QuantizedMLP(inputScale: scale, inputInverseScale: inverse, layers: layers, activations: activations))
        }
    }

    /// Checks that the file serves a decision point with `schema`.
    public func check(against expected: DecisionSchema, path: String) throws(PolicyFileError) {
        func fail(_ message: String) -> PolicyFileError { PolicyFileError(path: path, message: message) }
        guard schema.point == expected.point else {
            throw fail("the model is for decision point '\(schema.point)', not '\(expected.point)'")
        }
        guard schema.version == expected.version else {
            throw fail("the model is for '\(schema.point)' features version \(schema.version); this Takt has version \(expected.version)")
        }
        guard schema.features.count == expected.features.count else {
            throw fail("the model takes \(schema.features.count) features, '\(expected.point)' gives \(expected.features.count)")
        }
        if let i = schema.features.indices.first(where: { schema.features[$0] != expected.features[$0] }) {
            throw fail("feature \(i) is '\(schema.features[i])' in the model, '\(expected.features[i])' at '\(expected.point)'")
        }
        guard schema.actions.count == expected.actions.count else {
            throw fail("the model scores \(schema.actions.count) actions, '\(expected.point)' has \(expected.actions.count)")
        }
    }

    /// A decoding error as "key.path: what is wrong".
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.hasPrefix(".") ? String(p.dropFirst()) : p
        }
        switch error {
        case let .keyNotFound(key, context):
            let at = path(context)
            return "\(at.isEmpty ? "" : at + ": ")missing key '\(key.stringValue.snakeCased)'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "\(path(context).snakeCased): \(context.debugDescription)"
        case let .dataCorrupted(context):
            let at = path(context)
            return at.isEmpty ? "not valid JSON: \((context.underlyingError as NSError?)?.localizedDescription ?? context.debugDescription)"
                : "\(at.snakeCased): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

extension String {
    /// `decisionPoint` → `decision_point`, for key paths in messages.
    var snakeCased: String {
        var out = ""
        for c in self {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }
}

extension LayerJSON {
    /// A layer with its activation's name and parameters.
    fileprivate init(inputs: Int, outputs: Int, activation: Activation, weights: [Float]? = nil, bias: [Float]? = nil, weightsInt8: [Int8]? = nil,
                     weightScales: [Float]? = nil, biasInt32: [Int32]? = nil, multipliers: [Float]? = nil, outputScale: Float? = nil) {
        self.init(inputs: inputs, outputs: outputs, activation: activation.name, weights: weights, bias: bias, weightsInt8: weightsInt8,
                  weightScales: weightScales, biasInt32: biasInt32, multipliers: multipliers, outputScale: outputScale)
        switch activation {
        case let .leakyRelu(alpha): leakyAlpha = alpha
        case let .clip(lo, hi): (clipMin, clipMax) = (lo, hi)
        default: break
        }
    }
}
