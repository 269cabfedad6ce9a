/// The sample mean and variance of replication values, computed the one way
/// every procedure here computes them (two passes: the mean, then the squared
/// deviations from it), so their figures agree to the last bit.
enum SampleMoments {
    /// The mean of `xs`; NaN when there are none.
    static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }

    /// The unbiased sample variance of `xs` (at least two values).
    static func variance(_ xs: [Double]) -> Double {
        let m = mean(xs)
        return xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
    }
}
