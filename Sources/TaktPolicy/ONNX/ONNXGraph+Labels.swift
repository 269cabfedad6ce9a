/// A classifier's class labels, for the import's note. Class k scores action
/// k whatever its label, so labels other than 0, 1, 2, … (scikit-learn sorts
/// them: 1…8, or slot10 before slot3) are listed in action order, and a model
/// trained on action numbers off by one, or on names, shows it.
extension ONNXGraph {
    /// The class labels the graph names, in class order (at most `maxLabels`):
    /// a tree classifier's `classlabels_*`, a ZipMap's keys, or the constant an
    /// ArrayFeatureExtractor picks the label from (numbers or strings). Empty
    /// when it names none (a PyTorch network, a regressor).
    func classLabels() -> [String] {
        for node in nodes {
            switch node.op {
            case "TreeEnsembleClassifier", "ZipMap":
                if let ints = node.attribute("classlabels_int64s")?.ints, !ints.isEmpty {
                    return ints.prefix(Self.maxLabels).map { "\($0)" }
                }
                if let strings = node.attribute("classlabels_strings")?.strings, !strings.isEmpty {
                    return strings.prefix(Self.maxLabels).map(Self.label)
                }
            case "ArrayFeatureExtractor":
                guard let name = node.inputs.first else { continue }
                if let labels = strings[name] { return labels }
                if let numbers = constants[name] {
                    return numbers.values.prefix(Self.maxLabels).map { v in Int64(exactly: v).map { "\($0)" } ?? "\(v)" }
                }
            default:
                continue
            }
        }
        return []
    }

    /// "the classifier's class labels (…) are actions 0…n−1 in that order: …",
    /// unless the labels are exactly 0, 1, 2, … in order, or there are none (nil).
    func labelNote() -> String? {
        let labels = classLabels()
        guard !labels.isEmpty, labels != labels.indices.map({ "\($0)" }) else { return nil }
        let shown = labels.count <= 10 ? labels.joined(separator: ", ") : labels.prefix(8).joined(separator: ", ") + ", …, " + labels.last!
        return "the classifier's class labels (\(shown)) are actions 0…\(labels.count - 1) in that order: "
            + "class k scores action k, whatever its label"
    }
}
