import OneThingExchange
import Testing
@testable import OneThingSimulator

@Suite struct DepartmentDateTests {
    @Test func everyFormADepartmentWrites() {
        for text in ["2026-11-23", "20261123", "2026/11/23"] {
            #expect(CivilDate(departmentText: text)?.iso == "2026-11-23", "\(text)")
        }
    }

    @Test func otherValuesAreNotDates() {
        for text in ["34567000", "18991231", "22010101", "2026-11/23", "2026-02-30", "2026-11", "450102"] {
            #expect(CivilDate(departmentText: text) == nil, "\(text)")
        }
    }
}
