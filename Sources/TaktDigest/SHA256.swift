import CLibCrypto
import Foundation

/// SHA-256 digests (FIPS 180-4) through the system's libcrypto: the content
/// hashes of plant, experiment and policy files.
public struct SHA256 {
    private var input = Data()

    /// A digest over nothing yet; `update` adds bytes.
    public init() {}

    /// Adds `data` to what the digest covers.
    public mutating func update(data: Data) { input.append(data) }

    /// The 32-byte digest of everything added.
    public func finalize() -> [UInt8] { Self.hash(data: input) }

    /// The 32-byte digest of `data`.
    public static func hash(data: Data) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let done = data.withUnsafeBytes { bytes in
            EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil)
        }
        precondition(done == 1 && length == 32, "libcrypto's SHA-256 failed")
        return Array(digest.prefix(32))
    }

    /// The digest of `data` in lower-case hex (64 digits).
    public static func hex(of data: Data) -> String { hash(data: data).hex }
}

/// HMAC-SHA256 (RFC 2104) through the system's libcrypto: keyed hashes of names in exported data.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func code(for message: Data, key: [UInt8]) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = message.withUnsafeBytes { bytes in
            key.withUnsafeBytes { keyBytes in
                HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count,
                     &code, &length)
            }
        }
        precondition(result != nil && length == 32, "libcrypto's HMAC-SHA256 failed")
        return Array(code.prefix(32))
    }
}

extension Sequence<UInt8> {
    /// The bytes in lower-case hex, two digits each.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
