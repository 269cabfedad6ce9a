/// "Did you mean" suggestions for misspelled keys and names.
public enum Suggestion {
    /// The longest word a suggestion is looked for: the distance costs |a|·|b|, and
    /// a hostile file's names can be megabytes long; mistyped names are short.
    static let maxWordLength = 100

    /// The candidate closest to `word` by edit distance, if it is close enough
    /// to be a plausible typo (at most a third of the word's length, at least 1);
    /// else one that `word` shortens or lengthens ('ship' for 'shipped', 'loading'
    /// for 'load': at least three letters in common at the start), the nearest in length.
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        guard word.count <= maxWordLength else { return nil }
        let limit = max(1, word.count / 3)
        var best: (String, Int)?
        var stem: (String, Int)?
        let lower = word.lowercased()
        for candidate in candidates {
            let other = candidate.lowercased()
            // Lengths further apart than the limit are further apart in edits too.
            if abs(candidate.count - word.count) <= limit {
                let d = editDistance(lower, other)
                if d <= limit, d < (best?.1 ?? .max) { best = (candidate, d) }
            }
            let shorter = min(lower.count, other.count), apart = abs(other.count - lower.count)
            if shorter >= 3, other != lower, other.hasPrefix(lower) || lower.hasPrefix(other), apart < (stem?.1 ?? .max) { stem = (candidate, apart) }
        }
        return best?.0 ?? stem?.0
    }

    /// " (did you mean 'x'?)" or "".
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Edit distance with swaps of neighbouring letters as one edit (optimal string alignment):
    /// "wled" is one edit from "weld", as a typist would count it. O(|a|·|b|) time, O(|b|) memory.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = Array(repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], beforePrevious[j - 2] + 1) }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
