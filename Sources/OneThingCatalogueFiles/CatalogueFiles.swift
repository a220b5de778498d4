import Foundation

/// Reads the catalogue's JSON files for `Catalogue.load(files:)`, which is pure and takes
/// bytes keyed by path relative to the catalogue directory (`"<flow>/flow.json"`, always
/// with `/` separators, whatever the platform).
public enum CatalogueFiles {
    /// A catalogue file larger than this is refused: the catalogue is hand-written data, so
    /// a huge file means a wrong directory, and reading it would only waste memory.
    public static let maximumFileSize = 8 * 1024 * 1024

    /// Every `*.json` file below `directory` (hidden files and directories skipped).
    public static func read(directory: String) throws(CatalogueLocationError) -> [String: [UInt8]] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        guard CatalogueLocator.isDirectory(root.path) else {
            throw CatalogueLocationError(message: "catalogue directory '\(directory)' does not exist or is not a directory")
        }
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else {
            throw CatalogueLocationError(message: "cannot list catalogue directory '\(directory)'")
        }
        var files: [String: [UInt8]] = [:]
        for case let relativePath as String in enumerator {
            let components = relativePath.split(separator: "/")
            guard relativePath.hasSuffix(".json"), !components.contains(where: { $0.hasPrefix(".") }) else { continue }
            let relative = components.joined(separator: "/")
            let path = root.appendingPathComponent(relativePath).path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                  !isDirectory.boolValue else { continue }
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            if let size = (try? FileManager.default.attributesOfItem(atPath: target))?[.size] as? Int,
               size > maximumFileSize {
                throw CatalogueLocationError(message: "catalogue file '\(relative)' is \(size) bytes, over the \(maximumFileSize)-byte limit")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CatalogueLocationError(message: "cannot read catalogue file '\(relative)'")
            }
            files[relative] = [UInt8](data)
        }
        return files
    }
}
