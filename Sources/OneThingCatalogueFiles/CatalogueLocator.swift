import Foundation

/// Finds the catalogue directory (`Topics/`) when `--catalogue` is not given, so `hubd` works
/// the same installed, run from `.build/debug/` in a checkout, or started by `swift test`.
///
/// Tried in order:
/// 1. the explicit directory (flag or `ONETHING_CATALOGUE`): used as given, an error if it
///    is not a directory (a typo must not silently fall back to another catalogue);
/// 2. `<directory of the executable>/../share/onething-hub/Topics` (an installed layout);
/// 3. walking up from the executable's directory, the first ancestor holding a `Topics/`
///    that looks like a catalogue (`.build/debug/hubd` in a checkout);
/// 4. walking up from this source file (`#filePath`) to the checkout it was built from.
///
/// "Looks like a catalogue" means `Topics/<flow>/flow.json` exists for some flow; the
/// locator names no particular flow, since the engine knows none (data over code).
public struct CatalogueLocator: Sendable {
    /// Real path of the running executable (symbolic links resolved), nil if unknown.
    public var executablePath: String?
    /// A file inside the source checkout; by default this very source file.
    public var sourceFilePath: String?

    public init(executablePath: String? = CatalogueLocator.currentExecutablePath(),
                sourceFilePath: String? = CatalogueLocator.checkoutSourceFile) {
        self.executablePath = executablePath
        self.sourceFilePath = sourceFilePath
    }

    /// Where this file was compiled from: the checkout's fallback in step 4.
    public static let checkoutSourceFile: String = #filePath

    /// `/proc/self/exe` where it exists (Linux), else Foundation's idea of the executable.
    public static func currentExecutablePath() -> String? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return target
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path
    }

    /// The catalogue directory as an absolute, standardised path.
    public func locate(explicit: String?) throws(CatalogueLocationError) -> String {
        if let explicit {
            let path = URL(fileURLWithPath: explicit).standardizedFileURL.path
            guard Self.isDirectory(path) else {
                throw CatalogueLocationError(message: "catalogue directory '\(explicit)' does not exist or is not a directory")
            }
            return path
        }
        var tried: [String] = []
        if let executablePath {
            let binDirectory = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
            let installed = binDirectory.appendingPathComponent("../share/onething-hub/Topics").standardizedFileURL.path
            tried.append(installed)
            if Self.looksLikeCatalogue(installed) { return installed }
            if let found = Self.ancestorCatalogue(from: binDirectory) { return found }
            tried.append("Topics/ above \(binDirectory.path)")
        }
        if let sourceFilePath {
            let sourceDirectory = URL(fileURLWithPath: sourceFilePath).deletingLastPathComponent()
            if let found = Self.ancestorCatalogue(from: sourceDirectory) { return found }
            tried.append("Topics/ above \(sourceDirectory.path)")
        }
        throw CatalogueLocationError(
            message: "no catalogue found (tried \(tried.joined(separator: "; "))); pass --catalogue DIR or set ONETHING_CATALOGUE")
    }

    /// The first `<ancestor>/Topics` that looks like a catalogue, starting at `directory`.
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

    /// True when `path` is a directory with at least one `<flow>/flow.json` inside.
    static func looksLikeCatalogue(_ path: String) -> Bool {
        guard isDirectory(path),
              let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return entries.contains { entry in
            FileManager.default.fileExists(atPath: path + "/" + entry + "/flow.json")
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}

/// No catalogue directory could be found or read; the message says where it looked.
public struct CatalogueLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
