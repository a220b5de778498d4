import OneThingExchange

/// What a command answers, in both forms: text for a person, JSON for a script. Both
/// are rendered only when asked for, so `--json` never pays for aligning a table.
struct CommandOutput {
    let text: () -> String
    let json: () -> JSONValue
}
