import Foundation
import OneThingExchange
import OneThingKafka
import OneThingSupport

/// One status snapshot as a channel reads it from the status topic.
public struct StatusSnapshot: Sendable, Hashable {
    public struct Matter: Sendable, Hashable {
        public let matter: String
        public let department: String
        public let state: String
        public let revision: Int
    }
    public let applicationID: String
    public let state: String
    public let event: String
    public let matter: String?
    public let outcome: String?
    public let matters: [Matter]
    public let errorCodes: [String]

    /// nil for anything that is not a status snapshot.
    public init?(data: [UInt8]) {
        guard let document = try? JSONValue(parsing: data), let id = document[path: "applicationId"]?.stringValue,
              let state = document[path: "state"]?.stringValue else { return nil }
        applicationID = id
        self.state = state
        event = document[path: "event"]?.stringValue ?? ""
        matter = document[path: "matter"]?.stringValue
        outcome = document[path: "outcome"]?.stringValue
        matters = (document[path: "matters"]?.arrayValue ?? []).compactMap { item in
            guard let code = item[path: "matter"]?.stringValue, let state = item[path: "state"]?.stringValue else { return nil }
            return Matter(matter: code, department: item[path: "department"]?.stringValue ?? "", state: state,
                          revision: Int(item[path: "revision"]?.intValue ?? 0))
        }
        errorCodes = (document[path: "errors"]?.arrayValue ?? []).compactMap { $0[path: "code"]?.stringValue }
    }

    /// The application states after which nothing changes any more.
    public static let terminalStates: Set<String> = ["completed", "partially-completed", "rejected", "withdrawn", "invalid"]
    public var isTerminal: Bool { Self.terminalStates.contains(state) }
}

/// What a channel learnt about one application from the status topic, with the instants
/// it saw each change (wall clock of this process).
public struct TrackedApplication: Sendable {
    public var state: String
    public var outcome: String?
    public var firstSeen: Date
    public var terminalAt: Date?
    public var events: [String: Int] = [:]
    /// Per matter: when it was first seen out for decision, when final, its final state.
    public var matters: [String: TrackedMatter] = [:]
}

public struct TrackedMatter: Sendable {
    public var department: String
    public var sentAt: Date?
    public var finalAt: Date?
    public var finalState: String?
}

/// Reads the flow's status topic from the beginning in a group of its own and keeps the
/// latest view of each application; `onSnapshot` sees every snapshot (on the tracker's
/// task) so a channel can react, e.g. answer a supplement request.
public final class StatusTracker: Sendable {
    private let flow: Flow
    private let consumer: KafkaConsumer
    private let onSnapshot: (@Sendable (StatusSnapshot) -> Void)?
    private let state = Locked(State())

    private struct State {
        var applications: [String: TrackedApplication] = [:]
        var loop: Task<Void, Never>?
        var stopping = false
    }

    public init(flow: Flow, configuration: KafkaConfiguration, groupID: String = "status-tracker-" + UUID().uuidString,
                onSnapshot: (@Sendable (StatusSnapshot) -> Void)? = nil) throws(SimulatorError) {
        self.flow = flow
        self.onSnapshot = onSnapshot
        consumer = try KafkaConsumer.quick(configuration, clientID: "status-tracker", groupID: groupID,
                                           topics: [flow.topics.status])
    }

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

    public var applications: [String: TrackedApplication] { state.withLock { $0.applications } }

    private func consume() async {
        while !state.withLock({ $0.stopping }) {
            guard let batch = try? await consumer.poll(maxMessages: 500, timeout: .milliseconds(100)) else {
                try? await Task.sleep(for: .milliseconds(100))
                continue
            }
            for message in batch {
                guard let event = try? CloudEventCodec.decode(headers: message.headers.map { ($0.key, $0.value) }, value: message.value),
                      event.type == flow.eventTypes.status, let snapshot = StatusSnapshot(data: event.data) else { continue }
                record(snapshot)
                onSnapshot?(snapshot)
            }
        }
    }

    private func record(_ snapshot: StatusSnapshot) {
        let now = Date()
        state.withLock { state in
            var tracked = state.applications[snapshot.applicationID]
                ?? TrackedApplication(state: snapshot.state, outcome: nil, firstSeen: now)
            tracked.state = snapshot.state
            tracked.outcome = snapshot.outcome ?? tracked.outcome
            tracked.events[snapshot.event, default: 0] += 1
            if snapshot.isTerminal, tracked.terminalAt == nil { tracked.terminalAt = now }
            for matter in snapshot.matters {
                var item = tracked.matters[matter.matter] ?? TrackedMatter(department: matter.department)
                switch matter.state {
                case "sent", "received", "supplement-required":
                    if item.sentAt == nil { item.sentAt = now }
                case "approved", "rejected", "cancelled":
                    if item.finalAt == nil {
                        item.finalAt = now
                        item.finalState = matter.state
                    }
                default: break
                }
                tracked.matters[matter.matter] = item
            }
            state.applications[snapshot.applicationID] = tracked
        }
    }
}
