import Foundation
import OneThingExchange
@testable import OneThingStore
import OneThingTestSupport

/// A millisecond-aligned instant `seconds` after a fixed origin (what the store keeps exactly).
func instant(_ seconds: Double) -> Date {
    Date(unixMilliseconds: 1_800_000_000_000 + Int64((seconds * 1000).rounded()))
}

func sampleDocument(id: String) -> JSONValue {
    [
        "applicationId": .string(id),
        "applicant": ["name": "韦小宝", "idNumber": "450103196001011798", "phone": "13800000000"],
        "pension": ["deemedPeriods": [["from": "1980-01", "to": "1985-12"]], "monthly": 3120.5, "years": 35],
        "flags": [true, false, nil],
    ]
}

func sampleMatter(_ code: String, department: String, state: MatterState = .waiting) -> MatterRecord {
    MatterRecord(code: code, department: department, state: state)
}

/// An accepted application with three matters in two departments.
func sampleRecord(id: String, updatedAt: Date = instant(0), state: ApplicationState = .inProgress) -> ApplicationRecord {
    ApplicationRecord(
        id: id, flow: "retirement", state: state, document: sampleDocument(id: id),
        contentDigest: "sha256:\(id)", submittedEventID: "ce-\(id)", acceptedAt: instant(0),
        deadline: instant(15 * 86_400), outcome: nil, errors: [],
        notApplicable: [NotApplicable(matter: "M09", reason: "no survivor benefits claimed")],
        matters: [
            sampleMatter("M10", department: "hrss"),
            sampleMatter("M01", department: "hrss"),
            sampleMatter("M05", department: "medicare"),
        ],
        lastEvent: "accepted", lastEventMatter: nil, updatedAt: updatedAt, nextTimerAt: nil,
        submittedSource: "/channels/online")
}

func openStore(_ directory: TemporaryDirectory, busyTimeout: Duration = .seconds(2)) throws -> CorrelationStore {
    try CorrelationStore(path: directory.path(), busyTimeout: busyTimeout)
}

/// What a store call threw, as a StoreError (nil when it did not throw one).
func storeError(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return nil
    }
}
