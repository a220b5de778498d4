import Foundation
import OneThingArchive
import OneThingExchange
import OneThingStore
import OneThingSupport

/// hubctl as a function: parses the command line, runs the command against the store
/// and writes the answer, returning the exit code (0 success, 1 not found or nothing
/// to do, 2 usage error, 3 store error). `main.swift` only calls this.
public enum HubctlMain {
    /// - Parameters:
    ///   - arguments: the command line without the program name.
    ///   - environment: `ONETHING_STORE`, `ONETHING_CATALOGUE`, `ONETHING_LOCK_TIMEOUT`,
    ///     `ONETHING_OPERATOR` (who reveals), `TZ` (local time of the output),
    ///     `USER`/`LOGNAME` (the account recorded with orders and reveals).
    public static func run(arguments: [String], environment: [String: String], output: HubctlOutput) -> Int32 {
        let request: HubctlRequest
        do {
            request = try HubctlArguments.parse(arguments, environment: environment)
        } catch {
            output.error("hubctl: \(error.message)\n\n" + error.usage)
            return HubctlExitCode.usage
        }
        switch request {
        case .help(let command):
            output.standard(command.map(HubctlUsage.command) ?? HubctlUsage.tool)
            return HubctlExitCode.success
        case .run(let invocation):
            return execute(invocation, environment: environment, output: output)
        }
    }

    static func execute(_ invocation: HubctlInvocation, environment: [String: String], output: HubctlOutput) -> Int32 {
        let presentation = Presentation(now: Date(), dates: DateText(timeZone: timeZone(environment)),
                                        redactor: PersonalDataRedactor(reveal: revealing(invocation.command)))
        do {
            let answer: CommandOutput
            if let cluster = invocation.cluster {
                answer = try ClusterCommands.run(invocation, cluster: cluster, environment: environment,
                                                 presentation: presentation)
            } else {
                let session = try HubctlStore.open(path: invocation.storePath ?? "", writable: invocation.command.writes,
                                                   lockTimeout: invocation.lockTimeout)
                answer = try command(invocation, environment: environment).run(session, presentation)
            }
            output.standard(invocation.json ? String(decoding: answer.json().serializedPretty(), as: UTF8.self) + "\n" : answer.text())
            return HubctlExitCode.success
        } catch {
            let error = archivedHint(error, invocation, environment: environment)
            output.error("hubctl: \(error.description)\n")
            if invocation.json {
                let object = Presentation.object([("error", Presentation.object([
                    ("code", .string(error.code)), ("message", .string(error.description))]))])
                output.standard(String(decoding: object.serializedPretty(), as: UTF8.self) + "\n")
            }
            return error.exitCode
        }
    }

    /// The archive hubd writes for this store: `ONETHING_ARCHIVE_DIR` (what hubd reads
    /// too), else beside the store.
    static func archiveDirectory(_ invocation: HubctlInvocation, environment: [String: String]) -> String {
        if let directory = environment["ONETHING_ARCHIVE_DIR"], !directory.isEmpty { return directory }
        return ArchiveDirectory.defaultPath(forStore: invocation.storePath ?? "")
    }

    /// `show` of an application not in the store: says so, and where it is when the
    /// archive holds it (it was final and older than the retention period).
    private static func archivedHint(_ error: HubctlFailure, _ invocation: HubctlInvocation,
                                     environment: [String: String]) -> HubctlFailure {
        guard invocation.cluster == nil, case .notFound(let message) = error, case .show(let id, _, _) = invocation.command
        else { return error }
        let directory = archiveDirectory(invocation, environment: environment)
        guard let found = try? ArchivedShowCommand.find(id, in: directory) else { return error }
        return .notFound(message + "; it was archived to \(directory)/\(found.file): hubctl show \(id) --archive")
    }

    private static func revealing(_ command: HubctlCommand) -> Bool {
        if case .show(_, _, let reveal) = command { return reveal != nil }
        return false
    }

    /// The command to run, with what it needs from outside the store.
    static func command(_ invocation: HubctlInvocation, environment: [String: String]) -> any AdminCommand {
        switch invocation.command {
        case .list(let state, let department, let limit):
            return ListCommand(state: state, department: department, limit: limit)
        case .showArchived(let id, let directory, let history):
            return ArchivedShowCommand(applicationID: id,
                                       directory: directory ?? archiveDirectory(invocation, environment: environment),
                                       history: history,
                                       catalogue: CatalogueSource(explicitPath: invocation.cataloguePath).load())
        case .show(let id, let history, let reveal):
            return ShowCommand(applicationID: id, history: history, reveal: reveal,
                               account: OperatorName.resolve(environment),
                               catalogue: CatalogueSource(explicitPath: invocation.cataloguePath).load())
        case .overdue(let department):
            let catalogue = try? CatalogueSource(explicitPath: invocation.cataloguePath).load().get()
            let fractions = Set(catalogue?.flows.map(\.dueSoonFraction) ?? [])
            return OverdueCommand(department: department,
                                  dueSoonFraction: fractions.count == 1 ? fractions.first ?? 0.8 : 0.8)
        case .stats(let grouping):
            return StatsCommand(grouping: grouping,
                                catalogue: try? CatalogueSource(explicitPath: invocation.cataloguePath).load().get())
        case .deadLetters(let limit):
            return DeadLettersCommand(limit: limit)
        case .resend(let id, let matter):
            return OrderCommand(applicationID: id, kind: .resend(matter: matter),
                                operatorName: OperatorName.resolve(environment))
        case .withdraw(let id, let reason):
            return OrderCommand(applicationID: id, kind: .withdraw(reason: reason),
                                operatorName: OperatorName.resolve(environment))
        case .rectifications(let department):
            return RectificationsCommand(department: department)
        case .cards(let department, let level):
            return CardsCommand(department: department, level: level)
        case .verify(let keys):
            return VerifyCommand(keysDirectory: keys)
        case .evidence(let id):
            return EvidenceCommand(applicationID: id)
        }
    }

    /// `TZ` of the given environment when it names a zone, else the process's zone.
    static func timeZone(_ environment: [String: String]) -> TimeZone {
        guard let name = environment["TZ"], !name.isEmpty else { return .current }
        let identifier = name.hasPrefix(":") ? String(name.dropFirst()) : name
        return TimeZone(identifier: identifier) ?? .current
    }
}

/// A command over an open store.
protocol AdminCommand {
    func run(_ session: HubctlStore, _ presentation: Presentation) throws(HubctlFailure) -> CommandOutput
}

extension ListCommand: AdminCommand {}
extension ShowCommand: AdminCommand {}
extension OverdueCommand: AdminCommand {}
extension StatsCommand: AdminCommand {}
extension DeadLettersCommand: AdminCommand {}
extension OrderCommand: AdminCommand {}
extension RectificationsCommand: AdminCommand {}
extension CardsCommand: AdminCommand {}
extension VerifyCommand: AdminCommand {}
extension EvidenceCommand: AdminCommand {}
