import Foundation
import OneThingHub

// A thin dispatcher: each command lives in its own file beside this one.
//
// No `await` at the top level: it would make this an async main, which hands the main
// thread to Dispatch before the first line runs. Each command runs in a task while the
// main thread serves Dispatch's main queue.
//
// First of all: SIGTERM/SIGINT handlers, so a stop in the process's first milliseconds
// is a clean one (README, "Operating hubd"). `run` takes them over; other commands give
// them back.
let startupSignals = SignalWatcher()
let command: HubCommand
do {
    command = try HubCommandLine.parse(arguments: Array(CommandLine.arguments.dropFirst()),
                                       environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("hubd: \(error.message)\n\n\(error.usage)\n".utf8))
    exit(2)
}

/// Runs an asynchronous command and exits with its status.
func exitAfter(_ run: @escaping @Sendable () async -> Int32) -> Never {
    Task { exit(await run()) }
    dispatchMain()
}

if case .run = command {} else { startupSignals.cancel() }
switch command {
case .help(let usage):
    print(usage)
    exit(0)
case .run(let configuration):
    exitAfter { await HubDaemon.run(configuration, signals: startupSignals) }
case .createTopics(let configuration):
    exitAfter { await TopicsCommand.run(configuration) }
case .demo(let configuration):
    exitAfter { await DemoCommand.run(configuration) }
case .generateKeys(let configuration):
    exit(KeysCommand.generate(configuration))
case .sign(let configuration):
    exit(KeysCommand.sign(configuration))
}
