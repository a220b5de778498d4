import Foundation
import OneThingExchange

/// Finds and loads the flow catalogue for `show`'s matter graph and `overdue`'s due-soon
/// share, the way hubd finds it: the explicit directory (`--catalogue` /
/// `ONETHING_CATALOGUE`), else an installed `../share/onething-hub/Topics` beside the
/// executable, else the first `Topics/` above the executable (a checkout's
/// `.build/debug/hubctl`), else the first above this source file.
///
/// hubctl works without a catalogue (it only draws less), so failures come back as a
/// sentence to show the operator, never as an exit code.
struct CatalogueSource {
    var explicitPath: String?
    var executablePath: String?
    var sourceFilePath: String?

    init(explicitPath: String?, executablePath: String? = CatalogueSource.currentExecutablePath(),
         sourceFilePath: String? = #filePath) {
        self.explicitPath = explicitPath
        self.executablePath = executablePath
        self.sourceFilePath = sourceFilePath
    }

    static func currentExecutablePath() -> String? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return target }
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path
    }

    /// The catalogue, or why there is none.
    func load() -> Result<Catalogue, CatalogueUnavailable> {
        let directory: String
        switch locate() {
        case .success(let found): directory = found
        case .failure(let reason): return .failure(reason)
        }
        let files: [String: [UInt8]]
        do {
            files = try Self.readFiles(in: directory)
        } catch {
            return .failure(error)
        }
        do {
            return .success(try Catalogue.load(files: files))
        } catch {
            return .failure(CatalogueUnavailable(reason: "the catalogue in \(directory) does not load: \(error)"))
        }
    }

    func locate() -> Result<String, CatalogueUnavailable> {
        if let explicitPath {
            let path = URL(fileURLWithPath: explicitPath).standardizedFileURL.path
            return Self.isDirectory(path) ? .success(path)
                : .failure(CatalogueUnavailable(reason: "catalogue directory \(explicitPath) does not exist"))
        }
        if let executablePath {
            let bin = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
            let installed = bin.appendingPathComponent("../share/onething-hub/Topics").standardizedFileURL.path
            if Self.looksLikeCatalogue(installed) { return .success(installed) }
            if let found = Self.ancestorCatalogue(from: bin) { return .success(found) }
        }
        if let sourceFilePath, let found = Self.ancestorCatalogue(from: URL(fileURLWithPath: sourceFilePath).deletingLastPathComponent()) {
            return .success(found)
        }
        return .failure(CatalogueUnavailable(reason: "no catalogue found (pass --catalogue DIR or set ONETHING_CATALOGUE)"))
    }

    static func ancestorCatalogue(from directory: URL) -> String? {
        var current = directory.standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent("Topics").path
            if looksLikeCatalogue(candidate) { return candidate }
            let parent = current.deletingLastPathComponent().standardizedFileURL
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// A directory with some `<flow>/flow.json`: hubctl names no flow.
    static func looksLikeCatalogue(_ path: String) -> Bool {
        guard isDirectory(path), let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return entries.contains { FileManager.default.fileExists(atPath: path + "/" + $0 + "/flow.json") }
    }

    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// Every `*.json` below `directory`, keyed by relative path with `/` separators.
    static func readFiles(in directory: String) throws(CatalogueUnavailable) -> [String: [UInt8]] {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw CatalogueUnavailable(reason: "cannot list catalogue directory \(directory)")
        }
        var files: [String: [UInt8]] = [:]
        for case let relative as String in enumerator {
            let components = relative.split(separator: "/")
            guard relative.hasSuffix(".json"), !components.contains(where: { $0.hasPrefix(".") }) else { continue }
            let path = root + "/" + relative
            guard !isDirectory(path) else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CatalogueUnavailable(reason: "cannot read catalogue file \(relative)")
            }
            files[components.joined(separator: "/")] = [UInt8](data)
        }
        return files
    }
}

/// Why no catalogue is at hand: shown to the operator beside the flat matter list.
struct CatalogueUnavailable: Error, Sendable, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
