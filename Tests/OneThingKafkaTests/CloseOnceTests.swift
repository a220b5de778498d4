import Foundation
import Synchronization
import Testing
@testable import OneThingKafka

@Suite struct CloseOnceTests {
    @Test func onlyTheFirstCallerStartsAndEveryCallerHearsTheOutcomeOnce() {
        let close = CloseOnce<Int>()
        let heard = Mutex<[String]>([])
        #expect(close.join { outcome in heard.withLock { $0.append("a\(outcome)") } })
        #expect(!close.join { outcome in heard.withLock { $0.append("b\(outcome)") } })
        #expect(heard.withLock { $0 }.isEmpty)

        close.finish(7)
        #expect(heard.withLock { $0 } == ["a7", "b7"])

        // After the close, a caller hears the outcome at once and starts nothing.
        #expect(!close.join { outcome in heard.withLock { $0.append("c\(outcome)") } })
        #expect(heard.withLock { $0 } == ["a7", "b7", "c7"])
    }

    @Test func concurrentCallersStartTheWorkExactlyOnce() async {
        final class Count: Sendable { let value = Mutex(0) }
        let close = CloseOnce<Void>()
        let heard = Count()
        let starters = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { close.join { _ in heard.value.withLock { $0 += 1 } } }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(starters == 1)
        close.finish(())
        #expect(heard.value.withLock { $0 } == 64)
    }
}
