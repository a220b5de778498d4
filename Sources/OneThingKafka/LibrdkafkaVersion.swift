import CRdKafka

/// A librdkafka release, as `rd_kafka_version()` numbers it (`0xMMmmrrpp`).
///
/// Why it is checked at run time: the headers the package was built against say nothing
/// about the shared library the dynamic linker loads. A host with Debian 12's own
/// librdkafka (2.0.2) beside the one `deploy/setup` installs may load the old one, which
/// cannot finish the handshake with current brokers (no KIP-482 tagged fields,
/// librdkafka #4278): clients would start and then fail in ways that do not name the
/// cause. Every client therefore refuses to start on a library older than `minimum`.
public struct LibrdkafkaVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let revision: Int

    public init(major: Int, minor: Int, revision: Int) {
        self.major = major
        self.minor = minor
        self.revision = revision
    }

    /// Reads `rd_kafka_version()`'s number (the pre-release byte is ignored).
    public init(number: Int32) {
        let bits = UInt32(bitPattern: number)
        self.init(major: Int(bits >> 24 & 0xff), minor: Int(bits >> 16 & 0xff), revision: Int(bits >> 8 & 0xff))
    }

    /// The oldest librdkafka this layer works with (KIP-482 tagged fields, #4278).
    public static let minimum = LibrdkafkaVersion(major: 2, minor: 2, revision: 0)

    /// The first release that pushes client metrics to brokers that ask for them (KIP-714,
    /// `enable.metrics.push`, on by default). Every client here turns it off: the hub has
    /// metrics of its own (the ops port), and a client that pushes them waits, when it is
    /// destroyed, up to a second for a last push that may never go out (the consumer's
    /// close has just dropped the connection it would use). Older releases do not know
    /// the property and would refuse it.
    public static let clientMetricsPush = LibrdkafkaVersion(major: 2, minor: 5, revision: 0)

    /// The library this process has loaded.
    public static var installed: LibrdkafkaVersion { LibrdkafkaVersion(number: rd_kafka_version()) }

    /// Throws `KafkaError.Kind.unsupportedLibrary`, naming both versions, when
    /// `installed` is older than `minimum`.
    public static func requireSupported(installed: LibrdkafkaVersion = .installed) throws(KafkaError) {
        guard installed < minimum else { return }
        throw KafkaError(kind: .unsupportedLibrary,
                         message: "librdkafka \(installed) is loaded, but \(minimum) or newer is needed "
                             + "(older releases cannot talk to current brokers); install a newer librdkafka "
                             + "(deploy/setup builds one) and make sure the dynamic linker finds it first")
    }

    public var description: String { "\(major).\(minor).\(revision)" }

    public static func < (lhs: LibrdkafkaVersion, rhs: LibrdkafkaVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.revision) < (rhs.major, rhs.minor, rhs.revision)
    }
}
