import Foundation
import OneThingHub
import OneThingSupport

/// The flags of `onething-bench`, parsed by hand (a developer tool with a handful of
/// numeric flags).
struct BenchOptions: Sendable {
    /// Applications pushed through their whole lifecycle in the throughput run.
    var applications = 20_000
    /// Multiplies the catalogue's durations (the hub's timers); 1 = real time. Timers never
    /// fire in a benchmark whose departments answer at once, so this only matters when
    /// someone wants to see the timer rounds' cost at absurdly small scales.
    var timeScale = 1.0
    /// Where the throughput run's store lives; nil: a fresh file in a temporary directory.
    var storePath: String?
    /// Skips the store-size phases (pre-filled 10,000 / N applications, memory and resume).
    var skipRestart = false
    /// Applications pre-filled into the store for the resume and memory phase.
    var restartApplications = 100_000
    /// Partitions of every topic on the mock cluster (all topics of a flow alike): by
    /// default what `hubd topics create` makes, so the benchmark measures the deployed
    /// topology. Every consumer's fetch names each of its partitions, empty or not, so
    /// more partitions cost fetch work on both sides whatever the traffic.
    var partitions: Int32 = HubTopicsConfiguration.defaultPartitions
    /// Applications in flight at once in the throughput run (submitted, not yet complete).
    var window = 2_000
    /// Where the catalogue lives; nil: the installed or checked-out `Topics/`.
    var catalogueDirectory: String?
    /// librdkafka properties for the hub's own clients (e.g. `socket.nagle.disable=true`),
    /// as `hubd run --kafka` would pass them.
    var hubKafkaProperties: [String: String] = [:]
    /// The hub without its state topic (the build before it), to measure what the state
    /// kept in Kafka costs: alternate runs with and without in one sitting.
    var withoutStateTopic = false
    /// Applications restored from the state topic into an empty store in the restore
    /// phase (`BenchRestorePhase`); 0 skips it.
    var restoreApplications = 20_000
    /// Runs the hub phase a second time without its state topic, in the same sitting, for
    /// what the state topic costs (skipped with `--without-state-topic`).
    var measuresStateTopicCost = true
    /// Runs only a short hub run (for a state record to copy) and the restore phase.
    var restoreOnly = false
    /// The hub without its evidence log, to measure what the log costs (alternate runs
    /// with and without it in one sitting).
    var withoutEvidence = false
    /// Applications through each run of the scale-out phase (`BenchScaleOut`); 0 skips it.
    var scaleOutApplications = 5_000
    /// The instance counts of the scale-out phase, run in this order.
    var instances = [1, 2, 3]
    /// Runs only the scale-out phase.
    var scaleOutOnly = false
    /// The hub's batch size (messages per store transaction); nil: the hub's default.
    var hubBatchSize: Int?
    /// The latency phase's offered load (applications/s); nil: half the measured maximum.
    /// Fixing it lets two builds be compared at the same load on a noisy machine.
    var latencyRate: Int?
    /// Runs only the latency phase at `--latency-rate` (required): the short run to
    /// compare two builds' hops alternately in one sitting.
    var latencyOnly = false
    /// Runs only the hub's logic without Kafka or SQLite, synchronously on this thread
    /// (`BenchLogicPhase`), and prints its figures: the run to put under callgrind.
    var logicOnly = false
    /// Internal, left out of the usage: run only the store phase on this pre-filled store
    /// (the parent starts this executable as a child with it, see `BenchStorePhase`).
    var storePhase: String?
    /// Print the results as JSON on stdout instead of the table.
    var json = false
    /// Where `results.json` and `results.md` are written; relative to the working directory.
    var outputDirectory = ".build/bench"
    /// Documents whose `<!-- bench:begin -->` ... `<!-- bench:end -->` section receives the
    /// short table (`deploy/bench --record`: the README and the benchmark's article).
    var recordInto: [String] = []

    static let usage = """
        usage: onething-bench [--applications N] [--skip-restart] [--restart-applications N]
                              [--partitions N] [--window N] [--latency-rate N] [--hub-batch-size N]
                              [--hub-kafka-property KEY=VALUE ...] [--time-scale F] [--store PATH]
                              [--catalogue DIR] [--json] [--output DIR] [--record FILE ...]
                              [--logic-only] [--without-state-topic] [--skip-state-cost]
                              [--restore-applications N] [--skip-restore] [--restore-only]
                              [--without-evidence]
                              [--instances N,N,...] [--scale-out-applications N] [--scale-out-only]
                              [--latency-only]

        Runs hub, in-process departments and a status reader on librdkafka's mock cluster in
        this one process and prints a table of figures beside their targets:
          limit     the hub run's message volume replayed through the Kafka layer alone
          hub       N applications through their whole lifecycle (departments approve at once)
          logic     the hub's routing and engine alone (no Kafka, no SQLite), CPU per application
          latency   the hub's hop (reply -> dependent request) at half the measured maximum
          kafka     the Kafka layer's produce and consume rates, and the mock's own latency
          memory    peak resident memory; store size per application; RSS with a store
                    pre-filled to 10,000 and to --restart-applications applications
          resume    HubService start to first message processed with the pre-filled store
          state     the hub phase again without the state topic (what it costs), and the
                    restore rate from the state topic into an empty store
          scale-out the hub phase with 1, 2 and 3 instances in one consumer group, each
                    with its own store and static member id (all in this one process)

          --applications N          applications in the throughput run (default 20000)
          --skip-restart            skip the pre-filled store phases (memory flatness, resume)
          --restart-applications N  applications pre-filled for those phases (default 100000)
          --partitions N            partitions per topic on the mock cluster (default 3, as
                                    `hubd topics create`)
          --window N                applications in flight in the throughput run (default 2000)
          --latency-rate N          the latency phase's load in applications/s (default: half
                                    the measured maximum); fixed, it compares builds at one load
          --hub-batch-size N        messages per store transaction (default: the hub's, 250);
                                    larger batches trade hop latency for throughput
          --hub-kafka-property K=V  a librdkafka property for the hub's clients (repeatable)
          --time-scale F            multiplies the catalogue's durations (default 1)
          --store PATH              the throughput run's store file (default: a temporary file)
          --catalogue DIR           the catalogue directory (default: Topics/)
          --json                    print the results as JSON instead of the table
          --output DIR              where results.json and results.md go (default .build/bench)
          --record FILE             write the short table between FILE's <!-- bench:begin -->
                                    and <!-- bench:end --> markers (repeatable)
          --without-state-topic     the hub writes no state records (what they cost: alternate
                                    runs with and without it)
          --skip-state-cost         do not run the hub phase again without the state topic
          --restore-applications N  applications restored from the state topic (default 20000)
          --skip-restore            skip the restore phase
          --restore-only            only the restore phase (after a short hub run for a record)
          --without-evidence        the hub keeps no evidence log (what it costs: alternate runs
                                    with and without it)
          --instances N,N,...       instance counts of the scale-out phase, run in this order
                                    (default 1,2,3; repeat them to measure alternately)
          --scale-out-applications N  applications per scale-out run (default 5000; 0 skips)
          --scale-out-only          only the scale-out phase
          --latency-only            only the latency phase, at --latency-rate (required)
          --logic-only              run only the logic phase, synchronously on one thread, over
                                    --applications applications: the run to profile with
                                    valgrind --tool=callgrind (exact, repeatable counts)

        Exit status: 0 every stated target met; 1 a target missed (named on stderr);
        2 a usage error; 3 the benchmark could not run.
        """

    private static let flags: [CommandLineFlag] = [
        CommandLineFlag("applications"), CommandLineFlag("time-scale"), CommandLineFlag("store"),
        CommandLineFlag("skip-restart", .switch), CommandLineFlag("restart-applications"),
        CommandLineFlag("partitions"), CommandLineFlag("window"), CommandLineFlag("hub-batch-size"),
        CommandLineFlag("latency-rate"), CommandLineFlag("catalogue"), CommandLineFlag("store-phase"),
        CommandLineFlag("logic-only", .switch), CommandLineFlag("without-state-topic", .switch),
        CommandLineFlag("skip-state-cost", .switch), CommandLineFlag("restore-applications"),
        CommandLineFlag("skip-restore", .switch), CommandLineFlag("restore-only", .switch), CommandLineFlag("without-evidence", .switch),
        CommandLineFlag("json", .switch), CommandLineFlag("output"),
        CommandLineFlag("instances"), CommandLineFlag("scale-out-applications"), CommandLineFlag("scale-out-only", .switch),
        CommandLineFlag("latency-only", .switch),
        CommandLineFlag("record", .repeatable), CommandLineFlag("hub-kafka-property", .repeatable),
    ]

    /// nil: help was asked for. Flags only, no environment: a benchmark's conditions are
    /// all on its command line, where the results can name them.
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchOptions? {
        var scanner = CommandLineScanner(flags: flags, usage: usage)
        try scanner.scan(arguments)
        if scanner.helpRequested { return nil }
        func count(_ name: String, atMost most: Int = 10_000_000) throws(UsageError) -> Int? {
            try scanner.value(name).map { value throws(UsageError) in try scanner.integer(value, in: 1...most) }
        }
        func text(_ name: String) throws(UsageError) -> String? {
            try scanner.value(name).map { value throws(UsageError) in try scanner.nonEmptyText(value) }
        }
        var options = BenchOptions()
        if let value = try count("applications") { options.applications = value }
        if let value = scanner.value("time-scale") { options.timeScale = try scanner.number(value, in: 1e-9...1e6) }
        options.storePath = try text("store")
        options.skipRestart = scanner.isSet("skip-restart")
        if let value = try count("restart-applications") { options.restartApplications = value }
        if let value = try count("partitions", atMost: 256) { options.partitions = Int32(value) }
        if let value = try count("window") { options.window = value }
        options.hubBatchSize = try count("hub-batch-size")
        options.latencyRate = try count("latency-rate")
        options.catalogueDirectory = try text("catalogue")
        options.storePhase = try text("store-phase")
        options.logicOnly = scanner.isSet("logic-only")
        options.withoutStateTopic = scanner.isSet("without-state-topic")
        options.measuresStateTopicCost = !scanner.isSet("skip-state-cost") && !options.withoutStateTopic
        if let value = try count("restore-applications") { options.restoreApplications = value }
        if scanner.isSet("skip-restore") || options.withoutStateTopic { options.restoreApplications = 0 }
        options.restoreOnly = scanner.isSet("restore-only")
        options.withoutEvidence = scanner.isSet("without-evidence")
        if let value = scanner.value("scale-out-applications") {
            options.scaleOutApplications = try scanner.integer(value, in: 0...10_000_000)
        }
        if let value = scanner.value("instances") {
            options.instances = try value.text.split(separator: ",", omittingEmptySubsequences: false).map { item throws(UsageError) in
                guard let count = Int(item.trimmingCharacters(in: .whitespaces)), (1...16).contains(count) else {
                    throw UsageError("--instances expects instance counts from 1 to 16 separated by commas, got '\(value.text)'",
                                     usage: usage)
                }
                return count
            }
        }
        options.scaleOutOnly = scanner.isSet("scale-out-only")
        if options.scaleOutOnly && options.scaleOutApplications == 0 {
            throw UsageError("--scale-out-only needs --scale-out-applications above 0", usage: usage)
        }
        options.latencyOnly = scanner.isSet("latency-only")
        if options.latencyOnly && options.latencyRate == nil {
            throw UsageError("--latency-only needs --latency-rate (there is no measured maximum to halve)", usage: usage)
        }
        options.json = scanner.isSet("json")
        if let value = try text("output") { options.outputDirectory = value }
        for value in scanner.values("record") { options.recordInto.append(try scanner.nonEmptyText(value)) }
        for value in scanner.values("hub-kafka-property") {
            let (key, text) = try scanner.keyValue(value)
            options.hubKafkaProperties[key] = text
        }
        return options
    }
}
