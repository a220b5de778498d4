import Foundation
import OneThingExchange
import OneThingHub
import OneThingKafka
import OneThingSupport

/// The hub's logic alone (`HubLogicProbe`: routing and the engine, no Kafka, no SQLite)
/// over the benchmark's workload, with departments that approve at once.
///
/// In the full table it says how much of an application's CPU is the hub's own logic.
/// Alone (`onething-bench --logic-only`) it is synchronous and single-threaded, so under
/// valgrind's callgrind its instruction counts repeat exactly (the full benchmark's vary
/// with how its threads interleave): the run for comparing two builds.
struct BenchLogicPhase {
    struct Result {
        let figures: HubLogicProbe.Figures
        /// Of the run's CPU, what the departments' replies cost (encoded outside the
        /// hub's logic, on the same thread, so subtracted from `figures.cpu`).
        let answering: Duration

        var hubCPUPerApplication: Duration {
            (figures.cpu - answering) / max(1, figures.applications)
        }
    }

    let flow: Flow
    let applications: [BenchApplication]
    let timeScale: Double

    func run() throws -> Result {
        let approvals = try BenchApprovals(flow: flow)
        let intake = applications.enumerated().map { index, application in
            Self.consumed(application.message, offset: Int64(index))
        }
        var answering = Duration.zero
        var offset: Int64 = 0
        let probe = HubLogicProbe(engine: HubEngine(flow: flow, timeScale: timeScale))
        let figures = probe.run(intake: intake, now: Date()) { message in
            guard let department = approvals.departmentOfRequestTopic[message.topic],
                  message.header("ce_type") == flow.eventTypes.request,
                  let requestID = message.header("ce_id").flatMap(RequestID.init(parsing:)) else { return nil }
            let started = ThreadCPUClock.now()
            defer { answering += ThreadCPUClock.now() - started }
            let matter = message.header("ce_matter") ?? requestID.matter
            guard let reply = try? approvals.reply(department: department, matter: matter, requestID: requestID) else {
                return nil
            }
            offset += 1
            return Self.consumed(reply, offset: offset)
        }
        return Result(figures: figures, answering: answering)
    }

    /// An outgoing message as a consumer would receive it.
    static func consumed(_ message: OutgoingMessage, offset: Int64) -> ConsumedMessage {
        ConsumedMessage(topic: message.topic, partition: 0, offset: offset, key: message.key, value: message.value,
                        headers: message.headers, timestamp: nil)
    }
}

extension BenchLogicPhase {
    /// `--logic-only`: the workload generated here, the phase run, its own table.
    static func report(options: BenchOptions) throws -> BenchReport {
        let catalogue = try HubCatalogue.load(directory: options.catalogueDirectory)
        let flow = try HubCatalogue.servedFlow(of: catalogue)
        let applications = BenchWorkload.make(flow: flow, count: options.applications, prefix: "BT", seed: 1, withPlans: false)
        let result = try BenchLogicPhase(flow: flow, applications: applications, timeScale: options.timeScale).run()
        var report = BenchReport()
        result.addRows(to: &report, processCPUPerApplication: nil)
        report.notes = ["one thread, no Kafka, no SQLite: the run to count with valgrind --tool=callgrind."]
        return report
    }
}

extension BenchLogicPhase.Result {
    /// Every application reached `completed` and no message was refused: otherwise the
    /// CPU per application would divide part of a lifecycle by the whole count.
    var didWholeLifecycle: Bool { figures.completed == figures.applications && figures.deadLettered == 0 }

    func addRows(to report: inout BenchReport, processCPUPerApplication: Double?) {
        let perApplication = hubCPUPerApplication.inSeconds * 1e6
        var share = ""
        if let processCPUPerApplication, processCPUPerApplication > 0 {
            share = String(format: "; %.0f %% of the process CPU per application", perApplication / 1e6 / processCPUPerApplication * 100)
        }
        // No target of its own; marked ✗ only when the run did not do the whole lifecycle.
        report.add("logic.cpuMicrosecondsPerApplication", "logic: routing + engine per application (µs)",
                   String(format: "%.0f CPU", perApplication), number: perApplication,
                   target: "\(figures.applications) apps, \(figures.consumed) in, \(figures.produced) out, no Kafka/SQLite" + share,
                   met: didWholeLifecycle ? nil : false, headline: true)
    }
}
