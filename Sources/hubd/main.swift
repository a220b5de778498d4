import Foundation
import OneThingHub

// A thin dispatcher: each command lives in its own file beside this one.
//
// No `await` at the top level: it would make this an async main, which hands the main
// thread to Dispatch before the first line runs. Synchronous commands (the logic-only
// benchmark, which valgrind's callgrind must follow) run here on the main thread; the
// others run in a task while the main thread serves Dispatch's main queue.
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

switch command {
case .help(let usage):
    print(usage)
    exit(0)
case .run(let configuration):
    exitAfter { await HubDaemon.run(configuration) }
case .createTopics(let configuration):
    exitAfter { await TopicsCommand.run(configuration) }
case .demo(let configuration):
    exitAfter { await DemoCommand.run(configuration) }
case .bench(let arguments):
    if let status = BenchCommand.runSynchronously(arguments) { exit(status) }
    exitAfter { await BenchCommand.run(arguments) }
}
