import Foundation
import OneThingHub

// A thin dispatcher: each command lives in its own file beside this one.
let command: HubCommand
do {
    command = try HubCommandLine.parse(arguments: Array(CommandLine.arguments.dropFirst()),
                                       environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("hubd: \(error.message)\n\n\(error.usage)\n".utf8))
    exit(2)
}

switch command {
case .help(let usage):
    print(usage)
    exit(0)
case .run(let configuration):
    exit(await HubDaemon.run(configuration))
case .createTopics(let configuration):
    exit(await TopicsCommand.run(configuration))
case .demo(let configuration):
    exit(await DemoCommand.run(configuration))
case .bench(let arguments):
    exit(await BenchCommand.run(arguments))
}
