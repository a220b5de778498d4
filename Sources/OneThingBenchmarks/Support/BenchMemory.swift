import Foundation

/// Resident memory of this process, from `/proc/self/status` (Linux).
enum BenchMemory {
    /// Peak resident set size (VmHWM) in bytes; nil where /proc is missing.
    static var peakResident: Int? { field("VmHWM:") }
    /// Current resident set size (VmRSS) in bytes.
    static var resident: Int? { field("VmRSS:") }

    /// Resets the peak to the current resident size (`echo 5 > /proc/self/clear_refs`,
    /// Linux >= 4.0), so each phase's peak can be read on its own. False when refused.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
    }

    private static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let number = line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
            return number.map { $0 * 1024 }   // the kernel writes kB
        }
        return nil
    }
}
