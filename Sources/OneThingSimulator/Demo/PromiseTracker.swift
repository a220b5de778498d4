import Foundation
import OneThingExchange
import OneThingKafka
import OneThingSupport

/// Reads the promises' topics (evaluations, notifications, supervision) in a group of its
/// own and counts what the hub published there, for the demo's summary.
public final class PromiseTracker: Sendable {
    public struct Figures: Sendable, Hashable {
        public var evaluations = 0
        /// Evaluations at a level that opens a rectification (差评).
        public var badEvaluations = 0
        /// Notices per kind (`accepted`, `supplement`, outcomes).
        public var notices: [String: Int] = [:]
        /// Items listed in supplement notices (several requests can share one notice).
        public var supplementItems = 0
        /// Supervision events per name (`card-opened`, `rectification-closed`, ...).
        public var supervision: [String: Int] = [:]
        /// Cards opened per level.
        public var cardsByLevel: [String: Int] = [:]
    }

    private let policy: PromisePolicy
    private let consumer: KafkaConsumer
    private let state = Locked((figures: Figures(), loop: Task<Void, Never>?.none, stopping: false))

    /// nil when the flow makes no promises (no topics to read).
    public init?(flow: Flow, configuration: KafkaConfiguration, groupID: String) throws(SimulatorError) {
        guard let policy = flow.promises else { return nil }
        self.policy = policy
        consumer = try KafkaConsumer.quick(configuration, clientID: "promise-tracker", groupID: groupID, topics: policy.topics)
    }

    public var figures: Figures { state.withLock { $0.figures } }

    public func start() {
        state.withLock { state in
            guard state.loop == nil, !state.stopping else { return }
            state.loop = Task { [self] in await self.consume() }
        }
    }

    public func stop() async {
        let loop = state.withLock { state -> Task<Void, Never>? in
            state.stopping = true
            return state.loop
        }
        await loop?.value
        try? await consumer.close(timeout: .seconds(5))
    }

    private func consume() async {
        while !state.withLock({ $0.stopping }) {
            guard let batch = try? await consumer.poll(maxMessages: 500, timeout: .milliseconds(100)) else {
                try? await Task.sleep(for: .milliseconds(100))
                continue
            }
            for message in batch {
                guard let event = try? CloudEventCodec.decode(headers: message.headers.map { ($0.key, $0.value) }, value: message.value),
                      let body = try? JSONValue(parsing: event.data).objectValue else { continue }
                count(event.type, body)
            }
        }
    }

    private func count(_ type: String, _ body: JSONObject) {
        let bad = Set(policy.evaluations.levels.filter(\.opensRectification).map(\.code))
        state.withLock { state in
            switch type {
            case policy.types.evaluation:
                state.figures.evaluations += 1
                if let level = body["level"]?.stringValue, bad.contains(level) { state.figures.badEvaluations += 1 }
            case policy.types.notification:
                let kind = body["kind"]?.stringValue ?? "?"
                state.figures.notices[kind, default: 0] += 1
                if kind == "supplement" { state.figures.supplementItems += body["items"]?.arrayValue?.count ?? 0 }
            case policy.types.supervision:
                let event = body["event"]?.stringValue ?? "?"
                state.figures.supervision[event, default: 0] += 1
                if event == "card-opened", let level = body["card"]?.objectValue?["level"]?.stringValue {
                    state.figures.cardsByLevel[level, default: 0] += 1
                }
            default:
                break
            }
        }
    }
}
