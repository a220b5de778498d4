import Foundation
import OneThingSupport
import Testing
@testable import OneThingAdmin

/// `HubctlMain.run` in-process, as `main.swift` calls it, with captured output.
@Suite struct HubctlMainTests {
    final class Captured: Sendable {
        private let out = Locked(""), err = Locked("")
        var standard: String { out.withLock { $0 } }
        var error: String { err.withLock { $0 } }
        var output: HubctlOutput {
            HubctlOutput(standard: { [out] text in out.withLock { $0 += text } },
                         error: { [err] text in err.withLock { $0 += text } })
        }
    }

    @Test func runsInProcessWithTheGivenEnvironment() throws {
        let fixture = try StoreFixture()
        let captured = Captured()
        let status = HubctlMain.run(arguments: ["deadletters", "--limit", "1"],
                                    environment: ["ONETHING_STORE": fixture.path, "TZ": "UTC"], output: captured.output)
        #expect(status == 0)
        #expect(captured.standard.contains(" 3  2026-11-01 04:00:00  wrong-department"), "TZ comes from the given environment")
        #expect(captured.error.isEmpty)
    }

    @Test func exitCodesInProcess() throws {
        let fixture = try StoreFixture()
        let environment = ["ONETHING_STORE": fixture.path, "USER": "in.process"]
        #expect(HubctlMain.run(arguments: ["--help"], environment: [:], output: Captured().output) == 0)
        #expect(HubctlMain.run(arguments: ["bogus"], environment: environment, output: Captured().output) == 2)
        #expect(HubctlMain.run(arguments: ["show", "GX-NOPE"], environment: environment, output: Captured().output) == 1)
        #expect(HubctlMain.run(arguments: ["--store", fixture.directory.path("none"), "stats"], environment: [:],
                               output: Captured().output) == 3)
        let captured = Captured()
        #expect(HubctlMain.run(arguments: ["withdraw", "GX-SUPP-5", "--reason", "asked"], environment: environment,
                               output: captured.output) == 0)
        #expect(captured.standard.contains("requested by in.process"))
    }

    @Test func timeZoneFromTheEnvironment() {
        #expect(HubctlMain.timeZone(["TZ": "Asia/Shanghai"]).identifier == "Asia/Shanghai")
        #expect(HubctlMain.timeZone(["TZ": ":Europe/Berlin"]).identifier == "Europe/Berlin")
        #expect(HubctlMain.timeZone(["TZ": "Not/AZone"]) == TimeZone.current)
        #expect(OperatorName.resolve(["USER": "a", "LOGNAME": "b"]) == "a")
        #expect(OperatorName.resolve(["USER": " ", "LOGNAME": "b"]) == "b")
        #expect(!OperatorName.resolve([:]).isEmpty, "falls back to the account of the user id")
    }
}
