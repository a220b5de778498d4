/// The catalogue files are inconsistent or malformed; `file` names the culprit.
public struct CatalogueError: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let reason: String
    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
    public var description: String { "\(file): \(reason)" }
}
