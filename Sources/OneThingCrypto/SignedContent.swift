/// The canonical content a message signature covers, defined once for every signer and
/// verifier (the hub, `deptsim`, `hubd sign` for kcat users) and documented in the
/// OneThingHub article "SpecDecisions" and `Topics/asyncapi.json`.
///
/// The bytes are, in this order, each *field* written as its length in bytes (decimal
/// ASCII), a colon, the bytes, and a newline (`5:hello\n`):
///
/// 1. the constant `onething-signature-v1` (a field);
/// 2. the Kafka message key (a field; no key is the empty field `0:\n`);
/// 3. the number of covered headers, in decimal (a field);
/// 4. for each covered header, sorted by name (byte order): its name (a field) and its
///    value (a field; a null header value is the empty field);
/// 5. the value (a field; a null value is the empty field).
///
/// Covered headers are `content-type` and every header whose name starts with `ce_`,
/// except `ce_signature` itself: the CloudEvents attributes and extensions, including
/// `ce_signer`, `ce_sigalg`, `ce_requestdigest` and any extension added later. Other
/// headers (tracing, the hub's forwarding marks) may be added on the way without
/// breaking the signature. A covered header given twice makes the content ambiguous
/// (which one does a reader take?), so it cannot be signed and does not verify.
///
/// Lengths make the form unambiguous without escaping: no two different messages have
/// the same canonical bytes, whatever bytes their key, headers and value hold.
public struct SignedContent: Sendable {
    /// The header names that are covered: `content-type` and `ce_*` but `ce_signature`.
    public static func isCovered(_ name: String) -> Bool {
        name != MessageSignature.signatureHeader && (name == "content-type" || name.hasPrefix("ce_"))
    }

    /// The canonical bytes.
    public let bytes: [UInt8]

    /// The canonical form of a message; nil value or key count as empty.
    public init(key: [UInt8]?, headers: [(key: String, value: [UInt8]?)], value: [UInt8]?) throws(SignedContentError) {
        var covered: [(name: [UInt8], value: [UInt8])] = []
        for header in headers where Self.isCovered(header.key) {
            covered.append((Array(header.key.utf8), header.value ?? []))
        }
        covered.sort { $0.name.lexicographicallyPrecedes($1.name) }
        for index in covered.indices.dropFirst() where covered[index].name == covered[index - 1].name {
            throw .repeatedHeader(String(decoding: covered[index].name, as: UTF8.self))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + (key?.count ?? 0) + (value?.count ?? 0)
                              + covered.reduce(0) { $0 + $1.name.count + $1.value.count + 12 })
        Self.appendField(Array("onething-signature-v1".utf8), to: &bytes)
        Self.appendField(key ?? [], to: &bytes)
        Self.appendField(Array(String(covered.count).utf8), to: &bytes)
        for header in covered {
            Self.appendField(header.name, to: &bytes)
            Self.appendField(header.value, to: &bytes)
        }
        Self.appendField(value ?? [], to: &bytes)
        self.bytes = bytes
    }

    private static func appendField(_ field: [UInt8], to bytes: inout [UInt8]) {
        bytes.append(contentsOf: String(field.count).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: field)
        bytes.append(UInt8(ascii: "\n"))
    }
}

/// Why a message has no canonical form.
public enum SignedContentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A covered header appears more than once.
    case repeatedHeader(String)

    public var description: String {
        switch self {
        case .repeatedHeader(let name): "header \(name) appears more than once"
        }
    }
}
