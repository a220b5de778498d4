import Foundation

extension HubService {
    /// The options' trust, telling the metrics and the log of each unsigned message a
    /// `verify-if-present` policy lets through: the migration's progress is the count
    /// going to zero, and the log names who still sends unsigned.
    static func observingUnsigned(_ trust: MessageTrust, options: HubServiceOptions) -> MessageTrust {
        var observed = trust
        let metrics = options.metrics, logger = options.logger.with([.string("component", "trust")])
        observed.onUnsignedAccepted = { sender, topic in
            metrics?.unsignedMessage(sender: sender)
            logger.warning("unsigned message accepted (policy verify-if-present)",
                           [.string("sender", sender), .string("topic", topic)])
        }
        return observed
    }
}
