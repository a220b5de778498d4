import OneThingExchange

/// What a command answers, in both forms: text for a person, JSON for a script. Both
/// are rendered only when asked for, so `--json` never pays for aligning a table.
struct CommandOutput {
    let text: () -> String
    let json: () -> JSONValue
}

extension CommandOutput {
    /// Both forms rendered now, for an answer that must outlive what it was read from
    /// (the cluster's view is removed once the command ran).
    func rendered() -> CommandOutput {
        let text = text(), json = json()
        return CommandOutput(text: { text }, json: { json })
    }
}
