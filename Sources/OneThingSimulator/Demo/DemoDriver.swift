import Foundation
import OneThingCrypto
import OneThingExchange
import OneThingKafka
import OneThingSupport

/// A live view of a demonstration run, for the progress line.
public struct DemoProgress: Sendable {
    public let submitted: Int
    public let total: Int
    public let done: Int
    public let elapsed: Duration

    public var inFlight: Int { submitted - done }
    /// Applications finished per second so far.
    public var rate: Double {
        elapsed > .zero ? Double(done) / elapsed.inSeconds : 0
    }

    public var line: String {
        "done \(done)/\(total)  in flight \(inFlight)  \(String(format: "%.1f", rate)) applications/s  "
            + String(format: "%.1f s", elapsed.inSeconds)
    }
}

/// Plays the outside world of a demonstration against a running hub: simulated
/// departments, a channel submitting the plan's applications (binary and structured
/// mode), answering supplement requests with a `supplemented` event and withdrawing the
/// chosen applications, and a status reader that decides when everything is final.
public final class DemoDriver: Sendable {
    public let flow: Flow
    public let configuration: KafkaConfiguration
    public let plan: DemoPlan
    public let timeScale: Double
    /// The keys folder holding the demo channel's (`/channels/demo`) and every
    /// department's private key; nil: nothing is signed.
    public let keys: KeyDirectory?

    public init(flow: Flow, configuration: KafkaConfiguration, plan: DemoPlan, timeScale: Double, keys: KeyDirectory? = nil) {
        self.flow = flow
        self.configuration = configuration
        self.plan = plan
        self.timeScale = timeScale
        self.keys = keys
    }

    /// The demo channel's `ce_source`.
    public static let channelSource = "/channels/demo"

    /// Runs until every submitted application is final or `timeout` passes; calls
    /// `progress` about every `progressInterval`. `submissionsPerSecond` paces the
    /// channel (0: as fast as Kafka takes them), as real intake arrives over time.
    public func run(timeout: Duration, progressInterval: Duration = .milliseconds(250), submissionsPerSecond: Double = 0,
                    progress: @escaping @Sendable (DemoProgress) -> Void) async throws(SimulatorError) -> DemoReport {
        let producer: KafkaProducer
        do {
            var producerConfiguration = configuration
            producerConfiguration.clientID = "demo-channel"
            producer = try KafkaProducer(configuration: producerConfiguration)
        } catch {
            throw .kafka(KafkaErrorDescription(text: error.description))
        }
        let signature: SenderSignature?
        do {
            signature = try keys.map { keys throws(CryptoError) in try SenderSignature(signer: Self.channelSource, keys: keys) }
        } catch {
            throw .keys(error.description)
        }
        let channel = ChannelClient(flow: flow, producer: producer, source: Self.channelSource, signature: signature)
        let departments = try DepartmentSimulator(flow: flow, departments: flow.departments.map(\.code),
                                                  configuration: configuration, groupID: "demo-departments",
                                                  behaviour: plan.behaviour, keys: keys)
        let reactions = ChannelReactions(channel: channel, withdrawals: plan.withdrawals)
        let tracker = try StatusTracker(flow: flow, configuration: configuration, groupID: "demo-status") { snapshot in
            reactions.react(to: snapshot)
        }
        let promises = try PromiseTracker(flow: flow, configuration: configuration, groupID: "demo-promises")
        departments.start()
        tracker.start()
        promises?.start()

        let start = ContinuousClock.now
        let wallStart = Date()
        var submittedAt: [String: Date] = [:]
        var lastProgress = ContinuousClock.now
        let ids = Set(plan.applications.map(\.id))
        func done() -> Int { tracker.applications.filter { ids.contains($0.key) && $0.value.terminalAt != nil }.count }
        for (index, application) in plan.applications.enumerated() {
            if submissionsPerSecond > 0 {
                let due = start + .seconds(Double(index) / submissionsPerSecond)
                if due > ContinuousClock.now { try? await Task.sleep(until: due) }
            }
            let mode: CloudEventsMode = plan.structured.contains(application.id) ? .structured : .binary
            do {
                try await channel.submit(application.document, applicationID: application.id, mode: mode)
            } catch {
                reactions.problem("submitting \(application.id) failed: \(error)")
                continue
            }
            submittedAt[application.id] = Date()
            if ContinuousClock.now - lastProgress >= progressInterval {
                lastProgress = ContinuousClock.now
                progress(DemoProgress(submitted: submittedAt.count, total: plan.applications.count, done: done(),
                                      elapsed: ContinuousClock.now - start))
            }
        }
        let deadline = start + timeout
        while ContinuousClock.now < deadline {
            let finished = done()
            progress(DemoProgress(submitted: submittedAt.count, total: plan.applications.count, done: finished,
                                  elapsed: ContinuousClock.now - start))
            if finished >= submittedAt.count { break }
            try? await Task.sleep(for: progressInterval)
        }
        let elapsed = ContinuousClock.now - start
        // The evaluations of the last applications, and the rectifications they open, are
        // still on their way: give them a few seconds to show in the summary.
        let settle = ContinuousClock.now + .seconds(5)
        while let promises, ContinuousClock.now < settle {
            let figures = promises.figures
            let rectificationsOpen = (figures.supervision["rectification-opened"] ?? 0) - (figures.supervision["rectification-closed"] ?? 0)
            if figures.evaluations >= reactions.figures.evaluationsSent, rectificationsOpen <= 0 { break }
            try? await Task.sleep(for: .milliseconds(200))
        }
        await promises?.stop()
        await tracker.stop()
        await departments.stop()
        await producer.close(timeout: .seconds(5))
        return DemoReport(plan: plan, tracked: tracker.applications, submittedAt: submittedAt, startedAt: wallStart,
                          elapsed: elapsed, timeScale: timeScale, departments: departments.statistics,
                          channel: reactions.figures, flow: flow, promises: promises?.figures)
    }
}

/// The channel's side: answers supplement requests and withdraws chosen applications,
/// each once, without holding up the status reader (publishing runs in its own task).
final class ChannelReactions: Sendable {
    struct Figures: Sendable {
        var supplementsSent = 0
        var withdrawalsSent = 0
        var evaluationsSent = 0
        var problems: [String] = []
    }

    private let channel: ChannelClient
    private let withdrawals: Set<String>
    private let state = Locked((answered: Set<String>(), withdrawn: Set<String>(), evaluated: Set<String>(), figures: Figures()))

    init(channel: ChannelClient, withdrawals: Set<String>) {
        self.channel = channel
        self.withdrawals = withdrawals
    }

    var figures: Figures { state.withLock { $0.figures } }

    func problem(_ text: String) { state.withLock { $0.figures.problems.append(text) } }

    func react(to snapshot: StatusSnapshot) {
        guard !snapshot.isTerminal else {
            evaluate(snapshot)
            return
        }
        for matter in snapshot.matters where matter.state == "supplement-required" {
            let key = "\(snapshot.applicationID)|\(matter.matter)|\(matter.revision)"
            let first = state.withLock { $0.answered.insert(key).inserted }
            guard first else { continue }
            let changes: JSONValue = .object(JSONObject([("applicant", .object(JSONObject([
                ("address", .string("南宁市青秀区民族大道\(100 + matter.revision)号 (补正)")),
            ])))]))
            Task {
                do {
                    try await channel.supplement(applicationID: snapshot.applicationID, matter: matter.matter, changes: changes)
                    state.withLock { $0.figures.supplementsSent += 1 }
                } catch {
                    problem("supplementing \(snapshot.applicationID) failed: \(error)")
                }
            }
        }
        if withdrawals.contains(snapshot.applicationID) {
            let first = state.withLock { $0.withdrawn.insert(snapshot.applicationID).inserted }
            guard first else { return }
            Task {
                do {
                    try await channel.withdraw(applicationID: snapshot.applicationID, reason: "申请人撤回 the applicant changed plans")
                    state.withLock { $0.figures.withdrawalsSent += 1 }
                } catch {
                    problem("withdrawing \(snapshot.applicationID) failed: \(error)")
                }
            }
        }
    }

    /// The applicant evaluates a decided application once (好差评), as a channel would
    /// pass it on: mostly 非常满意 or 满意, one in ten 不满意 (which opens a rectification
    /// the simulated department then closes). Chosen by the id, so a run is repeatable.
    private func evaluate(_ snapshot: StatusSnapshot) {
        guard ["completed", "partially-completed", "rejected"].contains(snapshot.state),
              channel.flow.promises != nil,
              state.withLock({ $0.evaluated.insert(snapshot.applicationID).inserted }) else { return }
        let pick = snapshot.applicationID.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF } % 10
        let level = pick < 6 ? "非常满意" : pick < 8 ? "满意" : pick < 9 ? "基本满意" : "不满意"
        let comment = level == "不满意" ? "材料反复提交，等待时间长" : nil
        Task {
            do {
                try await channel.evaluate(applicationID: snapshot.applicationID, level: level, comment: comment)
                state.withLock { $0.figures.evaluationsSent += 1 }
            } catch {
                problem("evaluating \(snapshot.applicationID) failed: \(error)")
            }
        }
    }
}
