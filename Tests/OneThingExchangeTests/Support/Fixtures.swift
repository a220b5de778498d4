import Foundation
@testable import OneThingExchange

/// Files the tests read: the package's Topics/ catalogue and this target's fixtures.
/// (Tests may do I/O; the module may not.)
enum Fixtures {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let topics = packageRoot.appendingPathComponent("Topics")
    static let fixtures = testsFolder.appendingPathComponent("Fixtures")

    /// Every file under a folder, keyed by its path relative to the folder.
    static func files(under folder: URL) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return result }
        while let relative = enumerator.nextObject() as? String {
            let url = URL(fileURLWithPath: base).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               let data = FileManager.default.contents(atPath: url.path) {
                result[relative] = Array(data)
            }
        }
        return result
    }

    static func bytes(at url: URL) -> [UInt8] {
        Array(FileManager.default.contents(atPath: url.path) ?? Data())
    }

    static func bytes(_ relative: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: fixtures.appendingPathComponent(relative).path) ?? Data())
    }

    static func json(_ relative: String) throws -> JSONValue {
        try JSONValue(parsing: bytes(relative))
    }

    static func loadCatalogue() throws -> Catalogue {
        try Catalogue.load(files: files(under: topics))
    }

    /// The retirement flow, loaded once.
    static let retirement: Flow? = try? loadCatalogue().flow(named: "retirement")
}
