import Foundation
import OneThingAdmin

// hubctl: the administrators' command line over the correlation store. All of it lives
// in OneThingAdmin (`HubctlMain`), so it is tested as a library and as this executable.
let status = HubctlMain.run(arguments: Array(CommandLine.arguments.dropFirst()),
                            environment: ProcessInfo.processInfo.environment,
                            output: .processStreams)
exit(status)
