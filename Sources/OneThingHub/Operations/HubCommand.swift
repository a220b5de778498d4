/// What one `hubd` invocation asks for, as parsed by `HubCommandLine.parse`.
public enum HubCommand: Sendable, Equatable {
    /// `hubd run`: the daemon.
    case run(HubConfiguration)
    /// `hubd topics create`: provision every topic of the catalogue's flows.
    case createTopics(HubTopicsConfiguration)
    /// `hubd demo`: the self-contained demonstration on the in-process mock cluster.
    case demo(HubDemoConfiguration)
    /// `hubd keys generate`: key pairs for the hub, departments and channels.
    case generateKeys(HubKeysConfiguration)
    /// `hubd sign`: the signature headers for a message, for command-line producers.
    case sign(HubSignConfiguration)
    /// `--help`/`-h` somewhere it is allowed: print `usage` to stdout and exit 0.
    case help(usage: String)
}
