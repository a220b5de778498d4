// Throughput of the exchange domain on one core (not part of the test target: Fixtures/ is excluded).
import Foundation
func load(_ dir: String) -> [String: [UInt8]] {
    var r: [String: [UInt8]] = [:]
    let e = FileManager.default.enumerator(atPath: dir)!
    while let p = e.nextObject() as? String { var d: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir + "/" + p, isDirectory: &d), !d.boolValue { r[p] = Array(FileManager.default.contents(atPath: dir + "/" + p)!) } }
    return r
}
// Run from the package root:
//   swiftc -O -module-name Bench $(find Sources/OneThingExchange -name "*.swift") \
//     Tests/OneThingExchangeTests/Fixtures/benchmark/main.swift -o /tmp/exchange-bench && /tmp/exchange-bench
let root = FileManager.default.currentDirectoryPath
let flow = try! Catalogue.load(files: load(root + "/Topics")).flow(named: "retirement")!
let appBytes = Array(FileManager.default.contents(atPath: root + "/Tests/OneThingExchangeTests/Fixtures/spec/application.json")!)
func time(_ label: String, _ n: Int, bytes: Int = 0, _ body: () -> Void) {
    let t = Date(); for _ in 0..<n { body() }; let s = Date().timeIntervalSince(t)
    print(label, String(format: "%.0f/s", Double(n) / s), bytes > 0 ? String(format: "%.0f MB/s", Double(bytes * n) / s / 1e6) : "")
}
var sink = 0
time("parse application.json (1040 B)", 200_000, bytes: appBytes.count) { sink &+= (try! JSONValue(parsing: appBytes)).objectValue!.count }
let doc = try! JSONValue(parsing: appBytes)
time("serialize application", 200_000) { sink &+= doc.serialized().count }
time("validate application", 50_000) { if case .valid = flow.validate(doc) { sink &+= 1 } }
guard case .valid(let app) = flow.validate(doc) else { fatalError() }
let outs: [String: JSONObject] = ["M10": JSONObject([("confirmationNo", "HJ1"), ("hukouRegion", "450103"), ("hukouAddress", "x")]),
  "M01": JSONObject([("retirementDate", "2025-06-01"), ("certificateNo", "C")]), "M04": JSONObject([("deemedMonths", 114)]), "M07": JSONObject([("deemedMonths", 114)])]
time("encode M05 request (hrss JSON)", 100_000) { sink &+= (try! flow.encodeRequest(matter: "M05", application: app, outputs: outs, requestID: RequestID(applicationID: app.id, matter: "M05", revision: 1))).body.count }
time("encode M10 request (police XML)", 100_000) { sink &+= (try! flow.encodeRequest(matter: "M10", application: app, outputs: outs, requestID: RequestID(applicationID: app.id, matter: "M10", revision: 1))).body.count }
let reply = Array(FileManager.default.contents(atPath: root + "/Tests/OneThingExchangeTests/Fixtures/spec/reply-medicare-M06.json")!)
let xmlReply = Array(FileManager.default.contents(atPath: root + "/Tests/OneThingExchangeTests/Fixtures/spec/reply-police-M10.xml")!)
time("decode medicare reply", 200_000) { if case .success = flow.decodeReply(department: "medicare", body: reply) { sink &+= 1 } }
time("decode police XML reply", 200_000) { if case .success = flow.decodeReply(department: "police", body: xmlReply) { sink &+= 1 } }
let plan = flow.plan(app)
time("plan+ready+cancel+outcome", 200_000) { let p = flow.plan(app); sink &+= flow.readyToSend(p, states: ["M10": .approved]).count + flow.cancellations(plan, states: ["M10": .rejected]).count + (flow.outcome(plan, states: [:]) == nil ? 1 : 0) }
print(sink > 0)
