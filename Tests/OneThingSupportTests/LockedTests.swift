import Dispatch
import Testing
import OneThingSupport

@Suite struct LockedTests {
    /// Many threads incrementing at once lose no increment: each read-modify-write runs
    /// whole under the lock. Without it, concurrent `+= 1` on a shared integer loses
    /// updates within a few thousand iterations on any multi-core machine.
    @Test func concurrentMutationLosesNothing() {
        let counter = Locked(0)
        let log = Locked<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for step in 0..<5_000 {
                counter.withLock { $0 += 1 }
                if step % 1_000 == 0 { log.withLock { $0.append(worker) } }
            }
        }
        #expect(counter.withLock { $0 } == 40_000)
        #expect(log.withLock { $0.count } == 40)
        #expect(Set(log.withLock { $0 }) == Set(0..<8))
    }

    /// A compound update (check, then change) is atomic: of many threads racing to claim
    /// one slot, exactly one wins.
    @Test func checkThenActIsAtomic() {
        let claimed = Locked<Int?>(nil)
        let winners = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 64) { worker in
            let won = claimed.withLock { slot -> Bool in
                guard slot == nil else { return false }
                slot = worker
                return true
            }
            if won { winners.withLock { $0 += 1 } }
        }
        #expect(winners.withLock { $0 } == 1)
        #expect(claimed.withLock { $0 } != nil)
    }

    struct Refused: Error, Equatable { let value: Int }

    /// A typed error thrown inside the critical section comes out typed, and the lock is
    /// released on the way (the next `withLock` would deadlock otherwise).
    @Test func typedErrorsPassThroughAndReleaseTheLock() {
        let box = Locked(7)
        #expect(throws: Refused(value: 7)) {
            try box.withLock { (value: inout Int) throws(Refused) -> Void in throw Refused(value: value) }
        }
        #expect(box.withLock { $0 } == 7)
        let result: Result<Int, Refused> = Result { () throws(Refused) -> Int in
            try box.withLock { (value: inout Int) throws(Refused) -> Int in
                value += 1
                return value
            }
        }
        #expect(result == .success(8))
    }
}
