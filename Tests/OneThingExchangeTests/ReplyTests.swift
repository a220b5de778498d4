import Testing
@testable import OneThingExchange

/// Replies of every department: the spec's examples, every status code, round trips
/// through `encodeReply`, and the protocol errors the contract names.
@Suite struct ReplyTests {
    let flow: Flow

    init() throws { flow = try #require(Fixtures.retirement) }

    @Test(arguments: [
        ("hrss", "spec/reply-hrss-M05.json", JSONObject([("monthlyPension", "3456.70"), ("firstPaymentMonth", "2025-07")])),
        ("police", "spec/reply-police-M10.xml", JSONObject([("confirmationNo", "HJ2026112200017"), ("hukouRegion", "450103"),
                                                            ("hukouAddress", "南宁市青秀区民族大道100号")])),
        ("hpf", "spec/reply-hpf-M08.json", JSONObject([("amount", "86523.40"), ("creditedDate", "2025-06-12")])),
        ("health", "spec/reply-health-M09.json", JSONObject([("rewardAmount", "3600.00")])),
        ("medicare", "spec/reply-medicare-M06.json", JSONObject([("benefitStartDate", "2025-07-01")])),
    ])
    func specExampleRepliesDecodeToCanonicalOutputs(department: String, file: String, outputs: JSONObject) throws {
        let reply = try flow.decodeReply(department: department, body: Fixtures.bytes(file)).get()
        #expect(reply.decision == .approved(outputs: outputs))
        #expect(RequestID(parsing: reply.requestID) != nil)
    }

    /// Every status code of every department, as raw documents written here by hand.
    static let statusCases: [(department: String, body: String, decision: ReplyDecision)] = [
        ("hrss", #"{"JYBH":"A-1:M01:r1","SXBM":"M01","BLZT":"0","BLYJ":""}"#, .received),
        ("hrss", #"{"JYBH":"A-1:M01:r1","SXBM":"M01","BLZT":"1","BLYJ":"同意","AIC162":"20250601","AIC165":"C1"}"#,
         .approved(outputs: JSONObject([("retirementDate", "2025-06-01"), ("certificateNo", "C1")]))),
        ("hrss", #"{"JYBH":"A-1:M04:r1","SXBM":"M04","BLZT":"1","BLYJ":"","AIC202":114}"#,
         .approved(outputs: JSONObject([("deemedMonths", 114)]))),
        ("hrss", #"{"JYBH":"A-1:M01:r2","SXBM":"M01","BLZT":"2","BLYJ":"未达法定退休年龄"}"#, .rejected(reason: "未达法定退休年龄")),
        ("hrss", #"{"JYBH":"A-1:M01:r1","SXBM":"M01","BLZT":"3","BLYJ":"请补充档案"}"#, .supplementRequired(reason: "请补充档案")),
        ("police", "<?xml version=\"1.0\"?><HJXXQRJG><QQBH>A-1:M10:r1</QQBH><JGDM>09</JGDM><JGMS></JGMS></HJXXQRJG>", .received),
        ("police", "<HJXXQRJG><QQBH>A-1:M10:r1</QQBH><JGDM>01</JGDM><JGMS>信息不一致</JGMS></HJXXQRJG>", .rejected(reason: "信息不一致")),
        ("police", "<HJXXQRJG><QQBH>A-1:M10:r1</QQBH><JGDM>02</JGDM><JGMS>查无此人</JGMS></HJXXQRJG>", .rejected(reason: "查无此人")),
        ("police", "<HJXXQRJG><QQBH>A-1:M10:r1</QQBH><JGDM>03</JGDM><JGMS>需补充 &amp; 说明</JGMS></HJXXQRJG>",
         .supplementRequired(reason: "需补充 & 说明")),
        ("hpf", #"{"ywlsh":"A-1:M08:r1","clzt":"10","clyj":""}"#, .received),
        ("hpf", #"{"ywlsh":"A-1:M08:r1","clzt":"30","clyj":"账户冻结"}"#, .rejected(reason: "账户冻结")),
        ("hpf", #"{"ywlsh":"A-1:M08:r1","clzt":"40","clyj":"补充银行卡"}"#, .supplementRequired(reason: "补充银行卡")),
        ("health", #"{"requestId":"A-1:M09:r1","status":"RECEIVED","remark":""}"#, .received),
        ("health", #"{"requestId":"A-1:M09:r1","status":"DENIED","remark":"不符合条件"}"#, .rejected(reason: "不符合条件")),
        ("health", #"{"requestId":"A-1:M09:r1","status":"NEED_MORE","remark":"补证"}"#, .supplementRequired(reason: "补证")),
        ("health", #"{"requestId":"A-1:M09:r1","status":"GRANTED","remark":"","rewardFen":5}"#,
         .approved(outputs: JSONObject([("rewardAmount", "0.05")]))),
        ("medicare", #"{"msgid":"A-1:M07:r1","infcode":0,"err_msg":null,"output":{"biz_stas":"0","memo":""}}"#, .received),
        ("medicare", #"{"msgid":"A-1:M07:r1","infcode":0,"err_msg":null,"output":{"biz_stas":"1","memo":"","crt_deem_mons":96}}"#,
         .approved(outputs: JSONObject([("deemedMonths", 96)]))),
        ("medicare", #"{"msgid":"A-1:M06:r1","infcode":0,"err_msg":null,"output":{"biz_stas":"2","memo":"参保状态异常"}}"#,
         .rejected(reason: "参保状态异常")),
        ("medicare", #"{"msgid":"A-1:M06:r1","infcode":0,"err_msg":null,"output":{"biz_stas":"3","memo":"补材料"}}"#,
         .supplementRequired(reason: "补材料")),
        ("medicare", #"{"msgid":"A-1:M06:r1","infcode":-1,"err_msg":"数据库忙"}"#, .interfaceFailure(code: "-1", message: "数据库忙")),
    ]

    @Test(arguments: 0..<statusCases.count)
    func everyStatusCodeOfEveryDepartmentDecodes(index: Int) throws {
        let (department, body, decision) = Self.statusCases[index]
        let reply = try flow.decodeReply(department: department, body: Array(body.utf8)).get()
        #expect(reply.decision == decision)
    }

    @Test(arguments: 0..<statusCases.count)
    func encodeReplyIsTheInverseOfDecodeReply(index: Int) throws {
        let (department, body, decision) = Self.statusCases[index]
        let original = try flow.decodeReply(department: department, body: Array(body.utf8)).get()
        let id = try #require(RequestID(parsing: original.requestID))
        let encoded = try flow.encodeReply(department: department, matter: id.matter, requestID: id, decision: decision)
        #expect(encoded.contentType == (department == "police" ? "application/xml" : "application/json"))
        let decoded = try flow.decodeReply(department: department, body: encoded.body).get()
        #expect(decoded == DepartmentReply(requestID: id.description, decision: decision))
    }

    @Test func encodedReplyMatchesTheSpecExampleLayout() throws {
        let id = RequestID(applicationID: "GX-20261122-000001", matter: "M10", revision: 1)
        let outputs = JSONObject([("confirmationNo", "HJ2026112200017"), ("hukouRegion", "450103"), ("hukouAddress", "南宁市青秀区民族大道100号")])
        let police = try flow.encodeReply(department: "police", matter: "M10", requestID: id, decision: .approved(outputs: outputs))
        #expect(police.body == Fixtures.bytes("spec/reply-police-M10.xml"))
        let medicare = try flow.encodeReply(department: "medicare", matter: "M06",
                                            requestID: RequestID(applicationID: "GX-20261122-000001", matter: "M06", revision: 1),
                                            decision: .approved(outputs: JSONObject([("benefitStartDate", "2025-07-01")])))
        #expect(medicare.body == (try Fixtures.json("spec/reply-medicare-M06.json")).serialized())
        let health = try flow.encodeReply(department: "health", matter: "M09",
                                          requestID: RequestID(applicationID: "GX-20261122-000001", matter: "M09", revision: 1),
                                          decision: .approved(outputs: JSONObject([("rewardAmount", "3600.00")])))
        #expect(health.body == (try Fixtures.json("spec/reply-health-M09.json")).serialized())
    }

    static let protocolErrors: [(department: String, body: String, mentions: String)] = [
        ("hrss", #"{"JYBH":"A-1:M05:r1","SXBM":"M05","BLZT":"1","BLYJ":"","AIC166":"3456.70"}"#, "AIC167"),
        ("hrss", #"{"JYBH":"A-1:M05:r1","SXBM":"M05","BLZT":"7","BLYJ":""}"#, "unknown code 7"),
        ("hrss", #"{"JYBH":"A-1:M05:r1","SXBM":"M05","BLZT":"2"}"#, "BLYJ"),
        ("hrss", #"{"JYBH":"A-1:M05:r1","SXBM":"M05","BLZT":"3","BLYJ":"  "}"#, "BLYJ"),
        ("hrss", #"{"JYBH":"A-1:M05:r1","SXBM":"M05","BLZT":"1","BLYJ":"","AIC166":"3456.7","AIC167":"202507"}"#, "AIC166"),
        ("hrss", #"{"JYBH":"A-1:M05:r1","SXBM":"M05","BLZT":"1","BLYJ":"","AIC166":"3456.70","AIC167":"2025-07"}"#, "AIC167"),
        ("hrss", #"{"JYBH":"A-1:M05:r1","SXBM":"M04","BLZT":"0"}"#, "disagrees"),
        ("hrss", #"{"JYBH":"A-1:M10:r1","SXBM":"M10","BLZT":"0"}"#, "not handled by department hrss"),
        ("hrss", #"{"JYBH":"A-1:M05:r1","SXBM":"M05","BLZT":"0""#, "not JSON"),
        ("hrss", #"[1,2]"#, "not a JSON object"),
        ("hrss", #"{"SXBM":"M05","BLZT":"0"}"#, "request id"),
        ("police", "<HJXXQRJG><QQBH>A-1:M10:r1</QQBH><JGDM>00</JGDM><JGMS></JGMS><QRLSH>Q</QRLSH></HJXXQRJG>", "HJDZXZQH"),
        ("police", "<HJXXQRJG><QQBH>A-1:M10:r1</QQBH><JGDM>04</JGDM></HJXXQRJG>", "unknown code 04"),
        ("police", "<HJXXQRJG><QQBH>A-1:M10:r1</QQBH><JGDM>01</JGDM></HJXXQRJG>", "JGMS"),
        ("police", "<HJXXQRJG><QQBH>A-1:M10:r1</QQBH>", "not well-formed"),
        ("police", "<OTHER><QQBH>A-1:M10:r1</QQBH></OTHER>", "root element"),
        ("hpf", #"{"ywlsh":"A-1:M08:r1","clzt":"20","clyj":"","tqje":86523.4,"dzrq":"2025-06-12"}"#, "tqje"),
        ("hpf", #"{"ywlsh":"A-1:M08:r1","clzt":"20","clyj":"","tqje":"86523.40","dzrq":"2025-02-30"}"#, "dzrq"),
        ("health", #"{"requestId":"A-1:M09:r1","status":"GRANTED","remark":""}"#, "rewardFen"),
        ("health", #"{"requestId":"A-1:M09:r1","status":"GRANTED","remark":"","rewardFen":"360000"}"#, "rewardFen"),
        ("health", #"{"requestId":"A-1:M09:r1","status":"granted","remark":""}"#, "unknown code granted"),
        ("medicare", #"{"msgid":"A-1:M06:r1","infcode":0,"err_msg":null,"output":{"biz_stas":"1","memo":""}}"#, "begndate"),
        ("medicare", #"{"msgid":"A-1:M06:r1","err_msg":null,"output":{"biz_stas":"1","memo":""}}"#, "infcode"),
        ("medicare", #"{"msgid":"A-1:M06:r1","infcode":0,"output":{"memo":""}}"#, "output.biz_stas"),
        ("medicare", "", "not JSON"),
    ]

    @Test(arguments: 0..<protocolErrors.count)
    func schemaBreakingRepliesAreProtocolErrorsNamingTheProblem(index: Int) {
        let (department, body, mentions) = Self.protocolErrors[index]
        switch flow.decodeReply(department: department, body: Array(body.utf8)) {
        case .success(let reply): Issue.record("expected a protocol error, got \(reply)")
        case .failure(let error): #expect(error.reason.contains(mentions), "\(error.reason)")
        }
    }

    @Test func unknownDepartmentIsAProtocolError() {
        #expect(throws: ProtocolError.self) { try flow.decodeReply(department: "tax", body: Array("{}".utf8)).get() }
    }
}
