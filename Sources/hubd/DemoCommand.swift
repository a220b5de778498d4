import Foundation
import OneThingHub

/// `hubd demo`: placeholder until the demo lands (another engineer replaces this file).
enum DemoCommand {
    static func run(_ configuration: HubDemoConfiguration) async -> Int32 {
        FileHandle.standardError.write(Data("hubd demo: not available yet\n".utf8))
        return 2
    }
}
