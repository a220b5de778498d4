import Testing
import OneThingExchange
import OneThingSupport
@testable import OneThingAdmin

@Suite struct ArgumentsTests {
    private let environment = ["ONETHING_STORE": "/var/lib/hub/env.sqlite"]

    private func invocation(_ arguments: [String], environment: [String: String] = [:]) throws -> HubctlInvocation {
        guard case .run(let invocation) = try HubctlArguments.parse(arguments, environment: environment) else {
            Issue.record("expected a run for \(arguments)")
            throw UsageError("not a run", usage: "")
        }
        return invocation
    }

    private func usageError(_ arguments: [String], environment: [String: String] = [:]) -> UsageError? {
        do {
            _ = try HubctlArguments.parse(arguments, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyCommandWithItsOptions() throws {
        let store = ["--store", "/s.db"]
        #expect(try invocation(store + ["list"]).command == .list(state: nil, department: nil, limit: 50))
        #expect(try invocation(store + ["list", "--state", "in-progress", "--department", "hrss", "--limit", "7"]).command
                == .list(state: .inProgress, department: "hrss", limit: 7))
        #expect(try invocation(store + ["show", "GX-1"]).command == .show(applicationID: "GX-1", history: false, reveal: nil))
        #expect(try invocation(store + ["show", "GX-1", "--history", "--reveal", "--operator", "张三", "--reason", "audit"]).command
                == .show(applicationID: "GX-1", history: true, reveal: RevealRequest(operatorName: "张三", reason: "audit")))
        #expect(try invocation(store + ["overdue", "--department=police"]).command == .overdue(department: "police"))
        #expect(try invocation(store + ["stats"]).command == .stats(by: nil))
        #expect(try invocation(store + ["stats", "--by", "quarter"]).command == .stats(by: .quarter))
        #expect(try invocation(store + ["stats", "--by=region"]).command == .stats(by: .region))
        #expect(try invocation(store + ["deadletters", "--limit=3"]).command == .deadLetters(limit: 3))
        #expect(try invocation(store + ["resend", "GX-1", "M05"]).command == .resend(applicationID: "GX-1", matter: "M05"))
        #expect(try invocation(store + ["withdraw", "GX-1", "--reason", " applicant asked "]).command
                == .withdraw(applicationID: "GX-1", reason: "applicant asked"))
    }

    @Test func globalOptionsAnywhereAndFlagBeatsEnvironment() throws {
        let run = try invocation(["list", "--json", "--store", "/flag.db", "--catalogue", "/cat", "--lock-timeout", "0.25"],
                                 environment: environment)
        #expect(run.storePath == "/flag.db")
        #expect(run.cataloguePath == "/cat")
        #expect(run.json)
        #expect(run.lockTimeout == .milliseconds(250))
        let fromEnvironment = try invocation(["stats"], environment: environment.merging(
            ["ONETHING_CATALOGUE": "/env-cat", "ONETHING_LOCK_TIMEOUT": "2"]) { _, new in new })
        #expect(fromEnvironment.storePath == "/var/lib/hub/env.sqlite")
        #expect(fromEnvironment.cataloguePath == "/env-cat")
        #expect(fromEnvironment.lockTimeout == .seconds(2))
        #expect(!fromEnvironment.json)
        #expect(fromEnvironment.lockTimeout != HubctlInvocation.defaultLockTimeout)
    }

    @Test func helpNeedsNoStore() throws {
        #expect(try HubctlArguments.parse(["--help"], environment: [:]) == .help(nil))
        #expect(try HubctlArguments.parse(["show", "--help"], environment: [:]) == .help(.show))
        #expect(try HubctlArguments.parse(["-h", "withdraw"], environment: [:]) == .help(.withdraw))
        #expect(try HubctlArguments.parse(["help"], environment: [:]) == .help(nil))
        #expect(try HubctlArguments.parse(["help", "stats"], environment: [:]) == .help(.stats))
        #expect(usageError(["help", "bogus"])?.message == "unknown command 'bogus'")
        for name in HubctlCommandName.allCases {
            #expect(HubctlUsage.command(name).contains("hubctl --store PATH \(name.rawValue)"))
        }
    }

    @Test func badCommandLinesNameTheProblemAndTheCommand() {
        #expect(usageError([])?.message == "no command given")
        #expect(usageError(["frobnicate"], environment: environment)?.message == "unknown command 'frobnicate'")
        #expect(usageError(["list"])?.message.contains("no store given") == true)
        #expect(usageError(["list", "--state", "done"], environment: environment)?.usage == HubctlUsage.command(.list))
        #expect(usageError(["list", "--state", "done"], environment: environment)?.message.contains("unknown state 'done'") == true)
        #expect(usageError(["list", "--limit", "0"], environment: environment)?.message.contains("--limit") == true)
        #expect(usageError(["list", "--limit", "ten"], environment: environment) != nil)
        #expect(usageError(["list", "--limit"], environment: environment)?.message == "--limit needs a value")
        #expect(usageError(["list", "--reveal"], environment: environment)?.message == "unknown flag '--reveal' for list")
        #expect(usageError(["show"], environment: environment)?.message == "show needs APPLICATION_ID")
        #expect(usageError(["show", "A", "B"], environment: environment)?.message == "unexpected argument 'B'")
        #expect(usageError(["resend", "A"], environment: environment)?.message == "resend needs MATTER")
        #expect(usageError(["withdraw", "A"], environment: environment)?.message == "withdraw needs --reason TEXT")
        #expect(usageError(["withdraw", "A", "--reason", "  "], environment: environment)?.message == "withdraw needs --reason TEXT")
        #expect(usageError(["stats", "--json=yes"], environment: environment)?.message == "--json takes no value")
        #expect(usageError(["stats", "-x"], environment: environment)?.message == "unknown flag '-x'")
        #expect(usageError(["stats", "--lock-timeout", "-1"], environment: environment) != nil)
        #expect(usageError(["--history", "show", "A"], environment: environment)
                == UsageError("unknown flag '--history' (command options go after the command)", usage: HubctlUsage.tool),
                "a command option before the command word is not known yet")
        #expect(usageError(["list", "--limit", "5", "--limit=6"], environment: environment)?.message
                == "--limit given more than once")
        #expect(usageError(["--store=", "stats"])?.message == "--store must not be empty")
    }

    @Test func whatWritesTheStore() {
        #expect(HubctlCommand.resend(applicationID: "A", matter: "M01").writes)
        #expect(HubctlCommand.withdraw(applicationID: "A", reason: "r").writes)
        #expect(HubctlCommand.show(applicationID: "A", history: false, reveal: RevealRequest(operatorName: "o", reason: "r")).writes)
        #expect(!HubctlCommand.show(applicationID: "A", history: true, reveal: nil).writes)
        #expect(!HubctlCommand.list(state: nil, department: nil, limit: 1).writes)
        #expect(!HubctlCommand.stats(by: .month).writes)
    }
}
