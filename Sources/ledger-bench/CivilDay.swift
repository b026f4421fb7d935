/// Calendar days as integers (days since 1970-01-01), for the generator: it picks days,
/// compares them and writes them in the date forms of SPEC §4 without touching the
/// library's own `Day` (every library call lives in `Steps.swift`).
/// Conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`.
enum CivilDay {
    static func ordinal(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ ordinal: Int) -> (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func firstOfMonth(_ ordinal: Int) -> Int {
        let (y, m, _) = civil(ordinal)
        return self.ordinal(y, m, 1)
    }

    static func firstOfYear(_ ordinal: Int) -> Int {
        self.ordinal(civil(ordinal).year, 1, 1)
    }

    static func lastOfYear(_ ordinal: Int) -> Int {
        self.ordinal(civil(ordinal).year, 12, 31)
    }

    static func lastOfMonth(_ ordinal: Int) -> Int {
        let (y, m, _) = civil(ordinal)
        return self.ordinal(y, m, daysInMonth(y, m))
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `YYYY-MM-DD`.
    static func dayText(_ ordinal: Int) -> String {
        let (y, m, d) = civil(ordinal)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// `YYYY-MM`.
    static func monthText(_ ordinal: Int) -> String {
        let (y, m, _) = civil(ordinal)
        return pad(y, 4) + "-" + pad(m, 2)
    }

    /// `YYYY`.
    static func yearText(_ ordinal: Int) -> String {
        pad(civil(ordinal).year, 4)
    }

    /// RFC 3339 UTC to the second, as `recorded` is written: `2026-01-01T00:00:05Z`.
    static func recordedText(epochSeconds: Int) -> String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let rest = epochSeconds - days * 86_400
        return dayText(days) + "T" + pad(rest / 3600, 2) + ":" + pad(rest / 60 % 60, 2) + ":" + pad(rest % 60, 2) + "Z"
    }
}

/// A date as written on an event, with the days it covers (SPEC §4).
struct WrittenDate {
    var text: String
    var earliest: Int
    var latest: Int

    static func day(_ d: Int) -> WrittenDate {
        WrittenDate(text: CivilDay.dayText(d), earliest: d, latest: d)
    }

    /// Picks a written form for an event on day `d` whose earliest day must stay after
    /// `floor` (the member's previous event, or a network ending it lived through), so the
    /// member's events keep their order by earliest day (SPEC §4) whatever the precision.
    /// Mostly days; some months, years, qualified forms and intervals.
    static func pick(day d: Int, after floor: Int, rng: inout SplitMix64) -> WrittenDate {
        let roll = rng.int(0...99)
        let month = CivilDay.firstOfMonth(d), year = CivilDay.firstOfYear(d)
        switch roll {
        case 0..<72:
            return .day(d)
        case 72..<82 where month > floor:
            return WrittenDate(text: CivilDay.monthText(d), earliest: month, latest: CivilDay.lastOfMonth(d))
        case 82..<87 where year > floor:
            return WrittenDate(text: CivilDay.yearText(d), earliest: year, latest: CivilDay.lastOfYear(d))
        case 87..<89 where year > floor:
            return WrittenDate(text: CivilDay.yearText(d) + rng.pick(["?", "~"]), earliest: year, latest: CivilDay.lastOfYear(d))
        case 89..<91 where month > floor:
            return WrittenDate(text: CivilDay.monthText(d) + rng.pick(["%", "?", "~"]), earliest: month,
                               latest: CivilDay.lastOfMonth(d))
        case 91..<93:
            return WrittenDate(text: CivilDay.dayText(d) + rng.pick(["?", "~"]), earliest: d, latest: d)
        case 93..<97:
            // An interval from this day: its earliest day is the day itself.
            let end = d + rng.int(1...700)
            let qualifier = rng.chance(0.2) ? "~" : ""
            return WrittenDate(text: CivilDay.dayText(d) + "/" + CivilDay.dayText(end) + qualifier, earliest: d, latest: end)
        case 97..<100 where year > floor:
            let end = CivilDay.lastOfYear(d) + 1 + rng.int(0...700)
            let text = CivilDay.yearText(d) + "/" + CivilDay.yearText(end)
            return WrittenDate(text: text, earliest: year, latest: CivilDay.lastOfYear(end))
        default:
            return .day(d)
        }
    }
}
