import Foundation
import Testing
import OneThingCrypto

@Suite struct MessageSignatureTests {
    typealias Headers = [(key: String, value: [UInt8]?)]

    static func headers(_ pairs: [(String, String)]) -> Headers {
        pairs.map { (key: $0.0, value: Optional(Array($0.1.utf8))) }
    }

    static let reply = headers([
        ("ce_specversion", "1.0"), ("ce_id", "R1"), ("ce_source", "/departments/hrss"),
        ("ce_type", "gov.onething.retirement.reply"), ("ce_inreplyto", "GX-1:M05:r1"),
        ("content-type", "application/json"), ("traceparent", "00-abc"),
    ])

    /// The documented layout, byte for byte: fields are length-prefixed, covered headers
    /// sorted, other headers left out.
    @Test func canonicalFormIsTheDocumentedOne() throws {
        let content = try SignedContent(key: Array("GX-1".utf8),
                                        headers: Self.headers([("ce_id", "R1"), ("x-trace", "t"), ("content-type", "a/b"),
                                                               ("ce_signature", "ignored")]),
                                        value: Array("{}".utf8))
        let expected = "21:onething-signature-v1\n4:GX-1\n1:2\n5:ce_id\n2:R1\n12:content-type\n3:a/b\n2:{}\n"
        #expect(String(decoding: content.bytes, as: UTF8.self) == expected)
        #expect(try SignedContent(key: nil, headers: [], value: nil).bytes
                == SignedContent(key: [], headers: [], value: []).bytes)
    }

    @Test func lengthsKeepDifferentMessagesApart() throws {
        let one = try SignedContent(key: Array("a".utf8), headers: Self.headers([("ce_id", "b")]), value: [])
        let two = try SignedContent(key: Array("ab".utf8), headers: Self.headers([("ce_id", "")]), value: [])
        #expect(one.bytes != two.bytes)
    }

    @Test func repeatedCoveredHeaderHasNoCanonicalForm() {
        #expect(throws: SignedContentError.repeatedHeader("ce_id")) {
            _ = try SignedContent(key: nil, headers: Self.headers([("ce_id", "1"), ("ce_id", "2")]), value: nil)
        }
    }

    @Test(arguments: SignatureAlgorithm.allCases)
    func signedMessageVerifiesAndAnyChangeBreaksIt(algorithm: SignatureAlgorithm) throws {
        let hrss = try PrivateKey.generate(algorithm), police = try PrivateKey.generate(algorithm)
        let ring = try PublicKeyRing(keys: ["/departments/hrss": hrss.publicKey(), "/departments/police": police.publicKey()])
        let key = Array("GX-1".utf8), value = Array("{\"approved\":true}".utf8)
        let signature = try MessageSignature.sign(key: key, headers: Self.reply, value: value, signer: "/departments/hrss",
                                                  with: hrss)
        #expect(signature.map(\.key) == ["ce_signer", "ce_sigalg", "ce_signature"])
        let signed = Self.reply + signature.map { (key: $0.key, value: Optional($0.value)) }
        #expect(MessageSignature.verify(key: key, headers: signed, value: value, ring: ring) == .valid(signer: "/departments/hrss"))
        // Headers outside the covered set may be added on the way.
        #expect(MessageSignature.verify(key: key, headers: signed + Self.headers([("onething_origin_topic", "x")]), value: value,
                                        ring: ring) == .valid(signer: "/departments/hrss"))

        var tamperedValue = value
        tamperedValue[2] ^= 0x20
        #expect(Self.isInvalid(MessageSignature.verify(key: key, headers: signed, value: tamperedValue, ring: ring)))
        #expect(Self.isInvalid(MessageSignature.verify(key: Array("GX-2".utf8), headers: signed, value: value, ring: ring)))
        let otherRequest = signed.map { $0.key == "ce_inreplyto" ? (key: $0.key, value: Optional(Array("GX-2:M05:r1".utf8))) : $0 }
        #expect(Self.isInvalid(MessageSignature.verify(key: key, headers: otherRequest, value: value, ring: ring)))
        // Claiming to be another signer: that signer's key does not verify it.
        let claimed = signed.map { $0.key == "ce_signer" ? (key: $0.key, value: Optional(Array("/departments/police".utf8))) : $0 }
        #expect(Self.isInvalid(MessageSignature.verify(key: key, headers: claimed, value: value, ring: ring)))
        #expect(MessageSignature.verify(key: key, headers: Self.reply, value: value, ring: ring) == .unsigned)
        let unknown = try MessageSignature.sign(key: key, headers: Self.reply, value: value, signer: "/departments/hpf", with: hrss)
        #expect(MessageSignature.verify(key: key, headers: Self.reply + unknown.map { (key: $0.key, value: Optional($0.value)) },
                                        value: value, ring: ring)
                == .invalid(reason: "no public key for signer /departments/hpf in the keys folder"))
    }

    /// Signing a message that already carries signature headers replaces them.
    @Test func signingAgainReplacesTheSignature() throws {
        let key = try PrivateKey.generate(.sm2)
        let ring = try PublicKeyRing(keys: ["/hub": key.publicKey()])
        let first = try MessageSignature.sign(key: nil, headers: Self.reply, value: [1], signer: "/hub", with: key)
        let withFirst = Self.reply + first.map { (key: $0.key, value: Optional($0.value)) }
        let second = try MessageSignature.sign(key: nil, headers: withFirst, value: [1], signer: "/hub", with: key)
        let resigned = Self.reply + second.map { (key: $0.key, value: Optional($0.value)) }
        #expect(MessageSignature.verify(key: nil, headers: resigned, value: [1], ring: ring) == .valid(signer: "/hub"))
    }

    static func isInvalid(_ verdict: SignatureVerdict) -> Bool {
        if case .invalid = verdict { return true }
        return false
    }
}
