import Foundation
import Testing
import OneThingStore
@testable import OneThingAdmin
import OneThingTestSupport

@Suite struct ExitCodeTests {
    @Test func helpOnTheToolAndEveryCommand() throws {
        let tool = try Hubctl.run(["--help"])
        #expect(tool.status == 0)
        #expect(tool.standardOutput == HubctlUsage.tool)
        for name in HubctlCommandName.allCases {
            let result = try Hubctl.run([name.rawValue, "--help"])
            #expect(result.status == 0)
            #expect(result.standardOutput == HubctlUsage.command(name))
        }
    }

    @Test func usageErrorsAreOneLinePlusUsageAndExitTwo() throws {
        let fixture = try StoreFixture()
        let unknown = try fixture.hubctl("frobnicate")
        #expect(unknown.status == 2)
        #expect(unknown.standardOutput.isEmpty)
        #expect(unknown.standardError == "hubctl: unknown command 'frobnicate'\n\n" + HubctlUsage.tool)
        let badOption = try fixture.hubctl("list", "--state", "finished")
        #expect(badOption.status == 2)
        #expect(badOption.standardError.hasPrefix("hubctl: unknown state 'finished' (one of accepted, in-progress,"))
        #expect(badOption.standardError.hasSuffix(HubctlUsage.command(.list)))
        #expect(try Hubctl.run([]).status == 2)
        #expect(try Hubctl.run(["list"]).standardError.hasPrefix("hubctl: no store given: pass --store PATH or set ONETHING_STORE"))
        #expect(try fixture.hubctl("show").status == 2)
        #expect(try fixture.hubctl("resend", "GX-OPEN-1").status == 2)
        #expect(try fixture.hubctl("deadletters", "--limit", "-3").status == 2)
    }

    @Test func storeFromTheEnvironment() throws {
        let fixture = try StoreFixture()
        let result = try Hubctl.run(["list", "--limit", "1"], environment: ["ONETHING_STORE": fixture.path])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("GX-SUPP-5"))
        let flagWins = try Hubctl.run(["--store", "/nonexistent/store.sqlite", "list"], environment: ["ONETHING_STORE": fixture.path])
        #expect(flagWins.status == 3)
    }

    @Test func missingStoreIsExitThreeAndNothingIsCreated() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("absent.sqlite")
        for arguments in [["list"], ["resend", "GX-1", "M01"], ["show", "GX-1", "--reveal", "--operator", "o", "--reason", "r"]] {
            let result = try Hubctl.run(["--store", path] + arguments)
            #expect(result.status == 3)
            #expect(result.standardError == "hubctl: no store at \(path) (check --store or ONETHING_STORE; hubd creates it on first start)\n")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        let json = try Hubctl.run(["--store", path, "--json", "stats"])
        #expect(try json.json().object("error")?.string("code") == "store-error")
    }

    @Test func notADatabaseIsExitThree() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("junk.sqlite")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let result = try Hubctl.run(["--store", path, "list"])
        #expect(result.status == 3)
        #expect(result.standardError.contains("not a database"))
        let folder = try Hubctl.run(["--store", directory.url.path, "list"])
        #expect(folder.status == 3)
        #expect(folder.standardError.contains("is a directory"))
    }

    @Test func newerSchemaIsExitThree() throws {
        let fixture = try StoreFixture()
        if SQLiteShell.isInstalled {
            try SQLiteShell.run(fixture.path, "PRAGMA user_version = 99;")
        } else {
            try StoreFile.setUserVersion(99, at: fixture.path)
        }
        for arguments in [["list"], ["withdraw", "GX-OPEN-1", "--reason", "x"]] {
            let result = try Hubctl.run(["--store", fixture.path] + arguments)
            #expect(result.status == 3)
            #expect(result.standardError == "hubctl: store \(fixture.path) has schema version 99, newer than this hubctl supports (\(CorrelationStore.schemaVersion)); use the hubctl that matches the running hubd\n")
        }
    }

    @Test func headerEditSetsTheSchemaVersionLikeThePragma() throws {
        let fixture = try StoreFixture()
        // One past the newest version this hubctl knows (whatever migrations were added since).
        let newer = CorrelationStore.schemaVersion + 1
        try StoreFile.setUserVersion(UInt32(newer), at: fixture.path)
        let result = try fixture.hubctl("stats")
        #expect(result.status == 3)
        #expect(result.standardError.contains("has schema version \(newer), newer than"))
    }

    /// Another process's write transaction (hubd's, or a stuck one) holds the write lock:
    /// an order waits up to --lock-timeout and fails with exit 3, while reads go on.
    @Test func writeLockHeldTooLongIsExitThreeForOrdersOnly() throws {
        let fixture = try StoreFixture()
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let path = fixture.path
        let holder = Thread {
            defer { done.signal() }
            guard let store = try? CorrelationStore(path: path) else { holding.signal(); return }
            try? store.write { writer in
                try writer.appendHistory(HistoryEntry(applicationID: "GX-OPEN-1", at: Date(), kind: "reply", detail: "Held."))
                holding.signal()
                _ = release.wait(timeout: .now() + 20)
            }
        }
        holder.start()
        holding.wait()
        defer {
            release.signal()
            done.wait()
        }
        let started = Date()
        let order = try fixture.hubctl("resend", "GX-OPEN-1", "M07", "--lock-timeout", "0.3")
        #expect(order.status == 3)
        #expect(order.standardError.contains("is locked by another process and stayed locked past the lock timeout"))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try fixture.hubctl("list", "--lock-timeout", "0.3").status == 0, "readers are not blocked by a writer")
        #expect(try fixture.hubctl("show", "GX-OPEN-1", "--lock-timeout", "0.3").status == 0)
    }

    /// A process holding the database in exclusive locking mode blocks even readers.
    @Test(.enabled(if: SQLiteShell.isInstalled, "needs the sqlite3 shell"))
    func storeLockedExclusivelyIsExitThree() throws {
        let fixture = try StoreFixture()
        let holder = try SQLiteShell.holdExclusiveLock(fixture.path)
        defer { holder.release() }
        let started = Date()
        let result = try fixture.hubctl("list", "--lock-timeout", "0.3")
        let waited = Date().timeIntervalSince(started)
        #expect(result.status == 3)
        #expect(result.standardError.contains("locked by another process"), "\(result.standardError)")
        #expect(waited < 5, "gave up after the lock timeout, not later (\(waited) s)")
        holder.release()
        #expect(try fixture.hubctl("list").status == 0, "usable again once the lock is gone")
    }
}
