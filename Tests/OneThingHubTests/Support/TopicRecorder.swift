import Foundation
import OneThingKafka

/// Reads topics from the beginning into memory (status, dead letters) for assertions.
final class TopicRecorder: Sendable {
    private let consumer: KafkaConsumer
    let messages = Collected<[ConsumedMessage]>([])
    private let task = Collected<Task<Void, Never>?>(nil)

    init(cluster: MockCluster, topics: [String]) throws {
        consumer = try KafkaConsumer(configuration: MockKafka.configuration(cluster), groupID: "recorder-\(UUID().uuidString)")
        try consumer.subscribe(topics: topics)
        let work = Task { [consumer, messages] in
            while !Task.isCancelled {
                guard let batch = try? await consumer.poll(maxMessages: 500, timeout: .milliseconds(20)) else { continue }
                if !batch.isEmpty { messages.update { $0 += batch } }
            }
        }
        task.update { $0 = work }
    }

    func on(_ topic: String) -> [ConsumedMessage] { messages.current.filter { $0.topic == topic } }

    func stop() async {
        task.current?.cancel()
        _ = await task.current?.value
        try? await consumer.close(timeout: .seconds(2))
    }
}
