import Foundation
import TaktDigest
import Testing

/// SHA-256 and HMAC-SHA256 against the published test vectors.
@Suite("Digests")
struct DigestTests {
    @Test("SHA-256 of FIPS 180-4's examples, whole and in pieces")
    func sha256() {
        #expect(SHA256.hex(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(of: Data(long.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var pieces = SHA256()
        pieces.update(data: Data(long.prefix(20).utf8))
        pieces.update(data: Data(long.dropFirst(20).utf8))
        #expect(pieces.finalize().hex == SHA256.hex(of: Data(long.utf8)))
    }

    @Test("HMAC-SHA256 of RFC 4231's test cases 1 and 2")
    func hmac() {
        let one = HMACSHA256.code(for: Data("Hi There".utf8), key: [UInt8](repeating: 0x0b, count: 20))
        #expect(one.hex == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let two = HMACSHA256.code(for: Data("what do ya want for nothing?".utf8), key: Array("Jefe".utf8))
        #expect(two.hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
