import Testing
import OneThingExchange

@Suite struct PersonalDataMaskTests {
    @Test func idNumberKeepsRegionAndLastFour() {
        #expect(PersonalDataMask.idNumber.apply(to: "450103196001011798") == "450103********1798")
        #expect(PersonalDataMask.idNumber.apply(to: "45010319600101X") == "450103*****101X")
        #expect(PersonalDataMask.idNumber.apply(to: "1234567") == "*******")
    }

    @Test func nameKeepsTheFirstCharacter() {
        #expect(PersonalDataMask.name.apply(to: "韦红") == "韦*")
        #expect(PersonalDataMask.name.apply(to: "韦小宝") == "韦**")
        #expect(PersonalDataMask.name.apply(to: "阿依古丽·买买提") == "阿*******")
        #expect(PersonalDataMask.name.apply(to: "韦") == "*")
    }

    @Test func phoneKeepsPrefixAndLastFour() {
        #expect(PersonalDataMask.phone.apply(to: "13900000000") == "139****0000")
        #expect(PersonalDataMask.phone.apply(to: "0771-5551234") == "077*****1234")
        #expect(PersonalDataMask.phone.apply(to: "110") == "***")
    }

    @Test func bankAccountKeepsLastFour() {
        #expect(PersonalDataMask.bankAccount.apply(to: "6222020200005678") == "************5678")
        #expect(PersonalDataMask.bankAccount.apply(to: "6222020200001235678") == "***************5678")
        #expect(PersonalDataMask.bankAccount.apply(to: "5678") == "****")
    }

    @Test func genericMasksEverythingAndKeepsLength() {
        #expect(PersonalDataMask.generic.apply(to: "南宁市青秀区") == "******")
        #expect(PersonalDataMask.generic.apply(to: "") == "")
    }

    @Test(arguments: PersonalDataMask.allCases)
    func maskingNeverRevealsShortValuesNorChangesLength(mask: PersonalDataMask) {
        for value in ["", "1", "12", "1234", "韦小宝", "450103196001011798"] {
            let masked = mask.apply(to: value)
            #expect(masked.count == value.count)
            if value.count <= 1 { #expect(masked.allSatisfy { $0 == "*" }) }
            if !value.isEmpty { #expect(masked != value) }
        }
    }
}
