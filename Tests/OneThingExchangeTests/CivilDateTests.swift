import Foundation
import Testing
@testable import OneThingExchange

@Suite struct CivilDateTests {
    @Test func onlyRealDatesExist() {
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2025, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil, "a century is no leap year")
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil, "unless it divides by 400")
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 10_000, month: 1, day: 1) == nil)
    }

    @Test func daysSinceEpochRoundTrip() throws {
        #expect(CivilDate(daysSinceEpoch: 0).iso == "1970-01-01")
        #expect(try #require(CivilDate(year: 2026, month: 11, day: 23)).daysSinceEpoch == 20_780)
        #expect(CivilDate(daysSinceEpoch: -1).iso == "1969-12-31")
        for days in stride(from: -200_000, through: 200_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }

    @Test func arithmeticAcrossMonthsAndYears() throws {
        let date = try #require(CivilDate(year: 2026, month: 11, day: 23))
        #expect(date.firstOfMonth(adding: 1).iso == "2026-12-01")
        #expect(date.firstOfMonth(adding: 2).iso == "2027-01-01")
        #expect(date.firstOfMonth(adding: -11).iso == "2025-12-01")
        #expect(date.adding(days: 8).iso == "2026-12-01")
        #expect(date.adding(days: -365).iso == "2025-11-23")
        #expect(date.monthIndex == MonthIndex(year: 2026, month: 11))
        #expect(date.monthIndex.text == "2026-11")
    }

    @Test func textForms() throws {
        let date = try #require(CivilDate(year: 987, month: 6, day: 5))
        #expect(date.iso == "0987-06-05")
        #expect(date.compact == "09870605")
        #expect(date.description == date.iso)
        #expect(CivilDate(iso: "2026-11-23") == CivilDate(year: 2026, month: 11, day: 23))
        #expect(CivilDate(digits: "20261123", separator: nil)?.iso == "2026-11-23")
        #expect(CivilDate(digits: "2026/11/23", separator: "/")?.iso == "2026-11-23")
        for text in ["2026-11-31", "2026-1-23", "2026/11/23", "20261123", " 2026-11-23", "2026-11-23T00", "+026-11-23"] {
            #expect(CivilDate(iso: text) == nil, "\(text)")
        }
    }

    /// China has one offset all year: a day starts at 16:00 UTC the day before.
    @Test func theDateOfAnInstantInChina() {
        let lateUTC = Date(timeIntervalSince1970: 1_795_449_600 - 1)   // 2026-11-23T15:59:59Z
        #expect(CivilDate(lateUTC).iso == "2026-11-23")
        #expect(CivilDate(lateUTC.addingTimeInterval(1)).iso == "2026-11-24")
        #expect(CivilDate(lateUTC, utcOffsetSeconds: 0).iso == "2026-11-23")
        #expect(CivilDate(Date(timeIntervalSince1970: -1), utcOffsetSeconds: 0).iso == "1969-12-31")
    }

    @Test func timestampsInChinaTime() {
        let instant = Date(timeIntervalSince1970: 1_795_428_000.9)    // 2026-11-23T10:00:00.9Z
        #expect(Timestamp.rfc3339(instant) == "2026-11-23T18:00:00+08:00")
        #expect(Timestamp.rfc3339(instant, utcOffsetSeconds: 0) == "2026-11-23T10:00:00+00:00")
        #expect(Timestamp.rfc3339(instant, utcOffsetSeconds: -5 * 3600 - 1800) == "2026-11-23T04:30:00-05:30")
        #expect(isRFC3339(Timestamp.rfc3339(instant)))
    }
}
