import CZlib

/// Compresses bytes into one complete gzip member (RFC 1952: header, deflate data,
/// CRC-32 and length). Members concatenated in one file are one valid gzip file
/// (`zcat` and `GzipLineReader` read them all), which is what lets the archive append a
/// batch at a time without rewriting what is there.
public enum GzipMember {
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(ArchiveError) -> [UInt8] {
        let stream = try DeflateStream(level: level)
        return try stream.compress(bytes)
    }
}

/// A zlib deflate stream, owned: freed (`deflateEnd`) with the object.
final class DeflateStream {
    private let stream: UnsafeMutablePointer<z_stream>

    init(level: Int32) throws(ArchiveError) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let code = onething_deflate_init_gzip(stream, level)
        guard code == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ArchiveError.compression(path: "(memory)", message: "deflateInit2 failed (\(code))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func compress(_ input: [UInt8]) throws(ArchiveError) -> [UInt8] {
        let bound = Int(deflateBound(stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        var mutableInput = input
        let code: Int32 = mutableInput.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointee.next_in = inBuffer.baseAddress
                stream.pointee.avail_in = uInt(inBuffer.count)
                stream.pointee.next_out = outBuffer.baseAddress
                stream.pointee.avail_out = uInt(outBuffer.count)
                return deflate(stream, Z_FINISH)
            }
        }
        guard code == Z_STREAM_END else {
            throw ArchiveError.compression(path: "(memory)", message: "deflate did not finish (\(code))")
        }
        output.removeSubrange(Int(stream.pointee.total_out)...)
        return output
    }
}
