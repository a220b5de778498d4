import Foundation
import OneThingExchange
import OneThingStore
import OneThingTestSupport
import Testing
@testable import OneThingArchive

/// The archive's files: gzip members appended one batch at a time, read back as one
/// stream of lines, cut back after an interrupted batch, owned by one store.
@Suite struct ArchiveFileTests {
    private func lines(_ path: String) throws -> (lines: [String], truncated: Bool) {
        let reader = try GzipLineReader(path: path)
        var lines: [String] = []
        while let line = reader.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
        return (lines, reader.isTruncated)
    }

    @Test func membersAppendedOneByOneReadAsOneStream() throws {
        let temporary = try TemporaryDirectory()
        let directory = ArchiveDirectory(path: temporary.path("archive"))
        try directory.claim(owner: "store-1")
        let name = ArchiveDirectory.fileName(year: 2025, month: 11)
        #expect(name == "2025-11.jsonl.gz")
        var offset: Int64 = 0
        for batch in 0..<3 {
            let text = (0..<4).map { "{\"batch\":\(batch),\"line\":\($0),\"名\":\"韦明\"}\n" }.joined()
            #expect(try directory.size(of: name) == offset)
            try directory.append(try GzipMember.compress(Array(text.utf8)), to: name, at: offset)
            offset = try directory.size(of: name)
        }
        let read = try lines(temporary.path("archive/\(name)"))
        #expect(read.lines.count == 12)
        #expect(read.lines.first == "{\"batch\":0,\"line\":0,\"名\":\"韦明\"}")
        #expect(read.lines.last == "{\"batch\":2,\"line\":3,\"名\":\"韦明\"}")
        #expect(!read.truncated)
        #expect(try directory.files() == [name])
        // gzip for real: the system's gzip reads the concatenated members too.
        let gzip = ChildProcess()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-t", temporary.path("archive/\(name)")]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
    }

    @Test func aMemberCutShortYieldsTheCompleteLinesBeforeIt() throws {
        let temporary = try TemporaryDirectory()
        let directory = ArchiveDirectory(path: temporary.path("archive"))
        try directory.claim(owner: "store-1")
        let name = "2025-12.jsonl.gz"
        try directory.append(try GzipMember.compress(Array("one\ntwo\n".utf8)), to: name, at: 0)
        let intact = try directory.size(of: name)
        let second = try GzipMember.compress(Array((0..<2_000).map { "line \($0) of a batch cut short\n" }.joined().utf8))
        try directory.append(Array(second.prefix(second.count / 2)), to: name, at: intact)
        let read = try lines(temporary.path("archive/\(name)"))
        #expect(read.truncated)
        #expect(Array(read.lines.prefix(2)) == ["one", "two"])
        #expect(read.lines.dropFirst(2).allSatisfy { $0.hasPrefix("line ") && $0.hasSuffix("cut short") })

        // Cutting back to the recorded size removes the broken member for good.
        try directory.cutBack(name, to: intact)
        let again = try lines(temporary.path("archive/\(name)"))
        #expect(again.lines == ["one", "two"])
        #expect(!again.truncated)
        // Appending at an offset replaces whatever lay beyond it.
        try directory.append(try GzipMember.compress(Array("three\n".utf8)), to: name, at: intact)
        #expect(try lines(temporary.path("archive/\(name)")).lines == ["one", "two", "three"])
    }

    @Test func aDirectoryBelongsToOneStore() throws {
        let temporary = try TemporaryDirectory()
        let directory = ArchiveDirectory(path: temporary.path("archive"))
        try directory.claim(owner: "store-1")
        try directory.claim(owner: "store-1")
        #expect(throws: ArchiveError.foreignDirectory(path: directory.path, owner: "store-1")) {
            try directory.claim(owner: "store-2")
        }
        #expect(try directory.files().isEmpty)
    }

    @Test func theDefaultDirectoryIsBesideTheStore() {
        #expect(ArchiveDirectory.defaultPath(forStore: "/var/lib/onething/hub.sqlite") == "/var/lib/onething/hub-archive")
        #expect(ArchiveDirectory.defaultPath(forStore: "hub.db").hasSuffix("/hub-archive"))
    }

    @Test func searchFindsTheNewestCopyOfAnApplication() throws {
        let temporary = try TemporaryDirectory()
        let directory = ArchiveDirectory(path: temporary.path("archive"))
        try directory.claim(owner: "store-1")
        func line(_ id: String, lastEvent: String) -> [UInt8] {
            let record = ApplicationRecord(id: id, flow: "retirement", state: .completed, document: ["applicationId": .string(id)],
                                           contentDigest: "d", submittedEventID: "e-\(id)", outcome: .completed,
                                           lastEvent: lastEvent, updatedAt: Date(timeIntervalSince1970: 1_750_000_000))
            let archived = ArchivedApplication(application: record, history: [], orders: [], processedEvents: [],
                                               archivedAt: Date(timeIntervalSince1970: 1_790_000_000), writer: "store-1")
            return ArchiveRecordCodec.encode(archived) + [UInt8(ascii: "\n")]
        }
        try directory.append(try GzipMember.compress(line("A-1", lastEvent: "first") + line("A-10", lastEvent: "other")),
                             to: "2025-06.jsonl.gz", at: 0)
        try directory.append(try GzipMember.compress(line("A-1", lastEvent: "second")), to: "2025-07.jsonl.gz", at: 0)
        let found = try #require(try ArchiveSearch.find(applicationID: "A-1", in: directory))
        #expect(found.archived.application.lastEvent == "second")
        #expect(found.file == "2025-07.jsonl.gz")
        #expect(try ArchiveSearch.find(applicationID: "A-10", in: directory)?.archived.application.lastEvent == "other")
        #expect(try ArchiveSearch.find(applicationID: "A-2", in: directory) == nil)
        #expect(try ArchiveSearch.find(applicationID: "A-1", in: ArchiveDirectory(path: temporary.path("none"))) == nil)
    }
}
