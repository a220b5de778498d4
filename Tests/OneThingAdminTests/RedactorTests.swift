import Testing
import OneThingExchange
@testable import OneThingAdmin

@Suite struct RedactorTests {
    @Test func personalFieldsAreRecognisedByMeaningNotByPath() {
        #expect(PersonalDataRedactor.mask(forKey: "idNumber", parentKey: "agent") == .idNumber)
        #expect(PersonalDataRedactor.mask(forKey: "citizenId", parentKey: nil) == .idNumber)
        #expect(PersonalDataRedactor.mask(forKey: "phone", parentKey: "applicant") == .phone)
        #expect(PersonalDataRedactor.mask(forKey: "mobileNo", parentKey: nil) == .phone)
        #expect(PersonalDataRedactor.mask(forKey: "bankAccount", parentKey: "pension") == .bankAccount)
        #expect(PersonalDataRedactor.mask(forKey: "accountNo", parentKey: "housingFund") == .bankAccount)
        #expect(PersonalDataRedactor.mask(forKey: "hukouAddress", parentKey: nil) == .generic)
        #expect(PersonalDataRedactor.mask(forKey: "name", parentKey: "applicant") == .name)
        #expect(PersonalDataRedactor.mask(forKey: "name", parentKey: "agent") == .name)
        #expect(PersonalDataRedactor.mask(forKey: "name", parentKey: "employer") == nil)
        #expect(PersonalDataRedactor.mask(forKey: "bankName", parentKey: "pension") == nil)
        #expect(PersonalDataRedactor.mask(forKey: "certificateNo", parentKey: nil) == nil)
        #expect(PersonalDataRedactor.mask(forKey: "gender", parentKey: "applicant") == nil)
    }

    @Test func documentsAreMaskedThroughoutUnlessRevealed() {
        let document: JSONValue = [
            "applicant": ["name": "韦小宝", "idNumber": "450103196001011798", "phone": "13907710000",
                          "address": ["city": "南宁", "street": "民族大道1号"]],
            "agents": [["name": "覃美玲", "idNumber": "450103198001011234", "relation": "daughter"]],
            "housingFund": ["accountNo": .int(12345678901)],
            "employer": ["name": "南宁市某机械厂"],
        ]
        let masked = PersonalDataRedactor(reveal: false).redact(document)
        #expect(masked[path: "applicant.name"] == "韦**")
        #expect(masked[path: "applicant.idNumber"] == "450103********1798")
        #expect(masked[path: "applicant.phone"] == "139****0000")
        #expect(masked[path: "applicant.address.city"] == "**")
        #expect(masked[path: "applicant.address.street"] == "******")
        #expect(masked[path: "agents[0].name"] == "覃**")
        #expect(masked[path: "agents[0].idNumber"] == "450103********1234")
        #expect(masked[path: "agents[0].relation"] == "daughter")
        #expect(masked[path: "housingFund.accountNo"] == "*******8901")
        #expect(masked[path: "employer.name"] == "南宁市某机械厂")
        #expect(PersonalDataRedactor(reveal: true).redact(document) == document)
        #expect(masked.objectValue?.keys == document.objectValue?.keys, "order and keys kept")
    }
}
