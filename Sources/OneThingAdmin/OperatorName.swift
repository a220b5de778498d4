import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who is at the terminal, for orders and reveal records: `USER`, else `LOGNAME`, else
/// the account of the process's user id, else the numeric id itself.
enum OperatorName {
    static func resolve(_ environment: [String: String]) -> String {
        for key in ["USER", "LOGNAME"] {
            if let name = environment[key]?.trimmingSpaces, !name.isEmpty { return name }
        }
        let uid = getuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        return "uid \(uid)"
    }
}
