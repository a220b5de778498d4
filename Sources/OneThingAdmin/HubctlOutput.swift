import Foundation

/// Where hubctl writes: the answer to standard output, errors and usage to standard
/// error. Injected so `HubctlMain.run` can be driven in-process too.
public struct HubctlOutput: Sendable {
    public let standard: @Sendable (String) -> Void
    public let error: @Sendable (String) -> Void

    public init(standard: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
        self.standard = standard
        self.error = error
    }

    /// The process's own standard output and standard error.
    public static let processStreams = HubctlOutput(
        standard: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        error: { text in FileHandle.standardError.write(Data(text.utf8)) })
}

/// hubctl's exit codes (README, "Administering with hubctl").
public enum HubctlExitCode {
    public static let success: Int32 = 0
    /// Not found, or nothing to do (e.g. resend of a final matter).
    public static let notFound: Int32 = 1
    public static let usage: Int32 = 2
    /// Missing, locked, newer-schema or otherwise unusable store.
    public static let store: Int32 = 3
}
