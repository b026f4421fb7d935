/// A calendar day (proleptic Gregorian), stored as days since 1970-01-01.
///
/// Conversions use Howard Hinnant's `days_from_civil` / `civil_from_days`
/// algorithms: exact for every day an `Int32` ordinal can hold, no tables.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let ordinal: Int32

    /// The day `ordinal` days after 1970-01-01.
    public init(ordinal: Int32) {
        self.ordinal = ordinal
    }

    /// The day with this year, month and day of month.
    ///
    /// Returns nil when it is not a real calendar day (month outside 1–12, day
    /// outside the month, Feb 29 of a non-leap year) or lies beyond what an
    /// `Int32` ordinal can hold.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1,
              day <= Day.daysInMonth(year: year, month: month),
              let ordinal = Day.ordinal(year: year, month: month, day: day) else { return nil }
        self.ordinal = ordinal
    }

    /// The year (astronomical numbering: 0 is 1 BC).
    public var year: Int { civil.year }
    /// The month, 1–12.
    public var month: Int { civil.month }
    /// The day of the month, 1–31.
    public var day: Int { civil.day }

    /// The day as `YYYY-MM-DD` (the year zero-padded to 4 digits; a minus sign before negative years).
    public var description: String {
        let (y, m, d) = civil
        var text = y < 0 ? "-" : ""
        text += Day.padded(abs(y), width: 4)
        text += "-" + Day.padded(m, width: 2) + "-" + Day.padded(d, width: 2)
        return text
    }

    /// The day `months` calendar months later (earlier when negative).
    ///
    /// A day past the end of the target month is clamped to its last day:
    /// 2014-12-31 + 2 months = 2015-02-28; 2016-01-31 + 1 month = 2016-02-29.
    public func addingMonths(_ months: Int) -> Day {
        Day.adding(months: months, to: civil).day
    }

    /// `addingMonths(months)` of the day whose year, month and day are `civil` (worked out
    /// already), with the result's year, month and day: a judge of many due dates from one
    /// start works the start's out once, and a writer of the due dates none.
    public static func adding(months: Int, to civil: (year: Int, month: Int, day: Int))
        -> (day: Day, civil: (year: Int, month: Int, day: Int)) {
        let (y, m, d) = civil
        let index = y * 12 + (m - 1) + months           // months since year 0, January
        let year = Day.floorDiv(index, 12)
        let month = index - year * 12 + 1
        let day = min(d, Day.daysInMonth(year: year, month: month))
        guard let ordinal = Day.ordinal(year: year, month: month, day: day) else {
            preconditionFailure("Day.addingMonths: \(y)-\(m)-\(d) + \(months) months is out of range")
        }
        return (Day(ordinal: ordinal), (year, month, day))
    }

    /// Year, month and day packed in one word, year × 512 + month × 32 + day, for years
    /// 0–9999 (those written as four digits); 0 for any other. What a writer of many dates
    /// reads rather than working them out again.
    public static func packed(_ civil: (year: Int, month: Int, day: Int)) -> UInt32 {
        guard (0...9999).contains(civil.year) else { return 0 }
        return UInt32(truncatingIfNeeded: civil.year << 9 | civil.month << 5 | civil.day)
    }

    /// The day `days` days later (earlier when negative). Traps if the result leaves `Int32`'s range.
    public func addingDays(_ days: Int) -> Day {
        guard let ordinal = Int32(exactly: Int(ordinal) + days) else {
            preconditionFailure("Day.addingDays: \(self) + \(days) days is out of range")
        }
        return Day(ordinal: ordinal)
    }

    /// The last day of a month. `month` must be 1–12.
    public static func lastDay(year: Int, month: Int) -> Day {
        precondition((1...12).contains(month), "Day.lastDay: month \(month) does not exist")
        guard let day = Day(year: year, month: month, day: daysInMonth(year: year, month: month)) else {
            preconditionFailure("Day.lastDay: year \(year) is out of range")
        }
        return day
    }

    /// Parses strict `YYYY-MM-DD`: exactly 10 ASCII characters, a 4-digit year
    /// (0000–9999), a real calendar day. Anything else is nil.
    public static func parse(_ text: String) -> Day? {
        var text = text
        return text.withUTF8 { bytes -> Day? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  let year = digits(bytes, 0, 4),
                  let month = digits(bytes, 5, 2),
                  let day = digits(bytes, 8, 2) else { return nil }
            return Day(year: year, month: month, day: day)
        }
    }

    /// Today in UTC, from the system clock.
    public static func today() -> Day {
        Timestamp.now().day
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        lhs.ordinal < rhs.ordinal
    }
}

// MARK: - Calendar arithmetic

extension Day {
    /// Whether `year` is a Gregorian leap year (1900 and 2100 are not; 2000 is).
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in a month; `month` must be 1–12.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a valid civil date, or nil when it does not fit in `Int32`.
    static func ordinal(year: Int, month: Int, day: Int) -> Int32? {
        if fastYears.contains(year), (1...12).contains(month) { return fastOrdinal(year: year, month: month, day: day) }
        return eraOrdinal(year: year, month: month, day: day)
    }

    /// The years `fastOrdinal` is exact for (with months 1–12).
    static let fastYears = -25_000...25_000

    /// `ordinal` by Neri and Schneider's arithmetic (the inverse of `fastCivil`): unsigned,
    /// divisions by constants only. Every plain date decoded and every due date judged
    /// calls it.
    static func fastOrdinal(year: Int, month: Int, day: Int) -> Int32? {
        let s: UInt32 = 82                                       // 400-year eras shifted so the year stays positive
        let january: UInt32 = month <= 2 ? 1 : 0                  // January and February count in the year before
        let y = UInt32(truncatingIfNeeded: year + 400 * Int(s)) &- january
        let m = UInt32(truncatingIfNeeded: month) &+ 12 &* january    // 3...14, March first
        let century = y / 100
        let yearDays = 1461 &* y / 4 &- century &+ century / 4    // March 1 of the shifted year 0 to March 1 of y
        let monthDays = (979 &* m &- 2919) / 32                   // March 1 to the first of m
        // Typed step by step: as one expression it took the type checker too long.
        let shift: Int = 146_097 * Int(s) + 719_468 + 1        // the eras shifted, 1970-01-01, days from 1
        let days: Int = Int(yearDays) + Int(monthDays) + day
        return Int32(exactly: days - shift)
    }

    /// `ordinal` by whole eras: any year.
    static func eraOrdinal(year: Int, month: Int, day: Int) -> Int32? {
        // Days are counted in 400-year eras that start on March 1, so the leap
        // day is the last day of the (shifted) year.
        guard abs(year) < 10_000_000 else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = y >= 0 ? y / 400 : floorDiv(y, 400)                  // no rounding down needed after year 0
        let yearOfEra = y - era * 400                                   // 0...399
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int32(exactly: era * 146_097 + dayOfEra - 719_468)
    }

    /// The (year, month, day) of this day.
    public var civil: (year: Int, month: Int, day: Int) {
        Day.fast.contains(ordinal) ? fastCivil : eraCivil
    }

    /// The days `fastCivil` is exact for (about ±27,000 years around 1970).
    static let fast: ClosedRange<Int32> = -10_000_000...10_000_000

    /// `civil` by Neri and Schneider's arithmetic ("Euclidean affine functions and their
    /// application to calendar algorithms", 2022): unsigned, no branch, no division left
    /// after compilation. Rows of a million dates call it for every due date.
    var fastCivil: (year: Int, month: Int, day: Int) {
        let s: UInt32 = 82                                      // 400-year eras shifted so n stays positive
        let n = UInt32(Int64(ordinal) + 719_468 + 146_097 * Int64(s))
        let n1 = 4 &* n &+ 3
        let century = n1 / 146_097
        let dayOfCentury = n1 % 146_097 / 4
        let p2 = UInt64(2_939_745) &* UInt64(4 &* dayOfCentury &+ 3)
        let yearOfCentury = UInt32(truncatingIfNeeded: p2 >> 32)
        let dayOfYear = UInt32(truncatingIfNeeded: p2) / 2_939_745 / 4   // March 1 = 0
        let n3 = 2141 &* dayOfYear &+ 197_913
        let month = n3 >> 16, day = (n3 & 0xFFFF) / 2141 + 1
        let january = dayOfYear >= 306 ? 1 : 0
        let year = Int(100 * century + yearOfCentury) - 400 * Int(s) + january
        return (year, Int(january == 1 ? month - 12 : month), Int(day))
    }

    /// `civil` by 400-year eras: any day.
    var eraCivil: (year: Int, month: Int, day: Int) {
        let z = Int(ordinal) + 719_468
        let era = Day.floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097                                           // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153                                         // March = 0
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Integer division rounding toward negative infinity.
    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `value` in decimal, left-padded with zeros to `width`.
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The decimal value of `count` ASCII digits at `start`, or nil if any is not a digit.
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for byte in bytes[start..<start + count] {
            guard byte &- UInt8(ascii: "0") < 10 else { return nil }
            value = value * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }
}
