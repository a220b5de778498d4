import Foundation
import OneThingSupport

extension BenchFindings {
    /// The report: every figure beside its target, in the order of the printed table.
    func report(options: BenchOptions) -> BenchReport {
        var report = BenchReport()
        addThroughputRows(to: &report)
        addSignatureRows(to: &report)
        Self.addLatencyRows(latency, to: &report)
        addKafkaRows(to: &report, partitions: options.partitions)
        addMemoryRows(to: &report)
        addStateTopicRows(to: &report)
        if !scaleOut.isEmpty {
            Self.addScaleOutRows(scaleOut, applications: options.scaleOutApplications, partitions: options.partitions, to: &report)
        }
        report.notes = [
            "mock cluster in process, \(options.partitions) partitions per topic, \(cores) cores; departments approve at once, in process.",
            "hub rate: from the warm-up application's completion (all 5 departments touched) to the last application terminal; messages in = intake + replies, out = requests + statuses + state records.",
            "hop: the hub's poll returns the batch holding a reply -> the delivery report of the request that reply released;",
            "     the department's view adds two Kafka trips on the mock (reply to the hub, request to the department).",
        ]
        if !hub.otherTerminal.isEmpty { report.notes.append("non-completed terminal states: \(hub.otherTerminal)") }
        return report
    }

    /// Applications that went through the throughput run, as a divisor.
    private var applications: Double { Double(max(1, count)) }

    private func addThroughputRows(to report: inout BenchReport) {
        let limitRate = limit.messagesPerSecond
        report.add("limit.messagesPerSecond", "limit: Kafka layer alone (msg/s)", BenchFormat.rate(limitRate), number: limitRate,
                   target: "\(limit.messages) msgs, in \(hub.hubIn.meanBytes) B / out \(hub.hubOut.meanBytes) B mean",
                   headline: true)
        report.add("hub.applicationsPerSecond", "hub: applications completed/s", BenchFormat.rate(hub.applicationsPerSecond),
                   number: hub.applicationsPerSecond, target: ">= 1000",
                   met: hub.applicationsPerSecond >= 1000 && hub.completed == count, headline: true)
        report.add("hub.completed", "hub: completed / submitted", "\(hub.completed) / \(count)", number: Double(hub.completed),
                   target: "all", met: hub.completed == count)
        report.add("hub.messagesPerSecond", "hub: Kafka msg/s in + out", BenchFormat.rate(hub.hubMessagesPerSecond),
                   number: hub.hubMessagesPerSecond,
                   target: "in \(hub.hubIn.messages), out \(hub.hubOut.messages) (\(hub.stateRecords.messages) state records) "
                       + "in \(BenchFormat.seconds(hub.busySeconds))")
        let cost = hub.processing
        report.add("hub.cpuMicrosecondsPerConsumedMessage", "hub: cost per consumed message (µs)",
                   String(format: "%.0f CPU", cost.cpuMicrosecondsPerMessage), number: cost.cpuMicrosecondsPerMessage,
                   target: String(format: "wall %.0f µs; %d batches of %.0f mean; routing + transaction", cost.wallMicrosecondsPerMessage,
                                  cost.batches, Double(cost.messages) / Double(max(1, cost.batches))))
        let processPerApplication = hub.processCPUSeconds * 1000 / applications
        report.add("process.cpuMillisecondsPerApplication", "process CPU per application (ms)",
                   String(format: "%.2f", processPerApplication), number: processPerApplication,
                   target: String(format: "hub + departments + Kafka; %.2f of %d cores busy",
                                  hub.processCPUSeconds / max(0.001, hub.busySeconds), cores),
                   headline: true)
        logic.addRows(to: &report, processCPUPerApplication: hub.processCPUSeconds / applications)
        let writes = hub.storeWrites
        let pages = Double(writes.pagesWritten) / applications
        report.add("store.walPagesPerApplication", "hub: WAL pages written per application", String(format: "%.1f", pages),
                   number: pages,
                   target: String(format: "%.1f per consumed message; %d transactions of %.0f pages",
                                  Double(writes.pagesWritten) / Double(max(1, hub.hubIn.messages)), writes.transactions,
                                  Double(writes.pagesWritten) / Double(max(1, writes.transactions))),
                   headline: true)
        let ratio = limitRate > 0 ? hub.hubMessagesPerSecond / limitRate : 0
        report.add("hub.shareOfLimit", "hub / limit", String(format: "%.1f %%", ratio * 100), number: ratio * 100,
                   target: ">= 30 %", met: ratio >= 0.30, headline: true)
        let drift = limitRate > 0 ? (limitAgain.messagesPerSecond / limitRate - 1) * 100 : 0
        report.add("limit.again.messagesPerSecond", "  the limit again, after the latency phase",
                   BenchFormat.rate(limitAgain.messagesPerSecond), number: limitAgain.messagesPerSecond,
                   target: String(format: "%+.0f %%: ", drift)
                       + (abs(drift) <= 15 ? "the machine's speed held" : "the machine's speed moved; compare with care"))
        // What the 30 % target leaves per message (the cores' CPU over that message rate),
        // beside what the logic alone (no Kafka, no SQLite) and the whole process spend now:
        // the row that says whether the target is a matter of tuning on this machine.
        let logicMessages = Double(max(1, logic.figures.consumed + logic.figures.produced))
        let logicPerMessage = logic.hubCPUPerApplication.inSeconds * 1e6 * Double(logic.figures.applications) / logicMessages
        let processPerMessage = hub.processCPUSeconds * 1e6 / Double(max(1, hub.hubIn.messages + hub.hubOut.messages))
        let budget = Double(cores) / max(1, 0.30 * limitRate) * 1e6
        report.add("limit.cpuBudgetMicrosecondsPerMessage", "  CPU per message at 30 % of the limit",
                   String(format: "%.1f µs", budget), number: budget,
                   target: String(format: "for everything, on %d cores; now: logic alone %.1f µs, whole process %.1f µs",
                                  cores, logicPerMessage, processPerMessage))
    }

    private func addSignatureRows(to report: inout BenchReport) {
        guard let signatures else { return }
        for cost in signatures.costs {
            let name = cost.algorithm == .sm2 ? "SM2/SM3" : "Ed25519"
            report.add("signature.\(cost.algorithm.rawValue).signMicroseconds", "signature: \(name) sign / verify per message (µs)",
                       String(format: "%.0f / %.0f CPU", cost.signMicroseconds, cost.verifyMicroseconds),
                       number: cost.signMicroseconds,
                       target: "a \(cost.messageBytes) B intake message, canonical form included; one thread",
                       headline: cost.algorithm == .sm2)
        }
        let on = signatures.on.applicationsPerSecond, off = signatures.off.applicationsPerSecond
        report.add("hub.signed.applicationsPerSecond", "hub: applications/s, signatures on / off",
                   "\(BenchFormat.rate(on)) / \(BenchFormat.rate(off))", number: on,
                   target: String(format: "%d applications each, back to back; on: SM2 at the channel, hub and departments (%+.0f %%)",
                                  signatures.count, off > 0 ? (on / off - 1) * 100 : 0),
                   headline: true)
    }

    static func addLatencyRows(_ latency: BenchLatencyFindings, to report: inout BenchReport) {
        let hops = latency.hops
        report.add("hop.p50Milliseconds", "hop at \(BenchFormat.rate(latency.rate)) apps/s: p50 (ms)",
                   BenchFormat.milliseconds(hops.percentile(50)), number: hops.percentile(50), target: "\(hops.count) hops")
        report.add("hop.p90Milliseconds", "hop: p90 (ms)", BenchFormat.milliseconds(hops.percentile(90)),
                   number: hops.percentile(90))
        let p99 = hops.percentile(99)
        report.add("hop.p99Milliseconds", "hop: p99 (ms)", BenchFormat.milliseconds(p99), number: p99, target: "<= 20",
                   met: p99.map { $0 <= 20 } ?? false, headline: true)
        report.add("hop.maxMilliseconds", "hop: max (ms)", BenchFormat.milliseconds(hops.maximum), number: hops.maximum)
        let committed = latency.untilCommitted
        report.add("hop.untilCommitted", "  poll -> transaction committed p50/p99",
                   BenchFormat.milliseconds(committed.percentile(50)) + " / " + BenchFormat.milliseconds(committed.percentile(99)),
                   target: "routing, engine, store; the rest: linger, ack, report")
        let paced = latency.processing, batches = Double(max(1, paced.batches))
        report.add("hop.batchMessages", "  batches at this load", String(format: "%.0f msgs", Double(paced.messages) / batches),
                   number: Double(paced.messages) / batches,
                   target: String(format: "mean; %.1f ms wall, %.1f ms CPU each (routing + transaction)",
                                  paced.wallSeconds * 1000 / batches, paced.cpuSeconds * 1000 / batches))
        let view = latency.departmentView
        report.add("hop.departmentView", "  department's view p50/p99 (ms)",
                   BenchFormat.milliseconds(view.percentile(50)) + " / " + BenchFormat.milliseconds(view.percentile(99)),
                   target: "reply sent -> request polled, \(view.count) hops")
        let produced = latency.toHubProduce
        report.add("hop.toHubProduce", "  reply sent -> hub produced request p50/p99",
                   BenchFormat.milliseconds(produced.percentile(50)) + " / " + BenchFormat.milliseconds(produced.percentile(99)),
                   target: "CreateTime, ms wall clock")
    }

    private func addKafkaRows(to report: inout BenchReport, partitions: Int32) {
        let trip = mock.idleTrip
        report.add("mock.idleTrip", "mock: one idle Kafka trip p50 / p99 (ms)",
                   BenchFormat.milliseconds(trip.percentile(50)) + " / " + BenchFormat.milliseconds(trip.percentile(99)),
                   target: "producer send -> consumer poll")
        report.add("mock.burstMilliseconds", "mock: 100-record burst acked (ms)", BenchFormat.milliseconds(mock.spreadBurst),
                   number: mock.spreadBurst,
                   target: "6 topics x \(partitions) partitions; 1 partition: \(BenchFormat.milliseconds(mock.singleBurst)) ms")
        report.add("kafka.producedPerSecond", "kafka: produce, every record acked (msg/s)",
                   BenchFormat.rate(roundTrip.producedPerSecond), number: roundTrip.producedPerSecond,
                   target: String(format: "%d records of 64 B; handed over in %.2f s", roundTrip.messages, roundTrip.enqueueSeconds))
        report.add("kafka.consumedPerSecond", "kafka: consume, one group (msg/s)", BenchFormat.rate(roundTrip.consumedPerSecond),
                   number: roundTrip.consumedPerSecond, target: "from the first record polled")
    }

    private func addMemoryRows(to report: inout BenchReport) {
        report.add("memory.peakResidentBytes", "peak resident, whole process (hub run)", BenchFormat.mebibytes(peakHub),
                   number: peakHub.map(Double.init), target: "hub + departments + reader")
        report.add("store.bytesPerApplication", "store per application", "\(hub.storeBytes / max(1, count)) B",
                   number: Double(hub.storeBytes) / applications,
                   target: "\(BenchFormat.mebibytes(hub.storeBytes)) for \(count), after checkpoint", headline: true)
        for phase in storePhases {
            let savesPerSecond = phase.prefillSeconds > 0 ? Double(phase.prefilled) / phase.prefillSeconds : 0
            report.add("store.\(phase.prefilled).peakResidentBytes", "store \(phase.prefilled): peak resident (child)",
                       BenchFormat.mebibytes(phase.result.peakResident), number: Double(phase.result.peakResident),
                       target: "\(phase.result.completed) more apps at \(BenchFormat.rate(phase.result.applicationsPerSecond))/s; "
                           + "file \(BenchFormat.mebibytes(phase.prefillBytes))")
            report.add("store.\(phase.prefilled).savesPerSecond", "  pre-fill: applications saved/s, store alone",
                       BenchFormat.rate(savesPerSecond), number: savesPerSecond,
                       target: "\(phase.prefilled) in \(BenchFormat.seconds(phase.prefillSeconds)), 1,000 per transaction")
        }
        if storePhases.count == 2 {
            let small = storePhases[0].result.peakResident, large = storePhases[1].result.peakResident
            let flat = large - small <= max(16 * 1_048_576, small / 5)
            report.add("memory.growthWithStoreBytes", "memory independent of store size",
                       (large >= small ? "+" : "-") + BenchFormat.mebibytes(abs(large - small)), number: Double(large - small),
                       target: "<= max(16 MiB, 20 %)", met: flat, headline: true)
        }
        if let last = storePhases.last {
            report.add("resume.seconds", "resume with \(last.prefilled) stored (start->first msg)",
                       BenchFormat.seconds(last.result.firstStatusSeconds), number: last.result.firstStatusSeconds,
                       target: "< 5 s", met: last.result.firstStatusSeconds < 5, headline: true)
            report.add("resume.initSeconds", "  of which HubService(options:)", BenchFormat.seconds(last.result.initSeconds),
                       number: last.result.initSeconds,
                       target: "empty store: \(BenchFormat.seconds(hub.firstStatusSeconds)) / \(BenchFormat.seconds(hub.initSeconds))")
        } else {
            report.add("resume.emptyStoreSeconds", "start->first msg, empty store", BenchFormat.seconds(hub.firstStatusSeconds),
                       number: hub.firstStatusSeconds, target: "resume skipped")
        }
    }
}
