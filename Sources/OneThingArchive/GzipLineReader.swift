import CZlib
import Glibc

/// Reads a gzip file (every concatenated member) line by line, streaming: a monthly
/// archive may be far larger than memory should hold. A file whose last member was cut
/// short (a crash while it was appended, before the store's cut-back) yields every
/// complete line before it and then reports `isTruncated` instead of failing.
public final class GzipLineReader {
    public let path: String
    private let file: gzFile
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// The stream ended inside a member (or with a damaged one): the lines read are
    /// all the file holds intact.
    public private(set) var isTruncated = false

    public init(path: String) throws(ArchiveError) {
        self.path = path
        guard let file = gzopen(path, "rb") else {
            throw ArchiveError.io(path: path, operation: "open", message: String(cString: strerror(errno)))
        }
        self.file = file
    }

    deinit {
        gzclose(file)
    }

    /// The next line without its newline; nil at the end. A last line without a
    /// newline is returned only when the stream ended cleanly.
    public func nextLine() -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count, !isTruncated else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            fill()
        }
    }

    private func fill() {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let read = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
        if read > 0 {
            buffer.append(contentsOf: chunk[0..<Int(read)])
            return
        }
        atEnd = true
        var code: Int32 = 0
        _ = gzerror(file, &code)
        if read < 0 || code != Z_OK { isTruncated = true }
    }
}
