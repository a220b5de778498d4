import Foundation
import Testing

extension StoreFixture {
    /// Runs hubctl against this fixture's store.
    func hubctl(_ arguments: String..., environment: [String: String] = [:]) throws -> HubctlResult {
        try Hubctl.run(["--store", path] + arguments, environment: environment)
    }
}

/// The checkout's catalogue (Topics/), found from this source file.
let checkoutCatalogue: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Topics").path

/// Loose JSON access for assertions.
extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
    func array(_ key: String) -> [[String: Any]] { (self[key] as? [[String: Any]]) ?? [] }
    func string(_ key: String) -> String? { self[key] as? String }
    func int(_ key: String) -> Int? { (self[key] as? NSNumber)?.intValue }
    func double(_ key: String) -> Double? { (self[key] as? NSNumber)?.doubleValue }
    func bool(_ key: String) -> Bool? { (self[key] as? NSNumber)?.boolValue }
    func isNull(_ key: String) -> Bool { self[key] is NSNull }
}

/// The lines of `text` between the line starting with `heading` and the next blank line.
func section(_ heading: String, in text: String) -> [String] {
    let lines = text.components(separatedBy: "\n")
    guard let start = lines.firstIndex(where: { $0.hasPrefix(heading) }) else { return [] }
    return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
}
