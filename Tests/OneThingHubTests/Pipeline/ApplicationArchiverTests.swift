import Foundation
import OneThingArchive
import OneThingExchange
import OneThingStore
import OneThingTestSupport
import Testing
@testable import OneThingHub

/// The archiver's batches: what goes, where, with which tombstones, and that a crash
/// between writing the file and removing the applications loses nothing and doubles
/// nothing.
@Suite struct ApplicationArchiverTests {
    /// 2025-11-10 and 2025-12-10, 12:00 China Standard Time.
    private let november = Date(timeIntervalSince1970: 1_762_747_200)
    private let december = Date(timeIntervalSince1970: 1_765_339_200)
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func seed(_ store: CorrelationStore, ids: [String], at updatedAt: Date, state: ApplicationState = .completed) throws {
        try store.write { writer in
            for id in ids {
                let record = ApplicationRecord(id: id, flow: "retirement", state: state, document: ["applicationId": .string(id)],
                                               contentDigest: "d-\(id)", submittedEventID: "e-\(id)", acceptedAt: updatedAt,
                                               outcome: state == .completed ? .completed : nil,
                                               matters: [MatterRecord(code: "M10", department: "police", state: .approved)],
                                               lastEvent: state == .completed ? "completed" : "accepted", updatedAt: updatedAt,
                                               ownerEpoch: 3)
                try writer.save(record)
                try writer.appendHistory(HistoryEntry(applicationID: id, at: updatedAt, kind: "submitted", detail: "Received."))
                try writer.markProcessed(eventID: "/channels/online e-\(id)", at: updatedAt, applicationID: id)
            }
        }
    }

    private func archiver(_ store: CorrelationStore, _ directory: ArchiveDirectory, batchSize: Int = 100) -> ApplicationArchiver {
        var archiver = ApplicationArchiver(store: store, directory: directory, flow: TestFlow.retirement,
                                           stateTopic: TestFlow.retirement.topics.state, epoch: { _ in 7 })
        archiver.batchSize = batchSize
        return archiver
    }

    /// Every line of every archive file: (file, application id).
    private func archived(_ directory: ArchiveDirectory) throws -> [(file: String, id: String)] {
        var lines: [(String, String)] = []
        for file in try directory.files() {
            let reader = try GzipLineReader(path: directory.path + "/" + file)
            while let line = reader.nextLine() { lines.append((file, try ArchiveRecordCodec.decode(line).id)) }
            #expect(!reader.isTruncated)
        }
        return lines
    }

    @Test func finalApplicationsGoToTheirMonthsFileAndLeaveTombstones() throws {
        let temporary = try TemporaryDirectory()
        let store = try CorrelationStore(path: temporary.path())
        let directory = ArchiveDirectory(path: temporary.path("archive"))
        try seed(store, ids: ["NOV-1", "NOV-2"], at: november)
        try seed(store, ids: ["DEC-1"], at: december)
        try seed(store, ids: ["OPEN-1"], at: november, state: .inProgress)
        try seed(store, ids: ["RECENT-1"], at: now.addingTimeInterval(-86_400))
        let cutoff = now.addingTimeInterval(-400 * 86_400)
        let first = try archiver(store, directory).archiveBatch(changedBefore: cutoff, partitions: nil, now: now)
        #expect(first.file == "2025-11.jsonl.gz")
        #expect(first.archived == 2)
        let statusTopic = TestFlow.retirement.topics.status, stateTopic = TestFlow.retirement.topics.state
        #expect(first.tombstones.map(\.topic) == [statusTopic, stateTopic, statusTopic, stateTopic])
        #expect(first.tombstones.allSatisfy { $0.isTombstone && $0.value.isEmpty })
        let stateHeaders = try #require(first.tombstones.first { $0.topic == stateTopic }?.headers)
        #expect(stateHeaders.first { $0.key == "state_epoch" }?.value == Array("7".utf8))
        #expect(stateHeaders.first { $0.key == "state_writer" }?.value == Array(store.writerID.utf8))
        #expect(try store.unsentOutbox(limit: 10).map(\.id) == first.tombstones.map(\.id))
        let second = try archiver(store, directory).archiveBatch(changedBefore: cutoff, partitions: nil, now: now)
        #expect(second.file == "2025-12.jsonl.gz")
        #expect(second.archived == 1)
        let third = try archiver(store, directory).archiveBatch(changedBefore: cutoff, partitions: nil, now: now)
        #expect(third.file == nil)
        let idle = ArchiveDirectory(path: temporary.path("never-used"))
        _ = try archiver(store, idle).archiveBatch(changedBefore: cutoff, partitions: nil, now: now)
        #expect(!idle.exists, "nothing to archive creates no directory")
        #expect(try archived(directory).map(\.id) == ["NOV-1", "NOV-2", "DEC-1"])
        #expect(try store.read { try $0.application(id: "NOV-1") } == nil)
        #expect(try store.read { try $0.history(applicationID: "NOV-1") }.isEmpty)
        #expect(try store.read { try $0.application(id: "OPEN-1") } != nil)
        #expect(try store.read { try $0.application(id: "RECENT-1") } != nil)
        let found = try #require(try ArchiveSearch.find(applicationID: "NOV-2", in: directory))
        #expect(found.archived.history.map(\.kind) == ["submitted"])
        #expect(found.archived.application.matters.map(\.code) == ["M10"])
        #expect(found.archived.writer == store.writerID)
    }

    @Test func aCrashBetweenTheFileAndTheStoreNeitherLosesNorDoubles() throws {
        let temporary = try TemporaryDirectory()
        let directory = ArchiveDirectory(path: temporary.path("archive"))
        let cutoff = now.addingTimeInterval(-400 * 86_400)
        do {
            let store = try CorrelationStore(path: temporary.path())
            try seed(store, ids: ["NOV-1", "NOV-2", "NOV-3"], at: november)
            // A first batch that completes, so the crash happens in a file already holding one.
            _ = try archiver(store, directory, batchSize: 1).archiveBatch(changedBefore: cutoff, partitions: nil, now: now)
            var crashing = archiver(store, directory, batchSize: 2)
            crashing.interruptAfterWrite = { true }
            #expect(throws: ApplicationArchiver.Interrupted.self) {
                try crashing.archiveBatch(changedBefore: cutoff, partitions: nil, now: now)
            }
            // On disk: the batch is written and fsynced, the store still holds it all.
            #expect(try archived(directory).map(\.id) == ["NOV-1", "NOV-2", "NOV-3"])
            #expect(try store.read { try $0.application(id: "NOV-2") } != nil)
            #expect(try store.read { try $0.pendingArchiveBatch() }?.applicationIDs == ["NOV-2", "NOV-3"])
            #expect(try store.unsentOutbox(limit: 10).count == 2, "only the first batch's tombstones")
        }
        // The process restarts on the same files.
        let store = try CorrelationStore(path: temporary.path())
        let again = try archiver(store, directory).archiveBatch(changedBefore: cutoff, partitions: nil, now: now)
        #expect(again.recovered?.applicationIDs == ["NOV-2", "NOV-3"])
        #expect(again.archived == 2)
        let lines = try archived(directory).map(\.id)
        #expect(lines == ["NOV-1", "NOV-2", "NOV-3"], "each application once")
        #expect(try store.read { try $0.pendingArchiveBatch() } == nil)
        #expect(try store.read { try $0.application(id: "NOV-3") } == nil)
        #expect(try store.unsentOutbox(limit: 10).filter { $0.topic == TestFlow.retirement.topics.status }.count == 3)
    }

    @Test func aCrashWhileTheFileIsWrittenIsCutOff() throws {
        let temporary = try TemporaryDirectory()
        let directory = ArchiveDirectory(path: temporary.path("archive"))
        let cutoff = now.addingTimeInterval(-400 * 86_400)
        let store = try CorrelationStore(path: temporary.path())
        try seed(store, ids: ["NOV-1", "NOV-2"], at: november)
        try directory.claim(owner: store.writerID)
        // What a crash halfway through an append leaves: the batch recorded, half a member.
        let name = "2025-11.jsonl.gz"
        try store.write { _ = try $0.beginArchiveBatch(file: name, startOffset: 0, applicationIDs: ["NOV-1", "NOV-2"], at: now) }
        let member = try GzipMember.compress(Array(String(repeating: "{\"partial\":true}\n", count: 500).utf8))
        try directory.append(Array(member.prefix(member.count / 2)), to: name, at: 0)
        let batch = try archiver(store, directory).archiveBatch(changedBefore: cutoff, partitions: nil, now: now)
        #expect(batch.recovered != nil)
        #expect(try archived(directory).map(\.id) == ["NOV-1", "NOV-2"])
    }

    @Test func anotherStoresDirectoryIsRefused() throws {
        let temporary = try TemporaryDirectory()
        let directory = ArchiveDirectory(path: temporary.path("archive"))
        try directory.claim(owner: "another-store")
        let store = try CorrelationStore(path: temporary.path())
        try seed(store, ids: ["NOV-1"], at: november)
        #expect(throws: ArchiveError.self) {
            try archiver(store, directory).archiveBatch(changedBefore: now, partitions: nil, now: now)
        }
        #expect(try store.read { try $0.application(id: "NOV-1") } != nil)
    }

    @Test func oldDeadLettersKeepTheirDigestNotTheirPayload() throws {
        let temporary = try TemporaryDirectory()
        let store = try CorrelationStore(path: temporary.path())
        let payload = Array("{\"applicationId\":\"X\",\"applicant\":{\"name\":\"韦明\"}}".utf8)
        try store.write { writer in
            for at in [november, now] {
                try writer.recordDeadLetter(DeadLetterRecord(at: at, code: "invalid-json", reason: "Not JSON.", topic: "retirement.applications",
                                                             partition: 0, offset: 1, key: nil, value: payload, headers: []))
            }
        }
        let round = RetentionRound(archiver: archiver(store, ArchiveDirectory(path: temporary.path("archive"))), store: store)
        let outcome = try round.run(cutoff: now.addingTimeInterval(-400 * 86_400), partitions: nil, now: now)
        #expect(outcome.payloadsDropped == 1)
        let letters = try store.read { try $0.deadLetters(limit: 10) }
        #expect(letters[0].value == payload)
        #expect(letters[1].value == nil)
        #expect(letters[1].droppedPayload?.sha256 == SHA256.hex(payload))
        #expect(letters[1].droppedPayload?.bytes == payload.count)
        #expect(letters[1].reason == "Not JSON.")
    }
}
