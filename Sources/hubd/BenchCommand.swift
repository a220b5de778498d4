import Foundation
import OneThingHub

/// `hubd bench`: placeholder until the benchmark lands (another engineer replaces this file).
enum BenchCommand {
    static func run(_ arguments: [String]) async -> Int32 {
        FileHandle.standardError.write(Data("hubd bench: not available yet\n".utf8))
        return 2
    }
}
