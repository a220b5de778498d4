import Foundation
import Testing
import OneThingExchange
import OneThingStore
@testable import OneThingHub

/// Status snapshots, which every channel can read, carry only the outputs the catalogue
/// marks public; internal ones (amounts, addresses) stay with the record and the
/// departments that need them.
@Suite("Engine: minimal status")
struct MinimalStatusTests {
    @Test func statusSnapshotsAreFreeOfInternalOutputs() throws {
        var hub = EngineHarness()
        hub.submit()
        var snapshots: [JSONValue] = []
        for matter in ["M10", "M01", "M04", "M05", "M07", "M06", "M08", "M09"] where hub.state(matter) != nil {
            hub.approve(matter)
            snapshots += hub.lastStatuses
        }
        #expect(hub.record?.outcome == .completed)
        let internalOutputs = hub.flow.matters.flatMap { matter in matter.outputs.filter { !matter.publicOutputs.contains($0) } }
        #expect(Set(internalOutputs) == ["hukouRegion", "hukouAddress", "monthlyPension", "amount", "rewardAmount"])
        var shownOutputs: Set<String> = []
        for snapshot in snapshots {
            for item in snapshot.objectValue?["matters"]?.arrayValue ?? [] {
                let code = try #require(item.objectValue?["matter"]?.stringValue)
                let outputs = item.objectValue?["outputs"]?.objectValue ?? JSONObject()
                let allowed = try #require(hub.flow.matter(code)).publicOutputs
                #expect(outputs.keys.allSatisfy(allowed.contains), "\(code) shows \(outputs.keys)")
                shownOutputs.formUnion(outputs.keys)
            }
        }
        #expect(shownOutputs.isDisjoint(with: internalOutputs))
        #expect(shownOutputs.isSuperset(of: ["confirmationNo", "certificateNo", "retirementDate", "firstPaymentMonth", "creditedDate"]))
        // The values themselves appear nowhere in the snapshots' bytes either.
        let bytes = snapshots.map { String(decoding: $0.serialized(), as: UTF8.self) }.joined()
        for value in ["南宁市青秀区民族大道100号", "3456.70", "86523.40", "3600.00"] {
            #expect(!bytes.contains(value), "\(value) leaked into a status snapshot")
        }
        // The record keeps them: administrators and later requests read them there.
        #expect(hub.record?.matter("M10")?.outputs["hukouAddress"]?.stringValue == "南宁市青秀区民族大道100号")
        #expect(hub.record?.matter("M05")?.outputs["monthlyPension"]?.stringValue == "3456.70")
    }
}
