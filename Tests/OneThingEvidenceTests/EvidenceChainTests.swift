import Foundation
import Testing
import OneThingCrypto
import OneThingEvidence
@testable import OneThingStore
import OneThingTestSupport

@Suite("Evidence: the hash chain")
struct EvidenceChainTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000.123)

    /// A store with `count` message rows and a checkpoint after every `checkpointEvery`.
    static func filledStore(_ directory: TemporaryDirectory, count: Int, checkpointEvery: Int = 4,
                            key: PrivateKey) throws -> CorrelationStore {
        let store = try CorrelationStore(path: directory.path())
        for index in 0..<count {
            try store.write { writer throws in
                var chain = EvidenceAppender()
                let headers: [(key: String, value: [UInt8]?)] = [
                    ("ce_id", Array("GX-\(index % 3):M10:r1".utf8)), ("ce_source", Array("/departments/police".utf8)),
                    ("ce_type", Array("gov.onething.retirement.reply".utf8)),
                ]
                try chain.append(EvidenceEntry.message(index % 2 == 0 ? .consumed : .produced,
                                                       at: start.addingTimeInterval(Double(index)),
                                                       applicationID: "GX-\(index % 3)", topic: "retirement.replies.police",
                                                       key: Array("GX-\(index % 3)".utf8), headers: headers,
                                                       value: Array("{\"n\":\(index)}".utf8), fallbackSigner: "/hub"),
                                 to: writer)
                if (index + 1) % checkpointEvery == 0 {
                    try chain.checkpoint(at: start.addingTimeInterval(Double(index) + 0.5), signer: "/hub", key: key, to: writer)
                }
            }
        }
        return store
    }

    static func verify(_ store: CorrelationStore, key: PublicKey?) throws -> EvidenceVerifier.Report {
        try store.read { reader throws in
            try EvidenceVerifier(checkpointKey: key).verify(pageSize: 5) { after, limit in
                try reader.evidence(after: after, limit: limit)
            }
        }
    }

    @Test func rowsLinkToTheirPredecessorsAndVerify() throws {
        let directory = try TemporaryDirectory()
        let key = try PrivateKey.generate(.sm2)
        let store = try Self.filledStore(directory, count: 12, key: key)
        let rows = try store.read { try $0.evidence(after: 0, limit: 100) }
        #expect(rows.count == 15)
        #expect(rows.first?.previous == EvidenceChain.genesis)
        for (earlier, later) in zip(rows, rows.dropFirst()) {
            #expect(later.seq == earlier.seq + 1)
            #expect(later.previous == earlier.hash)
        }
        #expect(rows.filter { $0.kind == .checkpoint }.allSatisfy { $0.signer == "/hub" && $0.algorithm == "sm2-sm3" })
        #expect(rows.first?.signer == "/departments/police")
        #expect(rows.first?.digest.count == 64)
        let report = try Self.verify(store, key: try key.publicKey())
        #expect(report.broken == nil)
        #expect(report.rows == 15 && report.checkpoints == 3 && report.head == 15)
        #expect(report.vouchedThrough == 14)
        #expect(report.signaturesChecked)
        let one = try store.read { try $0.evidence(applicationID: "GX-1") }
        #expect(one.map(\.seq) == [2, 6, 9, 13])
    }

    @Test(arguments: [
        ("UPDATE evidence SET digest = 'ab' || substr(digest, 3) WHERE seq = 7", Int64(7), "does not match its hash"),
        ("DELETE FROM evidence WHERE seq = 9", Int64(10), "missing"),
        ("UPDATE evidence SET at = at + 1 WHERE seq = 3", Int64(3), "does not match its hash"),
        ("UPDATE evidence SET signer = '/departments/hrss' WHERE seq = 2", Int64(2), "does not match its hash"),
    ])
    func aTamperedRowIsTheFirstBrokenLink(statement: String, brokenAt: Int64, reason: String) throws {
        let directory = try TemporaryDirectory()
        let key = try PrivateKey.generate(.sm2)
        let store = try Self.filledStore(directory, count: 12, key: key)
        try store.write { writer throws in try writer.executeForTests(statement) }
        let report = try Self.verify(store, key: try key.publicKey())
        #expect(report.broken?.seq == brokenAt, "\(statement): \(String(describing: report.broken))")
        #expect(report.broken?.reason.contains(reason) == true, "\(String(describing: report.broken?.reason))")
    }

    @Test func aRewrittenChainFailsAtItsCheckpoint() throws {
        // Whoever rewrites a row and recomputes every later hash still cannot sign the
        // checkpoint with the hub's key.
        let directory = try TemporaryDirectory()
        let key = try PrivateKey.generate(.sm2)
        let store = try Self.filledStore(directory, count: 8, key: key)
        let forger = try PrivateKey.generate(.sm2)
        try store.write { writer throws in
            var rows = try writer.evidence(after: 0, limit: 100)
            try writer.executeForTests("DELETE FROM evidence")
            rows[1].digest = String(repeating: "f", count: 64)
            var previous = EvidenceChain.genesis
            for index in rows.indices {
                rows[index].previous = previous
                if rows[index].kind == .checkpoint {
                    rows[index].digest = previous
                    let content = EvidenceCheckpoint.content(headSeq: rows[index].seq - 1, headHash: previous,
                                                             at: rows[index].at, signer: "/hub")
                    rows[index].signature = Data(try forger.sign(content)).base64EncodedString()
                }
                rows[index].hash = try EvidenceChain.hash(of: rows[index])
                previous = rows[index].hash
                try writer.appendEvidence(rows[index])
            }
        }
        let report = try Self.verify(store, key: try key.publicKey())
        #expect(report.broken?.seq == 5)
        #expect(report.broken?.reason.contains("signature does not verify") == true)
        // Without the hub's key the forgery is not caught: the report says signatures were not checked.
        let unchecked = try Self.verify(store, key: nil)
        #expect(unchecked.broken == nil && !unchecked.signaturesChecked)
    }
}

extension StoreWriter {
    /// Tampering, as someone with write access to the file could.
    func executeForTests(_ sql: String) throws {
        try database.execute(sql)
    }
}
