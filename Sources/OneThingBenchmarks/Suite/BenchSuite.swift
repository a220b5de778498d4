import Foundation
import OneThingCrypto
import OneThingExchange
import OneThingHub
import OneThingKafka
import OneThingStore
import OneThingSupport

/// The whole benchmark, phase after phase (progress on stderr):
/// 1. hub: `--applications` applications through their whole lifecycle, a window of
///    `--window` in flight; its messages in and out are counted with their sizes;
/// 2. limit: that volume replayed through the Kafka layer alone (`BenchRawLimit`);
/// 3. logic: the hub's routing and engine alone on this thread (`BenchLogicPhase`);
/// 4. latency: the hub's hop at half the completion rate of phase 1 (`BenchHops`);
/// 5. the mock's own latency and the Kafka layer's rates (`BenchKafkaTrip`,
///    `BenchKafkaBurst`, `BenchKafkaRoundTrip`), then the limit again;
/// 6. memory and resume (unless `--skip-restart`): stores pre-filled to 10,000 and to
///    `--restart-applications` applications; each time a child process starts the hub on
///    it, takes a further batch of applications, and reports start-to-consuming time and
///    peak memory (`BenchStorePhase`);
/// 7. restore: state records restored from the state topic into an empty store
///    (`BenchRestorePhase`);
/// 8. scale-out: the hub phase with 1, 2 and 3 instances in one group (`BenchScaleOut`).
struct BenchSuite {
    let options: BenchOptions

    func progress(_ text: String) {
        FileHandle.standardError.write(Data("bench: \(text)\n".utf8))
    }

    func run() async throws -> BenchReport {
        try await measure().report(options: options)
    }

    func measure() async throws -> BenchFindings {
        let flow = try servedFlow()
        return try await BenchFiles.withTemporaryDirectory { try await measure(flow: flow, directory: $0) }
    }

    private func measure(flow: Flow, directory: String) async throws -> BenchFindings {

        // 1. The hub at full speed.
        let count = options.applications
        progress("generating \(count) applications")
        let applications = BenchWorkload.make(flow: flow, count: count, prefix: "BT", seed: 1, withPlans: false)
        let storePath = options.storePath ?? directory + "/throughput.sqlite"
        BenchFiles.removeStore(storePath)
        progress("phase hub: \(count) applications, window \(options.window), \(options.partitions) partitions per topic")
        BenchMemory.resetPeak()
        let hub = try await hubRun(flow: flow, prefix: "BT", applications: applications, pacing: .window(options.window),
                                   storePath: storePath, recording: false)
        let peakHub = BenchMemory.peakResident
        progress("hub: \(hub.completed) completed, \(String(format: "%.1f", hub.applicationsPerSecond)) applications/s, "
                 + "in \(hub.hubIn.messages) out \(hub.hubOut.messages) messages in \(BenchFormat.seconds(hub.busySeconds))")
        for problem in hub.problems { progress("problem: \(problem)") }

        // 1b. The same again without the state topic: what keeping the state in Kafka costs.
        var withoutStateTopic: BenchHubRun.Figures?
        if options.measuresStateTopicCost {
            progress("phase hub without the state topic: \(count) applications")
            let path = directory + "/without-state.sqlite"
            BenchFiles.removeStore(path)
            let without = try await hubRun(flow: flow, prefix: "BW", applications: applications, pacing: .window(options.window),
                                           storePath: path, recording: false, keepsStateInKafka: false)
            progress("hub without the state topic: \(String(format: "%.1f", without.applicationsPerSecond)) applications/s "
                     + "(with it: \(String(format: "%.1f", hub.applicationsPerSecond)))")
            for problem in without.problems { progress("problem: \(problem)") }
            withoutStateTopic = without
        }

        // 2. The limit.
        progress("phase limit: \(hub.hubIn.messages + hub.hubOut.messages) messages through the Kafka layer alone")
        let rawLimit = BenchRawLimit(inbound: hub.hubIn, outbound: hub.hubOut, partitions: options.partitions,
                                     window: 20_000, hubKafkaProperties: options.hubKafkaProperties)
        let limit = try await rawLimit.run()
        progress("limit: \(Int(limit.messagesPerSecond)) messages/s, at most \(limit.window) unread")

        // 3. The hub's logic alone, for its share of the CPU.
        let logicCount = min(count, 5_000)
        progress("phase logic: \(logicCount) applications through routing and the engine alone")
        let logic = try BenchLogicPhase(flow: flow, applications: Array(applications.prefix(logicCount)),
                                        timeScale: options.timeScale).run()

        // 3b. Signatures: what one costs, and the hub with them off and on, back to back.
        let signatures = try await signaturePhase(flow: flow, directory: directory, sample: applications[0].message)

        // 4. Latency at half load.
        let latency = try await latencyPhase(flow: flow, directory: directory, maximumRate: hub.applicationsPerSecond)

        // 5. The mock's own latency, the Kafka layer's rates, and the limit again: this
        // machine's speed drifts, and the hub/limit ratio is only worth reading when the
        // two measurements of the limit agree.
        let mock = try await mockReference()
        progress("phase kafka: 100,000 records of 64 B produced, then consumed")
        let roundTrip = try await BenchKafkaRoundTrip(partitions: options.partitions).run()
        progress("phase limit again: is the machine's speed the same as after the hub phase?")
        let limitAgain = try await rawLimit.run()
        progress("limit again: \(Int(limitAgain.messagesPerSecond)) messages/s")

        // 6. Memory with pre-filled stores, and resume (each in a child process).
        var storePhases: [BenchStoreFindings] = []
        if !options.skipRestart, let sample = hub.sample {
            let batch = min(count, 5_000)
            for prefilled in [10_000, options.restartApplications] {
                let path = directory + "/prefilled-\(prefilled).sqlite"
                progress("phase store: pre-filling \(prefilled) completed applications")
                let prefillSeconds = try BenchPrefill.fill(path: path, count: prefilled, template: sample)
                let prefillBytes = BenchFiles.storeBytes(path)
                progress("phase store: hub on \(prefilled) stored applications, \(batch) more through it (child process)")
                let result = try BenchStorePhase.spawn(options: options, path: path, applications: batch)
                storePhases.append(BenchStoreFindings(prefilled: prefilled, result: result, prefillSeconds: prefillSeconds,
                                                      prefillBytes: prefillBytes))
                for problem in result.problems { progress("problem: \(problem)") }
            }
        }
        // 7. The restore from the state topic into an empty store.
        var restore: BenchRestorePhase.Figures?
        if options.restoreApplications > 0, let template = hub.sampleState {
            restore = try await restorePhase(template: template, directory: directory)
        }
        // 8. Several instances in one group.
        let scaleOut = options.scaleOutApplications > 0 ? try await scaleOutPhase(flow: flow, directory: directory) : []
        return BenchFindings(count: count, cores: ProcessInfo.processInfo.activeProcessorCount, hub: hub, peakHub: peakHub,
                             limit: limit, limitAgain: limitAgain, logic: logic, latency: latency, mock: mock,
                             roundTrip: roundTrip, storePhases: storePhases, withoutStateTopic: withoutStateTopic,
                             restore: restore, signatures: signatures, scaleOut: scaleOut)
    }

    /// The cost of one signature (SM2 and Ed25519), then the same number of applications
    /// through the hub with signatures off and on, one run after the other so the machine
    /// is the same for both.
    private func signaturePhase(flow: Flow, directory: String, sample: OutgoingMessage) async throws -> BenchSignatureFindings {
        progress("phase signatures: sign and verify one message, SM2 and Ed25519")
        let costs = try SignatureAlgorithm.allCases.map { try BenchSignatureCost(message: sample).run($0) }
        let count = min(options.applications, 2_000)
        let workload = BenchWorkload.make(flow: flow, count: count, prefix: "BG", seed: 3, withPlans: false)
        progress("phase signatures: \(count) applications with signatures off, then on")
        let off = try await hubRun(flow: flow, prefix: "BG", applications: workload, pacing: .window(options.window),
                                   storePath: directory + "/unsigned.sqlite", recording: false)
        let on = try await hubRun(flow: flow, prefix: "BG", applications: workload, pacing: .window(options.window),
                                  storePath: directory + "/signed.sqlite", recording: false, signing: BenchSigning(flow: flow))
        for problem in off.problems + on.problems { progress("problem: \(problem)") }
        progress("signatures: \(String(format: "%.1f", on.applicationsPerSecond)) applications/s on, "
                 + "\(String(format: "%.1f", off.applicationsPerSecond)) off")
        return BenchSignatureFindings(costs: costs, count: count, off: off, on: on)
    }

    private func scaleOutPhase(flow: Flow, directory: String) async throws -> [BenchScaleOut.Run] {
        let count = options.scaleOutApplications
        let applications = BenchWorkload.make(flow: flow, count: count, prefix: "BS", seed: 4, withPlans: false)
        var runs: [BenchScaleOut.Run] = []
        for (index, instances) in options.instances.enumerated() {
            progress("phase scale-out: \(count) applications through \(instances) instance(s) in one group, "
                     + "\(options.partitions) partitions")
            let path = directory + "/scale-out-\(index).sqlite"
            BenchFiles.removeStore(path)
            let figures = try await hubRun(flow: flow, prefix: "BS", applications: applications, pacing: .window(options.window),
                                           storePath: path, recording: false, instances: instances)
            for problem in figures.problems { progress("problem: \(problem)") }
            progress(String(format: "scale-out: %d instance(s): %.1f applications/s", instances, figures.applicationsPerSecond))
            runs.append(BenchScaleOut.Run(instances: instances, applicationsPerSecond: figures.applicationsPerSecond,
                                          completed: figures.completed, problems: figures.problems))
            for extra in 1..<max(1, instances) { BenchFiles.removeStore(BenchHubRun.storePath(path, instance: extra)) }
            BenchFiles.removeStore(path)
        }
        return runs
    }

    /// `--scale-out-only`: the scale-out phase alone.
    func runScaleOutOnly() async throws -> BenchReport {
        let flow = try servedFlow()
        return try await BenchFiles.withTemporaryDirectory { try await runScaleOutOnly(flow: flow, directory: $0) }
    }

    private func runScaleOutOnly(flow: Flow, directory: String) async throws -> BenchReport {
        var report = BenchReport()
        BenchFindings.addScaleOutRows(try await scaleOutPhase(flow: flow, directory: directory),
                                      applications: options.scaleOutApplications, partitions: options.partitions, to: &report)
        report.notes = ["mock cluster in process, \(ProcessInfo.processInfo.activeProcessorCount) cores; every instance, "
                        + "the departments and the status reader in this one process."]
        return report
    }

    private func restorePhase(template: StateRecord, directory: String) async throws -> BenchRestorePhase.Figures {
        progress("phase restore: \(options.restoreApplications) applications' state records, then restored into an empty store")
        let restore = try await BenchRestorePhase(template: template, count: options.restoreApplications, directory: directory,
                                                   progress: progress).runDetached()
        progress(String(format: "restore: %d applications in %.2f s: %.0f applications/s (read alone %.0f µs, parse alone %.0f µs per application)",
                        restore.applications, restore.restoreSeconds, restore.applicationsPerSecond,
                        restore.microsecondsPerApplication(restore.readOnlySeconds),
                        restore.microsecondsPerApplication(restore.parseOnlySeconds)))
        return restore
    }

    /// `--restore-only`: a short hub run for a state record to copy, then the restore phase.
    func runRestoreOnly() async throws -> BenchReport {
        let flow = try servedFlow()
        return try await BenchFiles.withTemporaryDirectory { try await runRestoreOnly(flow: flow, directory: $0) }
    }

    private func runRestoreOnly(flow: Flow, directory: String) async throws -> BenchReport {
        let count = min(options.applications, 200)
        progress("phase hub: \(count) applications, for a state record to copy")
        let applications = BenchWorkload.make(flow: flow, count: count, prefix: "BR", seed: 3, withPlans: false)
        let hub = try await hubRun(flow: flow, prefix: "BR", applications: applications, pacing: .window(options.window),
                                   storePath: directory + "/template.sqlite", recording: false)
        guard let template = hub.sampleState else { throw BenchFailure("the hub run left no state record to copy") }
        var report = BenchReport()
        BenchFindings.addRestoreRows(try await restorePhase(template: template, directory: directory), to: &report)
        report.notes = ["mock cluster in process, \(ProcessInfo.processInfo.activeProcessorCount) cores."]
        return report
    }

    /// `--latency-only`: the latency phase alone, at the rate the options fix.
    func runLatencyOnly() async throws -> BenchReport {
        let flow = try servedFlow()
        let latency = try await BenchFiles.withTemporaryDirectory { directory in
            try await latencyPhase(flow: flow, directory: directory, maximumRate: 0)
        }
        var report = BenchReport()
        BenchFindings.addLatencyRows(latency, to: &report)
        report.notes = ["mock cluster in process, \(ProcessInfo.processInfo.activeProcessorCount) cores."]
        return report
    }

    /// The flow of the catalogue named by the options, as the hub would serve it.
    private func servedFlow() throws -> Flow {
        try HubCatalogue.servedFlow(of: HubCatalogue.load(directory: options.catalogueDirectory))
    }

    private func hubRun(flow: Flow, prefix: String, applications: [BenchApplication], pacing: BenchHubRun.Pacing,
                        storePath: String, recording: Bool,
                        keepsStateInKafka: Bool? = nil, signing: BenchSigning? = nil,
                        instances: Int = 1) async throws -> BenchHubRun.Figures {
        try await BenchHubRun(flow: flow, warmUp: BenchWorkload.warmUp(flow: flow, prefix: prefix), applications: applications,
                              pacing: pacing, storePath: storePath, partitions: options.partitions,
                              timeScale: options.timeScale, hubKafkaProperties: options.hubKafkaProperties,
                              recording: recording, batchSize: options.hubBatchSize,
                              keepsStateInKafka: keepsStateInKafka ?? !options.withoutStateTopic, signing: signing,
                              keepsEvidence: !options.withoutEvidence, instances: instances).run()
    }

    private func latencyPhase(flow: Flow, directory: String, maximumRate: Double) async throws -> BenchLatencyFindings {
        let rate = options.latencyRate.map(Double.init) ?? max(1, maximumRate / 2)
        let count = min(options.applications, max(200, Int(rate * 10)))
        progress("phase latency: \(count) applications at \(String(format: "%.0f", rate))/s")
        let paced = BenchWorkload.make(flow: flow, count: count, prefix: "BL", seed: 2, withPlans: true)
        let latency = try await hubRun(flow: flow, prefix: "BL", applications: paced, pacing: .rate(rate),
                                       storePath: directory + "/latency.sqlite", recording: true)
        for problem in latency.problems { progress("problem: \(problem)") }
        var plans: [String: MatterPlan] = [:]
        for application in paced { plans[application.id] = application.plan }
        let departmentHops = BenchHops.milliseconds(events: latency.events, plans: plans, flow: flow)
        let hubSide = BenchHops.hubSide(latency.deliveredRequests, plans: plans, flow: flow)
        return BenchLatencyFindings(rate: rate, hops: Percentiles<Double>(hubSide.map(\.milliseconds)),
                                    untilCommitted: Percentiles<Double>(hubSide.map(\.untilCommitted)),
                                    departmentView: Percentiles<Double>(departmentHops.map(\.total)),
                                    toHubProduce: Percentiles<Double>(departmentHops.map(\.toHubProduce)),
                                    processing: latency.processing)
    }

    private func mockReference() async throws -> BenchMockFindings {
        progress("phase mock reference: one idle trip, and a burst's acknowledgement")
        let trip = Percentiles<Double>(try await BenchKafkaTrip(partitions: options.partitions, messages: 100,
                                                              interval: .milliseconds(10)).run())
        let producerProperties = HubService.producerDefaults.merging(options.hubKafkaProperties) { $1 }
        let spread = try await BenchKafkaBurst(records: 100, topics: 6, partitions: options.partitions,
                                               producerProperties: producerProperties).run()
        let single = try await BenchKafkaBurst(records: 100, topics: 1, partitions: 1,
                                               producerProperties: producerProperties).run()
        return BenchMockFindings(idleTrip: trip, spreadBurst: spread, singleBurst: single)
    }
}
