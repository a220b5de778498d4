import OneThingHub
import OneThingSupport

/// Everything the phases measured, before it becomes rows (`BenchFindings+Rows`).
struct BenchFindings: Sendable {
    /// Applications submitted in the hub phase.
    var count: Int
    var cores: Int
    var hub: BenchHubRun.Figures
    /// Peak resident memory of the whole process over the hub phase.
    var peakHub: Int?
    /// The limit right after the hub phase, and again after the latency phase.
    var limit: BenchRawLimit.Figures
    var limitAgain: BenchRawLimit.Figures
    var logic: BenchLogicPhase.Result
    var latency: BenchLatencyFindings
    var mock: BenchMockFindings
    var roundTrip: BenchKafkaRoundTrip.Figures
    var storePhases: [BenchStoreFindings]
    /// The hub phase again, right after, without the state topic (nil: not run).
    var withoutStateTopic: BenchHubRun.Figures? = nil
    /// The restore phase (nil: not run).
    var restore: BenchRestorePhase.Figures? = nil
    var signatures: BenchSignatureFindings? = nil
    /// The scale-out phase's runs (empty: not run).
    var scaleOut: [BenchScaleOut.Run] = []
}

/// The latency phase: the hub at a fixed, lower load, its hops seen from both sides.
struct BenchLatencyFindings: Sendable {
    var rate: Double
    /// The hub's own hop: poll of the reply -> delivery report of the request it released.
    var hops: Percentiles<Double>
    /// Of that hop, poll -> the batch's transaction committed.
    var untilCommitted: Percentiles<Double>
    /// Reply sent by the department -> dependent request out of its poll.
    var departmentView: Percentiles<Double>
    /// Reply sent -> the hub handed the dependent request to its producer.
    var toHubProduce: Percentiles<Double>
    var processing: BenchProcessingCost
}

/// The mock cluster's own latency, for reading the hop.
struct BenchMockFindings: Sendable {
    var idleTrip: Percentiles<Double>
    /// Median milliseconds to acknowledge 100 records over 6 topics, and into 1 partition.
    var spreadBurst: Double
    var singleBurst: Double
}

/// One pre-filled store phase (child process).
struct BenchStoreFindings: Sendable {
    var prefilled: Int
    var result: BenchStorePhaseResult
    var prefillSeconds: Double
    var prefillBytes: Int
}

/// Signatures: one message signed and verified, and the hub with them off and on.
struct BenchSignatureFindings {
    var costs: [BenchSignatureCost.Figures]
    /// Applications in each of the two runs.
    var count: Int
    var off: BenchHubRun.Figures
    var on: BenchHubRun.Figures
}
