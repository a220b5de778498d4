import OneThingExchange

/// The statutory retirement month under the gradual delay in force from 2025-01-01
/// (the `statutoryAge` check of `Topics/retirement/application.json`): a `normal`
/// retirement may not be requested before it.
public enum StatutoryAge {
    public enum Group: Sendable, Hashable {
        case men, womenCadres, womenWorkers
    }

    /// Birth month + original age + delay, as a month index (year * 12 + month - 1).
    public static func statutoryMonthIndex(group: Group, birth: CivilDate) -> Int {
        let (years, delayFrom, perStep, cap): (Int, Int, Int, Int)
        switch group {
        case .men: (years, delayFrom, perStep, cap) = (60, 1965 * 12, 4, 36)
        case .womenCadres: (years, delayFrom, perStep, cap) = (55, 1970 * 12, 4, 36)
        case .womenWorkers: (years, delayFrom, perStep, cap) = (50, 1975 * 12, 2, 60)
        }
        let monthsIntoDelay = birth.monthIndex.value - delayFrom + 1
        let delay = monthsIntoDelay <= 0 ? 0 : min(cap, (monthsIntoDelay - 1) / perStep + 1)
        return birth.monthIndex.value + years * 12 + delay
    }

    /// The first day of the statutory month.
    public static func earliestNormalRetirement(group: Group, birth: CivilDate) -> CivilDate {
        let index = statutoryMonthIndex(group: group, birth: birth)
        return CivilDate(year: index / 12, month: index % 12 + 1, day: 1) ?? birth
    }
}
