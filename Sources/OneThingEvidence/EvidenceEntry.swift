import Foundation
import OneThingStore

/// What a new row of the evidence log says, before it is linked into the chain.
public struct EvidenceEntry: Sendable, Hashable {
    public var at: Date
    public var kind: EvidenceRecord.Kind
    public var applicationID: String?
    public var topic: String?
    public var eventType: String?
    public var eventID: String?
    public var signer: String
    public var digest: String
    public var signature: String?
    public var algorithm: String?

    public init(at: Date, kind: EvidenceRecord.Kind, applicationID: String? = nil, topic: String? = nil,
                eventType: String? = nil, eventID: String? = nil, signer: String, digest: String,
                signature: String? = nil, algorithm: String? = nil) {
        self.at = at
        self.kind = kind
        self.applicationID = applicationID
        self.topic = topic
        self.eventType = eventType
        self.eventID = eventID
        self.signer = signer
        self.digest = digest
        self.signature = signature
        self.algorithm = algorithm
    }

    /// The entry for a Kafka message: its `ce_type`, `ce_id`, signer (`ce_signer` when
    /// signed, else `ce_source`, else `fallbackSigner`), its own signature if it has one,
    /// and the SM3 digest of its signed content.
    public static func message(_ kind: EvidenceRecord.Kind, at: Date, applicationID: String?, topic: String,
                               key: [UInt8]?, headers: [(key: String, value: [UInt8]?)], value: [UInt8]?,
                               fallbackSigner: String) throws -> EvidenceEntry {
        try message(kind, at: at, applicationID: applicationID, topic: topic, headers: headers, fallbackSigner: fallbackSigner,
                    digest: EvidenceDigest.message(key: key, headers: headers, value: value))
    }

    /// `message`, with the digest already computed (`EvidenceDigest.message` of the same
    /// key, headers and value): the hub digests a batch's messages off its serial path.
    public static func message(_ kind: EvidenceRecord.Kind, at: Date, applicationID: String?, topic: String,
                               headers: [(key: String, value: [UInt8]?)], fallbackSigner: String,
                               digest: String) -> EvidenceEntry {
        func header(_ name: String) -> String? {
            headers.first { $0.key == name }?.value.map { String(decoding: $0, as: UTF8.self) }
        }
        return EvidenceEntry(at: at, kind: kind, applicationID: applicationID, topic: topic,
                             eventType: header("ce_type"), eventID: header("ce_id"),
                             signer: header("ce_signer") ?? header("ce_source") ?? fallbackSigner,
                             digest: digest,
                             signature: header("ce_signature"), algorithm: header("ce_sigalg"))
    }
}
