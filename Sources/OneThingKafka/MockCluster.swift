import CRdKafka
import Foundation

/// librdkafka's in-process mock cluster: real 127.0.0.1 TCP listeners any client (even
/// another process) can reach, with fault injection. For tests and the embedded demo.
///
/// `rd_kafka_mock_cluster_new` needs an `rd_kafka_t`: a dedicated producer handle that
/// nothing else uses owns the cluster. `deinit` destroys the cluster, then that handle.
/// Broker ids are 1...brokers. A new group's initial rebalance delay is 100 ms.
///
/// The destruction runs on a thread of its own: `rd_kafka_mock_cluster_destroy` joins the
/// cluster's thread, which first closes every client connection, and the last reference
/// is often dropped on a Swift concurrency thread (a test bed going out of scope), which
/// must never block.
/// `logHandler` receives that handle's (and the mock brokers') log lines, errors only.
public final class MockCluster: Sendable {
    /// How much each mock partition keeps: past 5 MiB (or 100,000 messages) librdkafka's
    /// mock drops its oldest message sets (`rd_kafka_mock_partition_log_append`), and a
    /// consumer that had not read them yet is reset past them ("Offset out of range"),
    /// skipping messages. Not configurable through librdkafka's API, so whoever runs
    /// ahead of its consumers on the mock must stay under it. `package`: the benchmark's
    /// replay is the one caller that runs ahead on purpose.
    package static let retainedBytesPerPartition = 5 * 1024 * 1024
    package static let retainedMessagesPerPartition = 100_000

    private let handle: KafkaHandle
    private let cluster: MockClusterPointer
    public let bootstrapServers: String
    private let brokerCount: Int32

    public init(brokers: Int = 3,
                logHandler: (@Sendable (KafkaLogRecord) -> Void)? = nil) throws(KafkaError) {
        guard brokers > 0 else {
            throw KafkaError(kind: .configuration, message: "a mock cluster needs at least one broker, not \(brokers)")
        }
        let handle = try NativeConfiguration.makeHandle(
            type: RD_KAFKA_PRODUCER, properties: [("log_level", "3")],
            context: LogOnlyContext(logHandler: logHandler))
        let created: OpaquePointer? = try handle.withPointer("mock cluster") { rk in
            rd_kafka_mock_cluster_new(rk, Int32(clamping: brokers))
        }
        guard let created else {
            handle.destroy()
            throw KafkaError(kind: .fatal, message: "rd_kafka_mock_cluster_new failed for \(brokers) brokers")
        }
        self.handle = handle
        self.brokerCount = Int32(clamping: brokers)
        self.cluster = MockClusterPointer(created)
        self.bootstrapServers = rd_kafka_mock_cluster_bootstraps(created).map { String(cString: $0) } ?? ""
        // Real brokers wait 3 s for more members before a new group's first assignment;
        // in-process tests have no one to wait for.
        rd_kafka_mock_group_initial_rebalance_delay_ms(created, 100)
        MockListenerTuning.disableNagle(onListenersOf: bootstrapServers)
    }

    deinit {
        let cluster = self.cluster, handle = self.handle
        let destroyer = Thread {
            rd_kafka_mock_cluster_destroy(cluster.pointer)   // before the handle it runs on
            handle.destroy()
        }
        destroyer.name = "kafka-mock-destroy"
        destroyer.start()
    }

    /// Disconnects the broker and refuses new connections (leadership does not move).
    public func setBrokerDown(_ id: Int32) {
        _ = rd_kafka_mock_broker_set_down(cluster.pointer, id)
    }

    public func setBrokerUp(_ id: Int32) {
        _ = rd_kafka_mock_broker_set_up(cluster.pointer, id)
    }

    public func setRoundTripTime(broker: Int32, milliseconds: Int32) {
        _ = rd_kafka_mock_broker_set_rtt(cluster.pointer, broker, milliseconds)
    }

    /// The next requests with this API key (e.g. 0 = Produce) fail with these error codes, in order.
    public func pushRequestErrors(apiKey: Int16, errors: [Int32]) {
        let codes = errors.map { rd_kafka_resp_err_t($0) }
        codes.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster.pointer, apiKey, buffer.count, buffer.baseAddress)
        }
    }

    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32) throws(KafkaError) {
        // The mock accepts nonsense such as 0 partitions; refuse it here instead.
        guard partitions >= 1, replicationFactor >= 1, replicationFactor <= brokerCount else {
            throw KafkaError(kind: .configuration,
                             message: "mock topic \(name): \(partitions) partitions with replication factor "
                                 + "\(replicationFactor) is impossible on \(brokerCount) brokers")
        }
        let error = rd_kafka_mock_topic_create(cluster.pointer, name, partitions, replicationFactor)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(error, detail: "mock cluster cannot create topic \(name)")
        }
    }

    /// The next `count` requests with this API key (e.g. 0 = Produce) that broker `broker`
    /// serves fail with `code`. With a topic's partitions led by that broker alone (see
    /// `setPartitionLeader`) this refuses one topic and no other, e.g.
    /// TOPIC_AUTHORIZATION_FAILED as for a missing ACL. (`rd_kafka_mock_topic_set_error`
    /// would say it per topic, but librdkafka 2.8's producer crashes in
    /// `rd_kafka_topic_metadata_update` on such a metadata answer.)
    /// Each refusal takes `roundTripMilliseconds` to arrive.
    public func pushBrokerRequestErrors(broker: Int32, apiKey: Int16, code: Int32, count: Int,
                                        roundTripMilliseconds: Int32 = 0) {
        for _ in 0..<count {
            _ = onething_mock_broker_push_error(cluster.pointer, broker, apiKey, rd_kafka_resp_err_t(code), roundTripMilliseconds)
        }
    }

    /// Makes `broker` the coordinator of consumer group `group` (otherwise a hash of the
    /// name picks it), e.g. to keep a group joinable while another broker is down.
    public func setGroupCoordinator(_ group: String, broker: Int32) {
        _ = rd_kafka_mock_coordinator_set(cluster.pointer, "group", group, broker)
    }

    /// Moves a partition's leadership (e.g. to a broker that is about to go down).
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) {
        _ = rd_kafka_mock_partition_set_leader(cluster.pointer, topic, partition, broker)
    }
}

/// The cluster pointer; librdkafka's mock API is thread-safe (it posts to the cluster thread).
private struct MockClusterPointer: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
}
