import OneThingSupport

/// Where hubctl reads: one hubd's store (`--store PATH`, as always) or the whole cluster
/// (`--bootstrap-servers HOST:PORT`: a view of every application read from the flow's
/// state topic, orders sent to their owner over the orders topic).
///
/// A flag wins over the environment, and `--store` over `--bootstrap-servers` in the
/// environment: an operator's environment may hold both `ONETHING_STORE` and
/// `ONETHING_BOOTSTRAP_SERVERS` (one environment serves hubd and hubctl), and a lone hub's
/// administrator must keep getting the store, as before. Both flags at once is a usage
/// error. Against the cluster, what lives only in one instance's store is refused with a
/// pointer to `--store`: the history (`show --history`), the record of a reveal
/// (`show --reveal`) and the table of dead letters (read the dead-letter topic instead).
enum HubctlSourceChoice {
    case store(String)
    case cluster(HubctlCluster)

    static func choose(scanner: CommandLineScanner, environment: [String: String],
                       command: HubctlCommand) throws(UsageError) -> HubctlSourceChoice {
        let storeFlag = scanner.value("store"), brokersFlag = scanner.value("bootstrap-servers")
        if storeFlag != nil, brokersFlag != nil {
            throw scanner.fail("give --store PATH (one hubd's store) or --bootstrap-servers HOST:PORT (the cluster), not both")
        }
        if brokersFlag == nil, let store = try scanner.text("store", environment: environment) {
            return .store(store)
        }
        guard let brokers = try scanner.text("bootstrap-servers", environment: environment) else {
            throw scanner.fail("no store given: pass --store PATH or set ONETHING_STORE "
                               + "(or --bootstrap-servers HOST:PORT for every application of the cluster)")
        }
        var cluster = HubctlCluster(bootstrapServers: brokers,
                                    kafkaProperties: try scanner.keyValueSettings("kafka", environment: environment))
        switch command {
        case .resend, .withdraw: cluster.keysDirectory = try scanner.text("keys", environment: environment)
        default: break
        }
        try refuseStoreOnly(command, scanner: scanner)
        return .cluster(cluster)
    }

    private static func refuseStoreOnly(_ command: HubctlCommand, scanner: CommandLineScanner) throws(UsageError) {
        switch command {
        case .show(_, let history, let reveal):
            if reveal != nil {
                throw scanner.fail("--reveal needs --store PATH of the instance that owns the application: "
                                   + "a reveal is recorded in its history, which the state topic does not carry")
            }
            if history {
                throw scanner.fail("--history needs --store PATH of the instance that owns the application: "
                                   + "the history is kept in its store, not in the state topic")
            }
        case .deadLetters:
            throw scanner.fail("deadletters reads one hubd's store (--store PATH); for the whole cluster read "
                               + "the flow's dead-letter topic (e.g. kcat -C -t retirement.deadletter -f '%h %s\\n')")
        case .showArchived:
            throw scanner.fail("--archive reads the archive beside one hubd's store: give --store PATH")
        case .verify, .evidence:
            // Each instance keeps its own chain in its store; the topic carries every chain.
            throw scanner.fail("\(command.name.rawValue) reads the evidence chain of one hubd's store: give --store PATH "
                               + "of each instance (the flow's evidence topic carries every instance's chain)")
        case .list, .overdue, .stats, .resend, .withdraw, .rectifications, .cards:
            return
        }
    }
}
