/// The MSER-5 truncation rule for the warm-up period (White, 1997; Hoad,
/// Robinson & Davies, 2010): batch the output series into means of five,
/// and delete the first d batches where d minimizes the marginal standard
/// error of the rest, MSER(d) = Σ_{i>d} (Y_i − Ȳ_d)² ÷ (k − d)², over d in
/// the first half of the k batches.
public enum MSER {
    /// The observations to delete from the start of `series` (a multiple of
    /// `batch`), or nil when the minimum falls at the end of the first half
    /// (the series shows no steady state within it) or there are fewer than
    /// four batches.
    public static func truncation(_ series: [Double], batch: Int = 5) -> Int? {
        let k = series.count / batch
        guard k >= 4 else { return nil }
        var means = [Double](repeating: 0, count: k)
        for b in 0..<k {
            var sum = 0.0
            for i in (b * batch)..<((b + 1) * batch) { sum += series[i] }
            means[b] = sum / Double(batch)
        }
        // Suffix sums give every d's mean and sum of squares in one pass from the end.
        var sum = 0.0, squares = 0.0
        var best = 0, bestValue = Double.infinity
        var statistic = [Double](repeating: .infinity, count: k)
        for d in stride(from: k - 1, through: 0, by: -1) {
            sum += means[d]
            squares += means[d] * means[d]
            let n = Double(k - d)
            let deviation = max(0, squares - sum * sum / n)
            statistic[d] = deviation / (n * n)
        }
        for d in 0...(k / 2) where statistic[d] < bestValue {
            best = d
            bestValue = statistic[d]
        }
        // A minimum at the end of the searched half means the true one may lie beyond it: no answer.
        guard best < k / 2 else { return nil }
        return best * batch
    }
}
