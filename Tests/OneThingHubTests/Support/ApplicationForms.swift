import Foundation
import OneThingExchange

/// Valid application forms (the spec's example, with variations that change which
/// matters apply).
enum ApplicationForms {
    static let exampleText = """
    {
      "applicationId": "GX-20261122-000001",
      "submittedAt": "2026-11-22T09:30:00+08:00",
      "channel": "online",
      "handlingRegion": "450103",
      "applicant": {
        "name": "韦明",
        "idNumber": "450103196503151798",
        "gender": "male",
        "birthDate": "1965-03-15",
        "ethnicity": "08",
        "category": "worker",
        "phone": "13907710000",
        "address": "南宁市青秀区民族大道100号"
      },
      "employer": {"name": "广西某机械有限公司", "creditCode": "91450100398259791F", "fiscalFunded": false},
      "retirement": {"type": "normal", "requestedDate": "2025-06-01"},
      "pension": {
        "bankName": "中国工商银行南宁分行",
        "bankAccount": "6222020402012345678",
        "deemedPeriods": [{"from": "1983-07", "to": "1992-12", "employer": "南宁市第二机械厂"}]
      },
      "medical": {"insuredRegion": "450100", "claimDeemedYears": true},
      "housingFund": {"accountNo": "450100123456", "bankAccount": "6222020402012345678"},
      "familyPlanning": {"honorCertificateNo": "桂计光字0012345"},
      "agent": null
    }
    """

    /// Every matter applies: M10, M01, M04, M05, M06, M07, M08, M09.
    static func full(id: String) -> JSONValue {
        var object = base()
        object["applicationId"] = .string(id)
        return .object(object)
    }

    /// Only M10, M01, M05, M06 apply (no deemed periods, no housing fund, no reward claim).
    static func minimal(id: String) -> JSONValue {
        var object = base()
        object["applicationId"] = .string(id)
        object["housingFund"] = nil
        object["familyPlanning"] = nil
        var pension = object["pension"]?.objectValue ?? JSONObject()
        pension["deemedPeriods"] = nil
        object["pension"] = .object(pension)
        object["medical"] = .object(JSONObject([("insuredRegion", .string("450100")), ("claimDeemedYears", .bool(false))]))
        return .object(object)
    }

    static func base() -> JSONObject {
        do {
            return try JSONValue(parsing: Array(exampleText.utf8)).objectValue ?? JSONObject()
        } catch {
            preconditionFailure("the example form does not parse: \(error)")
        }
    }

    /// The same form with its top-level keys in reverse order (an identical resubmission).
    static func reordered(_ form: JSONValue) -> JSONValue {
        guard let object = form.objectValue else { return form }
        var reversed = JSONObject()
        for key in object.keys.reversed() { reversed[key] = object[key] }
        return .object(reversed)
    }
}
