import OneThingCrypto
import OneThingKafka

/// What the signature of one consumed message says, before anything else reads it.
///
/// Checked on the raw message (key, headers, value), before decoding, so a message whose
/// signature fails changes nothing, not even an `invalid` status for the key it names.
/// `package` for the router and the benchmark's logic probe.
package enum InboundAuthentication: Sendable, Equatable {
    /// Signed by `signer`, whose key verified it and who may write this topic. The
    /// decoded event's `ce_source` must still be `signer` (see `InboundRouter`).
    case signed(by: String)
    /// Not signed, let through by the sender's `verify-if-present` policy.
    case unsignedAccepted(sender: String)
    /// A dead letter `bad-signature`.
    case refused(DeadLetterVerdict)
}

extension MessageTrust {
    /// Authenticates a message of the intake topic (`replyDepartment` nil), of a
    /// department's reply topic, or of the orders topic (`orders`: administrators'
    /// orders, signed by an operator). `key` is the key it was signed with (a forwarded
    /// copy carries its original key in a header, see `Forwarding`).
    package func authenticate(_ message: ConsumedMessage, key: [UInt8]?, topic: String,
                              replyDepartment: String?, orders: Bool = false) -> InboundAuthentication {
        let headers = message.headers.map { (key: $0.key, value: $0.value) }
        switch MessageSignature.verify(key: key, headers: headers, value: message.value, ring: ring) {
        case .valid(let signer):
            if orders {
                guard signer.hasPrefix(Self.operatorPrefix) else {
                    return .refused(Self.badSignature("Orders must be signed by an operator (\(Self.operatorPrefix)...), not by \(signer)."))
                }
            } else if let replyDepartment {
                let expected = Self.departmentSigner(replyDepartment)
                guard signer == expected else {
                    return .refused(Self.badSignature("The reply is signed by \(signer), but only \(expected) may write \(topic)."))
                }
            } else if !signer.hasPrefix(Self.channelPrefix) {
                return .refused(Self.badSignature("Intake must be signed by a channel (\(Self.channelPrefix)...), not by \(signer)."))
            }
            return .signed(by: signer)
        case .invalid(let reason):
            return .refused(Self.badSignature("The signature cannot be accepted: \(reason)."))
        case .unsigned:
            let claimed = message.headers.first { $0.key == "ce_source" }?.value.map { String(decoding: $0, as: UTF8.self) }
            let sender = replyDepartment.map(Self.departmentSigner) ?? claimed ?? ""
            guard policies.policy(for: sender) == .verifyIfPresent else {
                return .refused(Self.badSignature(
                    "The message is not signed (no ce_signature), and \(sender.isEmpty ? "an unnamed sender" : sender) must sign."))
            }
            onUnsignedAccepted(sender, topic)
            return .unsignedAccepted(sender: sender)
        }
    }

    static func badSignature(_ reason: String) -> DeadLetterVerdict {
        DeadLetterVerdict(code: DeadLetterVerdict.badSignature, reason: reason)
    }
}
