import CTaktKernels
import Foundation

/// Which dense kernels run: the portable scalar code, AVX2, or AVX-512 VNNI.
///
/// The best level the CPU supports is chosen at run time; the environment
/// variable `TAKT_KERNELS` (`scalar`, `avx2`, `avx512`) can lower it, for
/// comparisons and for tests of each path.
public enum KernelLevel: Int32, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case scalar = 0
    case avx2 = 1
    case avx512vnni = 2

    /// The best level this CPU supports.
    public static let supported = KernelLevel(rawValue: takt_cpu_level()) ?? .scalar

    /// The level in use: the supported one, lowered by `TAKT_KERNELS` if set.
    public static let current: KernelLevel = {
        let asked: KernelLevel? = switch ProcessInfo.processInfo.environment["TAKT_KERNELS"] {
        case "scalar": .scalar
        case "avx2": .avx2
        case "avx512": .avx512vnni
        default: nil
        }
        return min(asked ?? supported, supported)
    }()

    /// Every level this CPU can run.
    public static var available: [KernelLevel] { allCases.filter { $0 <= supported } }

    public static func < (a: KernelLevel, b: KernelLevel) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .scalar: "scalar"
        case .avx2: "avx2"
        case .avx512vnni: "avx512-vnni"
        }
    }
}
