import Foundation

/// A fresh directory per test under the system's temporary directory, removed with
/// everything in it when the value is released, so a failing test leaves nothing behind.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    /// `prefix` names the directory (`<prefix>-<UUID>`), so a leftover one says which
    /// tests made it.
    public init(prefix: String = "onething-tests") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` in the directory (a store file by default).
    public func path(_ name: String = "store.sqlite") -> String {
        url.appendingPathComponent(name).path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
