import Foundation

/// Decisions to learn from: feature vectors, validity masks and the teacher's actions.
public struct TrainingData: Sendable {
    public var featureCount: Int
    public var actionCount: Int
    /// Row-major `[samples][featureCount]`.
    public var features: [Float]
    /// Row-major `[samples][actionCount]`.
    public var masks: [Bool]
    public var actions: [Int]

    public init(featureCount: Int, actionCount: Int, features: [Float], masks: [Bool], actions: [Int]) {
        precondition(features.count == actions.count * featureCount && masks.count == actions.count * actionCount, "training data shape")
        self.featureCount = featureCount
        self.actionCount = actionCount
        self.features = features
        self.masks = masks
        self.actions = actions
    }

    public var count: Int { actions.count }

    /// Adds `other`'s samples (same feature and action counts) after these.
    public mutating func append(_ other: TrainingData) {
        precondition(other.featureCount == featureCount && other.actionCount == actionCount)
        features += other.features
        masks += other.masks
        actions += other.actions
    }

    /// The decisions where more than one action was allowed (the others teach nothing).
    public func informative() -> TrainingData {
        var out = TrainingData(featureCount: featureCount, actionCount: actionCount, features: [], masks: [], actions: [])
        for i in 0..<count where masks[(i * actionCount)..<((i + 1) * actionCount)].filter({ $0 }).count > 1 {
            out.features += features[(i * featureCount)..<((i + 1) * featureCount)]
            out.masks += masks[(i * actionCount)..<((i + 1) * actionCount)]
            out.actions.append(actions[i])
        }
        return out
    }

    /// The feature vector of sample `i`.
    /// Weights that balance the teacher's actions: each the inverse of its
    /// share of the samples, at most `cap`, scaled so that a sample weighs 1 on average.
    public func balancedWeights(cap: Float = 10) -> [Float] {
        var counts = [Int](repeating: 0, count: actionCount)
        for a in actions { counts[a] += 1 }
        guard let most = counts.max(), most > 0 else { return Array(repeating: 1, count: actionCount) }
        // Relative to the most frequent action, each at most `cap` times heavier.
        var w = counts.map { $0 > 0 ? min(Float(most) / Float($0), cap) : 1 }
        let mean = zip(w, counts).reduce(Float(0)) { $0 + $1.0 * Float($1.1) } / Float(max(count, 1))
        for a in w.indices { w[a] /= mean }
        return w
    }

    public func row(_ i: Int) -> [Float] { Array(features[(i * featureCount)..<((i + 1) * featureCount)]) }
}

/// How to train.
public struct TrainingOptions: Sendable {
    /// Hidden layer widths.
    public var hidden: [Int] = [64, 64]
    public var maxEpochs = 60
    public var batchSize = 64
    public var learningRate: Float = 1e-3
    /// Share of samples held out to choose the epoch and report accuracy.
    public var validationShare = 0.2
    /// Stop after this many epochs without a better validation loss.
    public var patience = 8
    public var seed: UInt64 = 1
    /// Loss weight of each teacher action (cost-sensitive imitation); nil weighs all alike.
    public var actionWeights: [Float]?

    public init() {}
}

/// What training achieved.
public struct TrainingReport: Sendable {
    public var samples: Int
    public var trainingSamples: Int
    public var validationSamples: Int
    public var epochs: Int
    public var bestEpoch: Int
    public var validationLoss: Double
    /// Share of held-out decisions where the network picks the teacher's action.
    public var validationAccuracy: Double
    public var trainingAccuracy: Double
}

/// Imitation learning: fits an MLP to a teacher's decisions by masked
/// softmax cross-entropy with Adam, keeps the epoch with the best held-out
/// loss, and stops early. Deterministic for a seed (one thread, fixed order).
public enum Trainer {
    public static func train(_ data: TrainingData, options: TrainingOptions = TrainingOptions()) -> (MLP, TrainingReport) {
        var rng = SplitMix(state: options.seed)
        // Held-out split by a seeded shuffle.
        var order = Array(0..<data.count)
        rng.shuffle(&order)
        let validationCount = data.count < 10 ? 0 : Int(Double(data.count) * options.validationShare)
        let validation = Array(order.prefix(validationCount)), training = Array(order.dropFirst(validationCount))
        // He initialization.
        let shape = [data.featureCount] + options.hidden + [data.actionCount]
        var mlp = MLP(layers: zip(shape, shape.dropFirst()).map { i, o in
            let scale = (2 / Float(i)).squareRoot()
            return DenseLayer(inputs: i, outputs: o, weights: (0..<(i * o)).map { _ in rng.normal() * scale }, bias: Array(repeating: 0, count: o))
        })
        var adam = Adam(mlp)
        var best = mlp, bestLoss = Double.infinity, bestEpoch = 0, epoch = 0
        var scratch = Scratch(mlp)
        while epoch < options.maxEpochs, epoch - bestEpoch <= options.patience {
            epoch += 1
            var batchOrder = training
            rng.shuffle(&batchOrder)
            var start = 0
            while start < batchOrder.count {
                let batch = batchOrder[start..<min(start + options.batchSize, batchOrder.count)]
                var gradient = Gradient(mlp)
                for i in batch { _ = backprop(mlp, data, i, weight: options.actionWeights?[data.actions[i]] ?? 1, &gradient, &scratch) }
                adam.step(&mlp, gradient, scale: 1 / Float(batch.count), learningRate: options.learningRate)
                start += options.batchSize
            }
            let (loss, _) = evaluate(mlp, data, validation.isEmpty ? training : validation, weights: options.actionWeights)
            if loss < bestLoss - 1e-9 {
                bestLoss = loss
                best = mlp
                bestEpoch = epoch
            }
        }
        let (_, validationAccuracy) = evaluate(best, data, validation.isEmpty ? training : validation)
        let (_, trainingAccuracy) = evaluate(best, data, training)
        return (best, TrainingReport(samples: data.count, trainingSamples: training.count, validationSamples: validation.count, epochs: epoch,
                                     bestEpoch: bestEpoch, validationLoss: bestLoss, validationAccuracy: validationAccuracy,
                                     trainingAccuracy: trainingAccuracy))
    }

    /// Mean loss (weighted by the teacher's action) and accuracy (teacher's action chosen) over `samples`.
    static func evaluate(_ mlp: MLP, _ data: TrainingData, _ samples: [Int], weights: [Float]? = nil) -> (Double, Double) {
        guard !samples.isEmpty else { return (0, 0) }
        var loss = 0.0, correct = 0
        for i in samples {
            let logits = mlp.referenceForward(data.row(i))
            let (l, argmax) = maskedSoftmax(logits, data, i).lossAndChoice
            loss += l * Double(weights?[data.actions[i]] ?? 1)
            if argmax == data.actions[i] { correct += 1 }
        }
        return (loss / Double(samples.count), Double(correct) / Double(samples.count))
    }

    /// Softmax over the allowed actions of sample `i`.
    static func maskedSoftmax(_ logits: [Float], _ data: TrainingData, _ i: Int) -> (probabilities: [Float], lossAndChoice: (Double, Int)) {
        let mask = data.masks[(i * data.actionCount)..<((i + 1) * data.actionCount)]
        var top = -Float.infinity, choice = -1
        for (a, allowed) in zip(0..., mask) where allowed && logits[a] > top { top = logits[a]; choice = a }
        var p = [Float](repeating: 0, count: data.actionCount)
        var sum: Float = 0
        for (a, allowed) in zip(0..., mask) where allowed {
            p[a] = exp(logits[a] - top)
            sum += p[a]
        }
        for a in 0..<p.count { p[a] /= sum }
        let target = data.actions[i]
        return (p, (-Double(log(max(p[target], 1e-12))), choice))
    }

    /// Adds sample `i`'s gradient, times `weight`, to `gradient`; returns its loss.
    static func backprop(_ mlp: MLP, _ data: TrainingData, _ i: Int, weight: Float, _ gradient: inout Gradient, _ s: inout Scratch) -> Double {
        let x = data.row(i)
        let acts = mlp.activations(x)
        let (p, (loss, _)) = maskedSoftmax(acts[acts.count - 1], data, i)
        // d loss / d logits = p − onehot (allowed actions only).
        var delta = p
        delta[data.actions[i]] -= 1
        if weight != 1 { for o in delta.indices { delta[o] *= weight } }
        for l in stride(from: mlp.layers.count - 1, through: 0, by: -1) {
            let layer = mlp.layers[l]
            let input = l == 0 ? x : acts[l - 1]
            for o in 0..<layer.outputs where delta[o] != 0 {
                gradient.bias[l][o] += delta[o]
                let row = o * layer.inputs
                for k in 0..<layer.inputs { gradient.weights[l][row + k] += delta[o] * input[k] }
            }
            guard l > 0 else { break }
            var back = s.buffers[l]
            for k in 0..<layer.inputs { back[k] = 0 }
            for o in 0..<layer.outputs where delta[o] != 0 {
                let row = o * layer.inputs
                for k in 0..<layer.inputs { back[k] += layer.weights[row + k] * delta[o] }
            }
            // ReLU: no gradient where the activation was zero.
            for k in 0..<layer.inputs where input[k] <= 0 { back[k] = 0 }
            s.buffers[l] = back
            delta = back
        }
        return loss
    }

    /// Per-layer buffers (the gradient at each layer's input) reused across samples.
    struct Scratch {
        var buffers: [[Float]]
        init(_ mlp: MLP) { buffers = mlp.layers.map { [Float](repeating: 0, count: $0.inputs) } }
    }

    struct Gradient {
        var weights: [[Float]]
        var bias: [[Float]]
        init(_ mlp: MLP) {
            weights = mlp.layers.map { [Float](repeating: 0, count: $0.weights.count) }
            bias = mlp.layers.map { [Float](repeating: 0, count: $0.outputs) }
        }
    }

    /// Adam (Kingma & Ba) with the usual β1 = 0.9, β2 = 0.999.
    struct Adam {
        var m: Gradient, v: Gradient
        var t: Float = 0
        init(_ mlp: MLP) { m = Gradient(mlp); v = Gradient(mlp) }

        mutating func step(_ mlp: inout MLP, _ g: Gradient, scale: Float, learningRate: Float) {
            t += 1
            let b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8
            let c1 = 1 - pow(b1, t), c2 = 1 - pow(b2, t)
            func update(_ w: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float]) {
                for i in w.indices {
                    let gi = g[i] * scale
                    m[i] = b1 * m[i] + (1 - b1) * gi
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi
                    w[i] -= learningRate * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
                }
            }
            for l in mlp.layers.indices {
                update(&mlp.layers[l].weights, g.weights[l], &m.weights[l], &v.weights[l])
                update(&mlp.layers[l].bias, g.bias[l], &m.bias[l], &v.bias[l])
            }
        }
    }
}

/// SplitMix64: the trainer's seeded generator.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in (0, 1).
    mutating func unit() -> Float { (Float(next() >> 40) + 0.5) / Float(1 << 24) }
    /// Standard normal (Box–Muller).
    mutating func normal() -> Float { (-2 * log(unit())).squareRoot() * cos(2 * .pi * unit()) }
    mutating func shuffle(_ a: inout [Int]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, Int(next() % UInt64(i + 1))) }
    }
}
