import Foundation
import OneThingTestSupport
import Testing

/// Runs the real `hubctl` executable (built by `swift build --build-tests` beside the
/// test bundle) and captures what it printed and its exit code.
struct HubctlResult {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// Standard output as JSON (for `--json` runs).
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(standardOutput.utf8))
        return try #require(object as? [String: Any], "hubctl --json printed no JSON object: \(standardOutput)")
    }
}

enum Hubctl {
    /// The built product: beside the test bundle (`.build/<triple>/debug/`), else the
    /// checkout's `.build/debug/` found from this source file.
    static var executablePath: String {
        get throws {
            var candidates: [String] = []
            if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
                if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
                candidates.append(directory.appendingPathComponent("hubctl").path)
            }
            if let bundle = Bundle.main.executableURL {
                candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("hubctl").path)
            }
            let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(checkout.appendingPathComponent(".build/debug/hubctl").path)
            return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) },
                                "hubctl is not built (run `swift build --build-tests`); looked at \(candidates)")
        }
    }

    /// The environment every run gets: a fixed zone and operator, no inherited store.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "ONETHING_STORE")
        environment.removeValue(forKey: "ONETHING_CATALOGUE")
        environment["TZ"] = "Asia/Shanghai"
        environment["USER"] = "tester"
        environment["LOGNAME"] = "tester"
        environment.merge(extra) { _, new in new }
        return environment
    }

    static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> HubctlResult {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: try executablePath)
        process.arguments = arguments
        process.environment = environment(extra)
        // Files, not pipes: a long answer can never fill a pipe and stall the child.
        let directory = FileManager.default.temporaryDirectory
        let outputURL = directory.appendingPathComponent("hubctl-out-\(UUID().uuidString)")
        let errorURL = directory.appendingPathComponent("hubctl-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        let output = try FileHandle(forWritingTo: outputURL), error = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = .file(output)
        process.standardError = .file(error)
        process.standardInput = .nullDevice
        try process.run()
        process.waitUntilExit()
        try output.close()
        try error.close()
        return HubctlResult(status: process.terminationStatus,
                            standardOutput: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
                            standardError: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
    }
}
