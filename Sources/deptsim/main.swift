import Foundation
import OneThingCatalogueFiles
import OneThingCrypto
import OneThingExchange
import OneThingHub
import OneThingKafka
import OneThingSimulator
import OneThingSupport

// deptsim: a thin shell over DepartmentSimulator. Exit codes: 0 after a clean stop,
// 1 when it cannot start (catalogue, Kafka), 2 for usage errors.

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("deptsim: \(message)\n".utf8))
    exit(code)
}

let options: DeptsimOptions
do {
    switch try DeptsimOptions.parse(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment) {
    case .help:
        print(DeptsimOptions.usage)
        exit(0)
    case .run(let parsed):
        options = parsed
    }
} catch {
    FileHandle.standardError.write(Data("deptsim: \(error.message)\n\n\(error.usage)\n".utf8))
    exit(2)
}

let flow: Flow
do {
    let catalogue = try CatalogueLocator().loadCatalogue(explicit: options.catalogue).catalogue
    guard let found = catalogue.flow(named: options.flow) else {
        fail("the catalogue has no flow '\(options.flow)' (it has \(catalogue.flows.map(\.name).joined(separator: ", ")))", code: 2)
    }
    flow = found
} catch {
    fail("cannot load the catalogue: \(error)", code: 1)
}

let seed = options.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
let behaviour = options.behaviour(seed: seed)
let logger = HubLogger(format: .text, minimumLevel: .info, sink: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) })
var kafka = KafkaConfiguration(bootstrapServers: options.bootstrapServers)
kafka.properties = options.kafka
kafka.logHandler = logger.kafkaLogHandler()

let departments = options.departments ?? flow.departments.map(\.code)
let simulator: DepartmentSimulator
do {
    simulator = try DepartmentSimulator(
        flow: flow, departments: departments, configuration: kafka, groupID: options.groupID, behaviour: behaviour,
        keys: options.keys.map { KeyDirectory(path: $0) },
        onReply: { reply in
            var fields: [LogField] = [.string("department", reply.department), .string("matter", reply.matter),
                                      .string("applicationId", reply.applicationID), .string("inReplyTo", reply.requestID),
                                      .string("decision", reply.decision.label)]
            switch reply.decision {
            case .rejected(let reason), .supplementRequired(let reason): fields.append(.string("reason", reason))
            case .interfaceFailure(let code, _): fields.append(.string("code", code))
            case .received, .approved: break
            }
            if reply.duplicate { fields.append(.bool("duplicate", true)) }
            logger.info("reply", fields)
        },
        onProblem: { problem in logger.warning("problem", [.string("detail", problem)]) })
} catch {
    if case .unknownDepartment = error { fail(error.description, code: 2) }
    fail(error.description, code: 1)
}

let watcher = SignalWatcher()
logger.notice("started", [.string("departments", departments.joined(separator: ",")), .string("group", simulator.groupID),
                          .string("bootstrapServers", options.bootstrapServers), .string("seed", String(seed))])
simulator.start()
for await signal in watcher.signals {
    logger.notice("stopping", [.string("signal", "\(signal)")])
    break
}
await simulator.stop()
let statistics = simulator.statistics
logger.notice("stopped", [.int("requests", statistics.requests), .int("approved", statistics.approvals),
                          .int("rejected", statistics.rejections), .int("supplements", statistics.supplements),
                          .int("silenced", statistics.silenced), .int("cancels", statistics.cancels)])
watcher.cancel()
exit(0)
