import Foundation
import OneThingExchange
import OneThingHub
import OneThingStore

/// `hubd bench`: the hub's figures on librdkafka's mock cluster in this one process
/// (hub, departments that approve at once, a status reader), printed beside the targets.
///
/// Phases, in order (progress on stderr, the table on stdout):
/// 1. hub: `--applications` applications through their whole lifecycle, a window of
///    `--window` in flight; its messages in and out are counted with their sizes;
/// 2. limit: that volume replayed through the Kafka layer alone (`BenchRawLimit`);
/// 3. logic: the hub's routing and engine alone on this thread (`BenchLogicPhase`);
/// 4. latency: the hub's hop at half the completion rate of phase 1 (`BenchHops`);
/// 5. memory and resume (unless `--skip-restart`): stores pre-filled to 10,000 and to
///    `--restart-applications` applications; each time the hub starts on it, takes a
///    further batch of applications, and its start-to-consuming time and peak memory
///    are taken.
///
/// Profiling (`deploy/profile`): callgrind dies in the `sigsuspend` of Dispatch's main
/// thread, so the benchmark never gives the main thread to Dispatch (see main.swift):
/// callgrind follows a whole run, and `--logic-only` runs phase 3 alone on the main
/// thread.
enum BenchCommand {
    /// `--logic-only`, run on the calling (main) thread before Dispatch starts, so that
    /// callgrind can follow it; nil for every other form of the command.
    static func runSynchronously(_ arguments: [String]) -> Int32? {
        guard let options = try? BenchOptions.parse(arguments), options.logicOnly else { return nil }
        do {
            print(try BenchLogicPhase.report(options: options).render())
            return 0
        } catch {
            FileHandle.standardError.write(Data("hubd bench: \(error)\n".utf8))
            return 1
        }
    }

    static func run(_ arguments: [String]) async -> Int32 {
        let options: BenchOptions
        do {
            guard let parsed = try BenchOptions.parse(arguments) else {
                print(BenchOptions.usage)
                return 0
            }
            options = parsed
        } catch {
            FileHandle.standardError.write(Data("hubd bench: \(error.description)\n\n\(BenchOptions.usage)\n".utf8))
            return 2
        }
        do {
            if let path = options.storePhase {
                try await BenchStorePhase.runChild(options: options, path: path)
                return 0
            }
            let report = try await BenchSuite(options: options).run()
            print(report.render())
            return 0
        } catch {
            FileHandle.standardError.write(Data("hubd bench: \(error)\n".utf8))
            return 1
        }
    }
}

/// Runs the phases and fills the report.
struct BenchSuite {
    let options: BenchOptions

    func progress(_ text: String) {
        FileHandle.standardError.write(Data("bench: \(text)\n".utf8))
    }

    func run() async throws -> BenchReport {
        let catalogue = try HubCatalogue.load(directory: options.catalogueDirectory)
        let flow = try HubCatalogue.servedFlow(of: catalogue)
        let directory = try BenchFiles.temporaryDirectory()
        let interruption = BenchFiles.removeWhenInterrupted(directory)
        defer {
            interruption.cancel()
            try? FileManager.default.removeItem(atPath: directory)
        }
        var report = BenchReport()
        let cores = ProcessInfo.processInfo.activeProcessorCount

        // 1. The hub at full speed.
        let count = options.applications
        progress("generating \(count) applications")
        let applications = BenchWorkload.make(flow: flow, count: count, prefix: "BT", seed: 1, withPlans: false)
        let storePath = options.storePath ?? directory + "/throughput.sqlite"
        BenchFiles.removeStore(storePath)
        progress("phase hub: \(count) applications, window \(options.window), \(options.partitions) partitions per topic")
        BenchMemory.resetPeak()
        let hub = try await BenchHubRun(flow: flow, warmUp: BenchWorkload.warmUp(flow: flow, prefix: "BT"), applications: applications, pacing: .window(options.window),
                                        storePath: storePath, partitions: options.partitions,
                                        timeScale: options.timeScale, hubKafkaProperties: options.hubKafkaProperties, recording: false, batchSize: options.hubBatchSize).run()
        let peakHub = BenchMemory.peakResident
        progress("hub: \(hub.completed) completed, \(String(format: "%.1f", hub.applicationsPerSecond)) applications/s, "
                 + "in \(hub.hubIn.messages) out \(hub.hubOut.messages) messages in \(BenchReport.seconds(hub.busySeconds))")
        for problem in hub.problems { progress("problem: \(problem)") }

        // 2. The limit.
        progress("phase limit: \(hub.hubIn.messages + hub.hubOut.messages) messages through the Kafka layer alone")
        let rawLimit = BenchRawLimit(inbound: hub.hubIn, outbound: hub.hubOut, partitions: options.partitions,
                                     window: 20_000, hubKafkaProperties: options.hubKafkaProperties)
        let raw = try await rawLimit.run()
        progress("limit: \(Int(raw.messagesPerSecond)) messages/s, at most \(raw.window) unread")

        // The hub's logic alone, for its share of the CPU.
        let logicCount = min(count, 5_000)
        progress("phase logic: \(logicCount) applications through routing and the engine alone")
        let logic = try BenchLogicPhase(flow: flow, applications: Array(applications.prefix(logicCount)),
                                        timeScale: options.timeScale).run()

        // 3. Latency at half load.
        let halfRate = options.latencyRate.map(Double.init) ?? max(1, hub.applicationsPerSecond / 2)
        let latencyCount = min(count, max(200, Int(halfRate * 10)))
        progress("phase latency: \(latencyCount) applications at \(String(format: "%.0f", halfRate))/s")
        let paced = BenchWorkload.make(flow: flow, count: latencyCount, prefix: "BL", seed: 2, withPlans: true)
        let latency = try await BenchHubRun(flow: flow, warmUp: BenchWorkload.warmUp(flow: flow, prefix: "BL"), applications: paced, pacing: .rate(halfRate),
                                            storePath: directory + "/latency.sqlite", partitions: options.partitions,
                                            timeScale: options.timeScale, hubKafkaProperties: options.hubKafkaProperties, recording: true, batchSize: options.hubBatchSize).run()
        var plans: [String: MatterPlan] = [:]
        for application in paced { plans[application.id] = application.plan }
        let hopList = BenchHops.milliseconds(events: latency.events, plans: plans, flow: flow)
        let hubSideHops = BenchHops.hubSide(latency.deliveredRequests, plans: plans, flow: flow)
        let hops = BenchDistribution(hubSideHops.map(\.milliseconds))
        let hopUntilCommitted = BenchDistribution(hubSideHops.map(\.untilCommitted))
        let departmentView = BenchDistribution(hopList.map(\.total))
        let hubSide = BenchDistribution(hopList.map(\.toHubProduce))
        for problem in latency.problems { progress("problem: \(problem)") }

        // The mock's own latency, for reading the hop: one idle trip, and bursts.
        progress("phase mock reference: one idle trip, and a burst's acknowledgement")
        let trip = BenchDistribution(try await BenchKafkaTrip(partitions: options.partitions, messages: 100,
                                                              interval: .milliseconds(10)).run())
        let spreadBurst = try await BenchKafkaBurst(records: 100, topics: 6, partitions: options.partitions,
                                                    producerProperties: HubService.producerDefaults.merging(options.hubKafkaProperties) { $1 }).run()
        let singleBurst = try await BenchKafkaBurst(records: 100, topics: 1, partitions: 1,
                                                    producerProperties: HubService.producerDefaults.merging(options.hubKafkaProperties) { $1 }).run()

        // The limit again, minutes later: this machine's speed drifts (the limit alone has
        // measured 210,000-558,000 msg/s), and a ratio is only worth reading when the two
        // agree (within 15 %, a rule of thumb well inside that two-fold drift). The ratio
        // keeps the first, measured right after the hub.
        progress("phase limit again: is the machine's speed the same as after the hub phase?")
        let rawAgain = try await rawLimit.run()
        progress("limit again: \(Int(rawAgain.messagesPerSecond)) messages/s")

        // 4 and 5. Memory with pre-filled stores, and resume (each in a child process).
        var storePhases: [(prefilled: Int, result: BenchStorePhaseResult, prefillSeconds: Double, prefillBytes: Int)] = []
        if !options.skipRestart, let sample = hub.sample {
            let batch = min(count, 5_000)
            for prefilled in [10_000, options.restartApplications] {
                let path = directory + "/prefilled-\(prefilled).sqlite"
                progress("phase store: pre-filling \(prefilled) completed applications")
                let prefillSeconds = try BenchPrefill.fill(path: path, count: prefilled, template: sample)
                let prefillBytes = BenchFiles.storeBytes(path)
                progress("phase store: hub on \(prefilled) stored applications, \(batch) more through it (child process)")
                let result = try BenchStorePhase.spawn(options: options, path: path, applications: batch)
                storePhases.append((prefilled, result, prefillSeconds, prefillBytes))
                for problem in result.problems { progress("problem: \(problem)") }
            }
        }

        // The table.
        let limitRate = raw.messagesPerSecond
        report.add("limit: Kafka layer alone (msg/s)", BenchReport.rate(limitRate),
                   target: "\(raw.messages) msgs, in \(hub.hubIn.meanBytes) B / out \(hub.hubOut.meanBytes) B mean")
        report.add("hub: applications completed/s", BenchReport.rate(hub.applicationsPerSecond),
                   target: ">= 1000", met: hub.applicationsPerSecond >= 1000 && hub.completed == count)
        report.add("hub: completed / submitted", "\(hub.completed) / \(count)", target: "all", met: hub.completed == count)
        report.add("hub: Kafka msg/s in + out", BenchReport.rate(hub.hubMessagesPerSecond),
                   target: "in \(hub.hubIn.messages), out \(hub.hubOut.messages) in \(BenchReport.seconds(hub.busySeconds))")
        let cost = hub.processing
        report.add("hub: cost per consumed message (µs)", String(format: "%.0f CPU", cost.cpuMicrosecondsPerMessage),
                   target: String(format: "wall %.0f µs; %d batches of %.0f mean; routing + transaction", cost.wallMicrosecondsPerMessage,
                                  cost.batches, Double(cost.messages) / Double(max(1, cost.batches))))
        report.add("process CPU per application (ms)", String(format: "%.2f", hub.processCPUSeconds * 1000 / Double(max(1, count))),
                   target: String(format: "hub + departments + Kafka; %.2f of %d cores busy", hub.processCPUSeconds / max(0.001, hub.busySeconds), cores))
        logic.addRows(to: &report, processCPUPerApplication: hub.processCPUSeconds / Double(max(1, count)))
        let writes = hub.storeWrites
        report.add("hub: WAL pages written per application", String(format: "%.1f", Double(writes.pagesWritten) / Double(max(1, count))),
                   target: String(format: "%.1f per consumed message; %d transactions of %.0f pages",
                                  Double(writes.pagesWritten) / Double(max(1, hub.hubIn.messages)), writes.transactions,
                                  Double(writes.pagesWritten) / Double(max(1, writes.transactions))))
        let ratio = limitRate > 0 ? hub.hubMessagesPerSecond / limitRate : 0
        report.add("hub / limit", String(format: "%.1f %%", ratio * 100), target: ">= 30 %", met: ratio >= 0.30)
        let drift = limitRate > 0 ? (rawAgain.messagesPerSecond / limitRate - 1) * 100 : 0
        report.add("  the limit again, after the latency phase", BenchReport.rate(rawAgain.messagesPerSecond),
                   target: String(format: "%+.0f %%: ", drift)
                       + (abs(drift) <= 15 ? "the machine's speed held" : "the machine's speed moved; compare with care"))
        // What the 30 % target leaves per message (the cores' CPU over that message rate),
        // beside what the logic alone (no Kafka, no SQLite) and the whole process spend now:
        // the row that says whether the target is a matter of tuning on this machine.
        let logicMessages = Double(max(1, logic.figures.consumed + logic.figures.produced))
        let logicPerMessage = logic.hubCPUPerApplication.inSeconds * 1e6 * Double(logic.figures.applications) / logicMessages
        let processPerMessage = hub.processCPUSeconds * 1e6 / Double(max(1, hub.hubIn.messages + hub.hubOut.messages))
        report.add("  CPU per message at 30 % of the limit", String(format: "%.1f µs", Double(cores) / max(1, 0.30 * limitRate) * 1e6),
                   target: String(format: "for everything, on %d cores; now: logic alone %.1f µs, whole process %.1f µs",
                                  cores, logicPerMessage, processPerMessage))
        report.add("hop at \(BenchReport.rate(halfRate)) apps/s: p50 (ms)", BenchReport.milliseconds(hops.percentile(50)),
                   target: "\(hops.count) hops")
        report.add("hop: p90 (ms)", BenchReport.milliseconds(hops.percentile(90)))
        if let p99 = hops.percentile(99) {
            report.add("hop: p99 (ms)", BenchReport.milliseconds(p99), target: "<= 20", met: p99 <= 20)
        } else {
            report.add("hop: p99 (ms)", "n/a", target: "<= 20", met: false)
        }
        report.add("hop: max (ms)", BenchReport.milliseconds(hops.max))
        report.add("  poll -> transaction committed p50/p99", BenchReport.milliseconds(hopUntilCommitted.percentile(50)) + " / "
                   + BenchReport.milliseconds(hopUntilCommitted.percentile(99)), target: "routing, engine, store; the rest: linger, ack, report")
        let pacedCost = latency.processing, pacedBatches = Double(max(1, pacedCost.batches))
        report.add("  batches at this load", String(format: "%.0f msgs", Double(pacedCost.messages) / pacedBatches),
                   target: String(format: "mean; %.1f ms wall, %.1f ms CPU each (routing + transaction)",
                                  pacedCost.wallSeconds * 1000 / pacedBatches, pacedCost.cpuSeconds * 1000 / pacedBatches))
        report.add("  department's view p50/p99 (ms)", BenchReport.milliseconds(departmentView.percentile(50)) + " / "
                   + BenchReport.milliseconds(departmentView.percentile(99)), target: "reply sent -> request polled, \(departmentView.count) hops")
        report.add("  reply sent -> hub produced request p50/p99", BenchReport.milliseconds(hubSide.percentile(50)) + " / "
                   + BenchReport.milliseconds(hubSide.percentile(99)), target: "CreateTime, ms wall clock")
        report.add("mock: one idle Kafka trip p50 / p99 (ms)",
                   BenchReport.milliseconds(trip.percentile(50)) + " / " + BenchReport.milliseconds(trip.percentile(99)),
                   target: "producer send -> consumer poll")
        report.add("mock: 100-record burst acked (ms)", BenchReport.milliseconds(spreadBurst),
                   target: "6 topics x \(options.partitions) partitions; 1 partition: \(BenchReport.milliseconds(singleBurst)) ms")
        report.add("peak resident, whole process (hub run)", BenchReport.mebibytes(peakHub), target: "hub + departments + reader")
        report.add("store per application", "\(hub.storeBytes / max(1, count)) B",
                   target: "\(BenchReport.mebibytes(hub.storeBytes)) for \(count), after checkpoint")
        for phase in storePhases {
            report.add("store \(phase.prefilled): peak resident (child)", BenchReport.mebibytes(phase.result.peakResident),
                       target: "\(phase.result.completed) more apps at \(BenchReport.rate(phase.result.applicationsPerSecond))/s; "
                           + "file \(BenchReport.mebibytes(phase.prefillBytes)), filled in \(BenchReport.seconds(phase.prefillSeconds))")
        }
        if storePhases.count == 2 {
            let small = storePhases[0].result.peakResident, large = storePhases[1].result.peakResident
            let flat = large - small <= max(16 * 1_048_576, small / 5)
            report.add("memory independent of store size", (large >= small ? "+" : "-") + BenchReport.mebibytes(abs(large - small)),
                       target: "<= max(16 MiB, 20 %)", met: flat)
        }
        if let last = storePhases.last {
            report.add("resume with \(last.prefilled) stored (start->first msg)", BenchReport.seconds(last.result.firstStatusSeconds),
                       target: "< 5 s", met: last.result.firstStatusSeconds < 5)
            report.add("  of which HubService(options:)", BenchReport.seconds(last.result.initSeconds),
                       target: "empty store: \(BenchReport.seconds(hub.firstStatusSeconds)) / \(BenchReport.seconds(hub.initSeconds))")
        } else {
            report.add("start->first msg, empty store", BenchReport.seconds(hub.firstStatusSeconds), target: "resume skipped")
        }
        report.notes = [
            "mock cluster in process, \(options.partitions) partitions per topic, \(cores) cores; departments approve at once, in process.",
            "hub rate: from the warm-up application's completion (all 5 departments touched) to the last application terminal; messages in = intake + replies, out = requests + statuses.",
            "hop: the hub's poll returns the batch holding a reply -> the delivery report of the request that reply released;",
            "     the department's view adds two Kafka trips on the mock (reply to the hub, request to the department).",
        ]
        if !hub.otherTerminal.isEmpty { report.notes.append("non-completed terminal states: \(hub.otherTerminal)") }
        return report
    }
}
