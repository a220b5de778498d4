import OneThingExchange
import OneThingStore

/// Finds applications in an archive directory (`hubctl show --archive`).
public enum ArchiveSearch {
    /// One application as an archive file holds it.
    public struct Found: Sendable {
        public var archived: ArchivedApplication
        /// The file's name in the directory.
        public var file: String
    }

    /// The newest archived copy of the application (the last line naming it, files in
    /// month order: an application changed after it was archived is archived again
    /// later, and that copy supersedes the first), or nil. Lines that do not name the id
    /// are not parsed.
    public static func find(applicationID id: String, in directory: ArchiveDirectory) throws -> Found? {
        guard directory.exists else { return nil }
        let needle = Array("\"id\":".utf8) + JSONString.quoted(id)
        var found: Found?
        for name in try directory.files() {
            let reader = try GzipLineReader(path: directory.path + "/" + name)
            while let line = reader.nextLine() {
                guard contains(line, needle) else { continue }
                let archived = try ArchiveRecordCodec.decode(line)
                if archived.id == id { found = Found(archived: archived, file: name) }
            }
        }
        return found
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

/// A string as the archive's JSON writes it (quoted, escaped), to find it in a line.
enum JSONString {
    static func quoted(_ text: String) -> [UInt8] {
        JSONValue.string(text).serialized()
    }
}
