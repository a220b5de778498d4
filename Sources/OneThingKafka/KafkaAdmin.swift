import CRdKafka
import Foundation

/// What a topic should look like when created.
public struct TopicSpecification: Sendable {
    public var name: String
    public var partitions: Int32
    public var replicationFactor: Int16
    /// Topic configs, e.g. `["cleanup.policy": "compact"]`.
    public var configs: [String: String]

    public init(name: String, partitions: Int32, replicationFactor: Int16, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

public struct TopicMetadata: Sendable, Hashable {
    public let name: String
    public let partitionCount: Int

    public init(name: String, partitionCount: Int) {
        self.name = name
        self.partitionCount = partitionCount
    }
}

/// Topic administration. Each request runs on the admin's own thread: CreateTopics posts
/// its result to a private queue that this thread waits on; metadata is a blocking call.
public final class KafkaAdmin: Sendable {
    private let handle: KafkaHandle
    private let thread: KafkaClientThread

    public init(configuration: KafkaConfiguration) throws(KafkaError) {
        handle = try NativeConfiguration.makeHandle(
            type: RD_KAFKA_PRODUCER, properties: configuration.adminProperties,
            context: LogOnlyContext(logHandler: configuration.logHandler))
        thread = KafkaClientThread(name: "kafka-admin")
    }

    deinit {
        let handle = self.handle
        thread.stop { handle.destroy() }
    }

    /// Creates the topics; one that already exists counts as created.
    public func createTopics(_ topics: [TopicSpecification], timeout: Duration) async throws(KafkaError) {
        guard !topics.isEmpty else { return }
        let handle = self.handle
        let result: Result<Void, KafkaError> = await thread.perform("admin") {
            guard let rk = handle.pointerForOwner else { return .failure(.closed("admin")) }
            return AdminRequests.createTopics(rk, topics, timeout: timeout)
        }
        try result.get()
    }

    /// Every topic the cluster reports, internal ones excluded, sorted by name.
    public func listTopics(timeout: Duration) async throws(KafkaError) -> [TopicMetadata] {
        let handle = self.handle
        let result: Result<[TopicMetadata], KafkaError> = await thread.perform("admin") {
            guard let rk = handle.pointerForOwner else { return .failure(.closed("admin")) }
            return AdminRequests.listTopics(rk, timeout: timeout)
        }
        return try result.get()
    }
}

/// The blocking admin calls; run only on the admin's thread.
enum AdminRequests {
    static func createTopics(_ rk: OpaquePointer, _ specs: [TopicSpecification],
                             timeout: Duration) -> Result<Void, KafkaError> {
        var errstr = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for spec in specs {
            guard let topic = rd_kafka_NewTopic_new(spec.name, spec.partitions,
                                                    Int32(spec.replicationFactor), &errstr, errstr.count) else {
                return .failure(KafkaError(kind: .configuration,
                                           message: "topic \(spec.name): \(String(errstr: errstr))"))
            }
            newTopics.append(topic)
            for (name, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                let error = rd_kafka_NewTopic_set_config(topic, name, value)
                if error != RD_KAFKA_RESP_ERR_NO_ERROR {
                    return .failure(KafkaError(error, detail: "topic \(spec.name) config \(name)=\(value)"))
                }
            }
        }
        guard let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS) else {
            return .failure(KafkaError(kind: .fatal, message: "cannot allocate admin options"))
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.milliseconds, &errstr, errstr.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.milliseconds, &errstr, errstr.count)
        guard let queue = rd_kafka_queue_new(rk) else {
            return .failure(KafkaError(kind: .fatal, message: "cannot allocate a result queue"))
        }
        defer { rd_kafka_queue_destroy(queue) }

        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(rk, buffer.baseAddress, buffer.count, options, queue)
        }
        // The request times out inside librdkafka; the extra second only covers delivery.
        guard let event = rd_kafka_queue_poll(queue, (timeout + .seconds(1)).milliseconds) else {
            return .failure(KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, detail: "no CreateTopics result within \(timeout)"))
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        if eventError != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = rd_kafka_event_error_string(event).map { String(cString: $0) }
            return .failure(KafkaError(eventError, detail: "CreateTopics failed: \(text ?? "")"))
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            return .failure(KafkaError(kind: .other, message: "CreateTopics returned an unexpected event"))
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return .success(()) }
        for index in 0..<count {
            guard let topicResult = results[index] else { continue }
            let error = rd_kafka_topic_result_error(topicResult)
            if error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { continue }
            let name = rd_kafka_topic_result_name(topicResult).map { String(cString: $0) } ?? ""
            let text = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? ""
            return .failure(KafkaError(error, detail: "cannot create topic \(name): \(text)"))
        }
        return .success(())
    }

    static func listTopics(_ rk: OpaquePointer, timeout: Duration) -> Result<[TopicMetadata], KafkaError> {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let error = rd_kafka_metadata(rk, 1, nil, &metadata, timeout.milliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            return .failure(KafkaError(error, detail: "cannot fetch cluster metadata within \(timeout)"))
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        var topics: [TopicMetadata] = []
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = metadata.pointee.topics[index]
            guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR, let name = topic.topic else { continue }
            let text = String(cString: name)
            if text.hasPrefix("__") { continue }
            topics.append(TopicMetadata(name: text, partitionCount: Int(topic.partition_cnt)))
        }
        return .success(topics.sorted { $0.name < $1.name })
    }
}
