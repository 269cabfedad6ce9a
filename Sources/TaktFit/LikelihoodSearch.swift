import Foundation

/// The maximum of a smooth log-likelihood of a few parameters that has no closed form.
///
/// Newton's method with central-difference derivatives (9 evaluations a step in two
/// dimensions) and backtracking: from a start near the maximum (the fit that
/// ignores censoring) it converges in a handful of steps, where Nelder–Mead took
/// some 600 evaluations, each a sum over the censored values. Where the Hessian
/// is not negative definite it steps along the gradient; where no step climbs,
/// Nelder–Mead finishes from the best point found.
enum LikelihoodSearch {
    /// The point near `start` where `f` is greatest; `steps` sizes Nelder–Mead's first simplex if it is needed.
    static func maximize(from start: [Double], steps: [Double], _ f: ([Double]) -> Double) -> [Double] {
        precondition(start.count == 2, "two parameters")
        var x = start
        var fx = f(x)
        guard fx.isFinite else { return NelderMead.minimize(from: start, steps: steps) { -f($0) } }
        for _ in 0..<100 {
            let h = x.map { 1e-5 * (1 + abs($0)) }
            func at(_ a: Double, _ b: Double) -> Double { f([x[0] + a * h[0], x[1] + b * h[1]]) }
            let (p0, m0, p1, m1) = (at(1, 0), at(-1, 0), at(0, 1), at(0, -1))
            let (pp, pm, mp, mm) = (at(1, 1), at(1, -1), at(-1, 1), at(-1, -1))
            let g = [(p0 - m0) / (2 * h[0]), (p1 - m1) / (2 * h[1])]
            let a = (p0 - 2 * fx + m0) / (h[0] * h[0]), d = (p1 - 2 * fx + m1) / (h[1] * h[1])
            let b = (pp - pm - mp + mm) / (4 * h[0] * h[1])
            let determinant = a * d - b * b
            guard [g[0], g[1], a, b, d].allSatisfy(\.isFinite) else { break }
            // Newton's step −H⁻¹g when H is negative definite, else the gradient scaled to a small step.
            var step: [Double]
            if a < 0 && determinant > 0 {
                step = [-(d * g[0] - b * g[1]) / determinant, -(a * g[1] - b * g[0]) / determinant]
            } else {
                let norm = max((g[0] * g[0] + g[1] * g[1]).squareRoot(), 1e-300)
                step = [0.1 * g[0] / norm, 0.1 * g[1] / norm]
            }
            var climbed = false
            for _ in 0..<40 {
                let next = [x[0] + step[0], x[1] + step[1]]
                let fn = f(next)
                if fn.isFinite && fn >= fx {
                    climbed = fn > fx || step == [0, 0]
                    x = next
                    fx = fn
                    break
                }
                step = step.map { $0 / 2 }
            }
            let small = zip(step, x).allSatisfy { abs($0) <= 1e-10 * (1 + abs($1)) }
            if small { return x }
            if !climbed { break }
        }
        return NelderMead.minimize(from: x, steps: steps.map { $0 / 100 }) { -f($0) }
    }
}

/// Nelder and Mead's simplex search for a minimum, where Newton's method does not
/// climb; standard coefficients (reflection 1, expansion 2, contraction ½,
/// shrink ½), restarted once from its answer so a collapsed simplex does not stop
/// it short.
enum NelderMead {
    /// The point near `start` where `f` is least; `steps` sets the first simplex's size in each coordinate.
    static func minimize(from start: [Double], steps: [Double], maxEvaluations: Int = 4000, _ f: ([Double]) -> Double) -> [Double] {
        var best = start
        for _ in 0..<2 { best = search(from: best, steps: steps, maxEvaluations: maxEvaluations / 2, f) }
        return best
    }

    private static func search(from start: [Double], steps: [Double], maxEvaluations: Int, _ f: ([Double]) -> Double) -> [Double] {
        let n = start.count
        func value(_ p: [Double]) -> Double {
            let v = f(p)
            return v.isNaN ? .infinity : v
        }
        var points = [start] + (0..<n).map { i -> [Double] in
            var p = start
            p[i] += steps[i] == 0 ? 1e-3 : steps[i]
            return p
        }
        var values = points.map(value)
        var evaluations = n + 1
        func mix(_ a: [Double], _ b: [Double], _ t: Double) -> [Double] { zip(a, b).map { $0 + t * ($1 - $0) } }
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            let spread = abs(values[n] - values[0])
            let size = (1...n).map { j in zip(points[j], points[0]).map { abs($0 - $1) / (1 + abs($1)) }.max()! }.max()!
            if spread <= 1e-13 * (abs(values[0]) + 1e-300) && size <= 1e-9 { break }
            let centroid = (0..<n).map { i in points[0..<n].reduce(0) { $0 + $1[i] } / Double(n) }
            let reflected = mix(centroid, points[n], -1)
            let r = value(reflected); evaluations += 1
            if r < values[0] {
                let expanded = mix(centroid, points[n], -2)
                let e = value(expanded); evaluations += 1
                (points[n], values[n]) = e < r ? (expanded, e) : (reflected, r)
            } else if r < values[n - 1] {
                (points[n], values[n]) = (reflected, r)
            } else {
                let contracted = r < values[n] ? mix(centroid, reflected, 0.5) : mix(centroid, points[n], 0.5)
                let c = value(contracted); evaluations += 1
                if c < min(r, values[n]) {
                    (points[n], values[n]) = (contracted, c)
                } else {
                    for j in 1...n {
                        points[j] = mix(points[0], points[j], 0.5)
                        values[j] = value(points[j])
                    }
                    evaluations += n
                }
            }
        }
        return points[values.indices.min { values[$0] < values[$1] }!]
    }
}
