import Foundation
import OneThingExchange
import OneThingKafka
import OneThingSupport

/// Reads the status topic as a channel would and notes when each application reaches a
/// terminal state. It scans the snapshot's bytes for `"state":"..."` instead of parsing
/// the JSON: it shares the process (and the two cores) with the hub it measures.
final class BenchStatusWatcher: Sendable {
    struct Figures: Sendable {
        var statuses = BenchTally()
        var completed = 0
        var otherTerminal: [String: Int] = [:]
        var firstStatusAt: BenchInstant?
        var lastTerminalAt: BenchInstant?
        var assigned = false
        var problems: [String] = []
        var terminal: Int { completed + otherTerminal.values.reduce(0, +) }
    }

    private let consumer: KafkaConsumer
    private let state: Locked<State>

    private struct State {
        var figures = Figures()
        var finished: Set<String> = []
        var stopping = false
        var loop: Task<Void, Never>?
    }

    init(flow: Flow, bootstrapServers: String) throws {
        var configuration = KafkaConfiguration(bootstrapServers: bootstrapServers)
        configuration.clientID = "bench-status"
        configuration.sessionTimeout = .seconds(6)
        configuration.properties = ["fetch.wait.max.ms": "5", "socket.nagle.disable": "true"]
        let state = Locked(State())
        self.state = state
        consumer = try KafkaConsumer.bench(configuration, groupID: "bench-status", topics: [flow.topics.status]) {
            state.withLock { $0.figures.assigned = true }
        }
    }

    func start() {
        state.withLock { state in
            guard state.loop == nil else { return }
            state.loop = Task.detached { [self] in await self.consume() }
        }
    }

    var figures: Figures { state.withLock { $0.figures } }

    func stop() async {
        let loop = state.withLock { state -> Task<Void, Never>? in
            state.stopping = true
            return state.loop
        }
        await loop?.value
        try? await consumer.close(timeout: .seconds(3))
    }

    private static let terminal: Set<String> = ["completed", "partially-completed", "rejected", "withdrawn", "invalid"]

    private func consume() async {
        while !state.withLock({ $0.stopping }) {
            let batch: [ConsumedMessage]
            do {
                batch = try await consumer.poll(maxMessages: 2000, timeout: .milliseconds(20))
            } catch {
                state.withLock { if $0.figures.problems.count < 20 { $0.figures.problems.append("poll: \(error.description)") } }
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            guard !batch.isEmpty else { continue }
            let now = BenchClock.now()
            var seen: [(id: String, state: String)] = []
            var tally = BenchTally()
            for message in batch {
                tally.add(bytes: BenchSizes.bytes(message))
                guard let value = message.value, let stateText = Self.applicationState(in: value), Self.terminal.contains(stateText) else { continue }
                let id = message.key.map { String(decoding: $0, as: UTF8.self) } ?? ""
                seen.append((id, stateText))
            }
            state.withLock { state in
                state.figures.statuses = state.figures.statuses + tally
                if state.figures.firstStatusAt == nil { state.figures.firstStatusAt = now }
                for (id, stateText) in seen where state.finished.insert(id).inserted {
                    if stateText == "completed" { state.figures.completed += 1 } else { state.figures.otherTerminal[stateText, default: 0] += 1 }
                    state.figures.lastTerminalAt = now
                }
            }
        }
    }

    /// The value of the first `"state":"` in the snapshot (the hub writes the
    /// application's state before the matters' states).
    static func applicationState(in bytes: [UInt8]) -> String? {
        let needle = Array("\"state\":\"".utf8)
        guard bytes.count > needle.count else { return nil }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == needle[0] {
                var match = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] { match = false; break }
                if match {
                    let start = index + needle.count
                    var end = start
                    while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += 1 }
                    return String(decoding: bytes[start..<end], as: UTF8.self)
                }
            }
            index += 1
        }
        return nil
    }
}
