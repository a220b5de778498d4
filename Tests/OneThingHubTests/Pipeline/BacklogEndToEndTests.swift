import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

/// A backlog larger than a batch: the hub reads the next batch ahead while a transaction
/// runs, and writes each batch chunk by chunk of applications. Nothing may be lost or
/// applied twice, also when the hub stops with a batch read ahead in hand.
///
/// Batches of 100 (read ahead from 50 messages, two chunks from 96 inputs) keep the
/// backlog small: the other end-to-end suites run beside this one on two cores, with
/// acknowledgement timeouts scaled down to seconds.
@Suite(.serialized) struct BacklogEndToEndTests {
    static let batchSize = 100

    /// Intake published before the hub starts, so its first polls return full batches.
    static func submitBacklog(_ bed: HubTestBed, count: Int, prefix: String) async throws -> [String] {
        let ids = (0..<count).map { String(format: "\(prefix)-%04d", $0) }
        for id in ids { try await bed.channel.submit(ApplicationForms.full(id: id), id: id) }
        return ids
    }

    @Test func aBacklogIsReadAheadWithoutLosingOrRepeatingAnything() async throws {
        // Real time: no acknowledgement timeout fires, so a request seen twice would be
        // the hub's doing, not a resend.
        let bed = try HubTestBed(timeScale: 1, batchSize: Self.batchSize)
        let ids = try await Self.submitBacklog(bed, count: 150, prefix: "GX-BL")
        try bed.startHub()
        for id in ids {
            #expect(try await bed.waitForOutcome(id, within: .seconds(120)) == .completed, "\(id)")
        }
        #expect(bed.deadLetters().isEmpty)
        // Every request once: 8 matters apply to the full form, each sent at revision 1.
        let requests = bed.departments.requests.current
        #expect(requests.count == ids.count * 8)
        #expect(Set(requests).count == requests.count)
        #expect(try await eventually { ids.allSatisfy { bed.statusEvents($0).last == "completed" } })
        for id in ids { #expect(bed.statusEvents(id).filter { $0 == "accepted" }.count == 1, "\(id)") }
        await bed.shutdown()
    }

    @Test func aStopDuringABacklogLosesNothing() async throws {
        let bed = try HubTestBed(timeScale: 1, batchSize: Self.batchSize)
        let ids = try await Self.submitBacklog(bed, count: 250, prefix: "GX-BS")
        try bed.startHub()
        // Stop once the hub is under way, with most of the backlog still to come.
        _ = try await eventually(within: .seconds(60)) { try bed.record(ids[0]) != nil }
        try await bed.stopHub()
        try bed.startHub()
        for id in ids {
            #expect(try await bed.waitForOutcome(id, within: .seconds(120)) == .completed, "\(id)")
        }
        #expect(bed.deadLetters().isEmpty)
        // Redelivered intake is recognised as processed: one submission, no duplicate.
        for id in ids {
            let kinds = try bed.history(id).map(\.kind)
            #expect(kinds.filter { $0 == "submitted" }.count == 1, "\(id): \(kinds)")
            #expect(!kinds.contains("duplicate"), "\(id): \(kinds)")
        }
        await bed.shutdown()
    }
}
