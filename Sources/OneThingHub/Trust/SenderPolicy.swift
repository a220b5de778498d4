import Foundation

/// What the hub demands of one sender's signatures.
///
/// Real departments and channels join one at a time: while a sender's systems are being
/// changed, `verify-if-present` lets its unsigned messages through (each one counted in
/// `onething_unsigned_messages_total` and logged), while a signed one must still verify.
public enum SenderPolicy: String, Sendable, Equatable, CaseIterable {
    /// Unsigned or badly signed messages are dead letters (`bad-signature`). The default.
    case required
    /// Unsigned messages are accepted (counted and logged); a bad signature is still refused.
    case verifyIfPresent = "verify-if-present"
}

/// Each sender's policy: `required` unless configured otherwise.
///
/// Configured as `SENDER=POLICY` entries (`--signature-policy`, `ONETHING_SIGNATURE_POLICY`
/// as a comma-separated list), the sender being its `ce_source` (`/departments/hrss`,
/// `/channels/bank`) or `*` for every sender without an entry of its own. Note what an
/// unsigned message's sender is: for a reply, the department whose reply topic carried it
/// (known from the topic); for intake, the `ce_source` it claims, which nobody vouches
/// for, so `verify-if-present` for one channel is a door any writer of the intake topic
/// can use by claiming that channel's source, for as long as the migration lasts.
public struct SenderPolicies: Sendable, Equatable {
    public var bySender: [String: SenderPolicy]
    /// The policy of senders without an entry (`*`).
    public var fallback: SenderPolicy

    public init(bySender: [String: SenderPolicy] = [:], fallback: SenderPolicy = .required) {
        self.bySender = bySender
        self.fallback = fallback
    }

    public func policy(for sender: String) -> SenderPolicy {
        bySender[sender] ?? fallback
    }

    /// Reads `SENDER=POLICY` entries; a later entry for the same sender wins.
    public init(entries: [String]) throws(SenderPolicyError) {
        self.init()
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { throw .malformed(entry) }
            guard let policy = SenderPolicy(rawValue: parts[1]) else { throw .unknownPolicy(entry) }
            if parts[0] == "*" { fallback = policy } else { bySender[parts[0]] = policy }
        }
    }
}

/// A policy entry that cannot be read.
public enum SenderPolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case unknownPolicy(String)

    public var description: String {
        switch self {
        case .malformed(let entry): "signature policy \"\(entry)\" is not SENDER=POLICY"
        case .unknownPolicy(let entry):
            "signature policy \"\(entry)\" names no policy (\(SenderPolicy.allCases.map(\.rawValue).joined(separator: " or ")))"
        }
    }
}
