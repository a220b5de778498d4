import Foundation
import Testing
@testable import OneThingKafka

@Suite struct CloseOnceTests {
    @Test func onlyTheFirstCallerStartsAndEveryCallerHearsTheOutcomeOnce() {
        let close = CloseOnce<Int>()
        let heard = EventLog<String>()
        #expect(close.join { heard.append("a\($0)") })
        #expect(!close.join { heard.append("b\($0)") })
        #expect(heard.all.isEmpty)

        close.finish(7)
        #expect(heard.all == ["a7", "b7"])

        // After the close, a caller hears the outcome at once and starts nothing.
        #expect(!close.join { heard.append("c\($0)") })
        #expect(heard.all == ["a7", "b7", "c7"])
    }

    @Test func concurrentCallersStartTheWorkExactlyOnce() async {
        let close = CloseOnce<Void>()
        let heard = EventLog<String>()
        let starters = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask { close.join { heard.append("\(index)") } }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(starters == 1)
        close.finish(())
        #expect(heard.all.count == 64)
    }
}
