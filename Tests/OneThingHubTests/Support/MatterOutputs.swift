import OneThingExchange

/// Canonical outputs a department returns on approval, by matter (formats: `Topics/README.md`).
enum MatterOutputs {
    static func approved(_ matter: String) -> JSONObject {
        switch matter {
        case "M10":
            return JSONObject([("confirmationNo", .string("HJ2026112200017")), ("hukouRegion", .string("450103")),
                               ("hukouAddress", .string("南宁市青秀区民族大道100号"))])
        case "M01", "M02", "M03":
            return JSONObject([("retirementDate", .string("2025-06-01")), ("certificateNo", .string("GXTX2026000123"))])
        case "M04", "M07":
            return JSONObject([("deemedMonths", .int(114))])
        case "M05":
            return JSONObject([("monthlyPension", .string("3456.70")), ("firstPaymentMonth", .string("2025-07"))])
        case "M06":
            return JSONObject([("benefitStartDate", .string("2025-07-01"))])
        case "M08":
            return JSONObject([("amount", .string("86523.40")), ("creditedDate", .string("2025-06-12"))])
        case "M09":
            return JSONObject([("rewardAmount", .string("3600.00"))])
        default:
            return JSONObject()
        }
    }
}
