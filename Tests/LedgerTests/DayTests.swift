import Testing
@testable import Ledger
import TestSupport

@Suite("Day")
struct DayTests {
    @Test("1970-01-01 is ordinal 0; known anchors")
    func anchors() {
        #expect(Day(year: 1970, month: 1, day: 1)?.ordinal == 0)
        #expect(Day(year: 1969, month: 12, day: 31)?.ordinal == -1)
        #expect(Day(year: 2000, month: 3, day: 1)?.ordinal == 11_017)
        #expect(Day(ordinal: 19_723).description == "2024-01-01")
        #expect(Day(ordinal: -25_567).description == "1900-01-01")
    }

    @Test("every day 1900-01-01…2100-12-31 round-trips through text and fields, ordinals consecutive")
    func everyValidDayRoundTrips() {
        var previous: Day?
        var count = 0
        for year in 1900...2100 {
            for month in 1...12 {
                for dayOfMonth in 1...Day.daysInMonth(year: year, month: month) {
                    guard let day = Day(year: year, month: month, day: dayOfMonth) else {
                        Issue.record("\(year)-\(month)-\(dayOfMonth) rejected"); return
                    }
                    #expect(day.year == year && day.month == month && day.day == dayOfMonth)
                    #expect(Day(ordinal: day.ordinal) == day)
                    let text = day.description
                    #expect(text.count == 10)
                    #expect(Day.parse(text) == day, "\(text)")
                    if let previous {
                        #expect(day.ordinal == previous.ordinal + 1, "\(text)")
                        #expect(previous < day)
                    }
                    previous = day
                    count += 1
                }
            }
        }
        #expect(count == 73_414)   // 201 years, 49 of them leap (1900 and 2100 are not)
    }

    @Test("the fast civil arithmetic gives the era arithmetic's fields at its range's ends and across it")
    func fastCivil() {
        var ordinals: [Int32] = [Day.fast.lowerBound, Day.fast.lowerBound + 1, Day.fast.upperBound - 1, Day.fast.upperBound]
        // Every day from 2000 BC to AD 4000 (leap centuries, year 0, negative years), then a spread.
        ordinals += Array(Day(year: -2000, month: 1, day: 1)!.ordinal...Day(year: 4000, month: 12, day: 31)!.ordinal)
        ordinals += stride(from: Day.fast.lowerBound, through: Day.fast.upperBound, by: 9_973)
        for ordinal in ordinals {
            let day = Day(ordinal: ordinal)
            guard day.fastCivil == day.eraCivil else {
                Issue.record("day \(ordinal): \(day.fastCivil) against \(day.eraCivil)")
                return
            }
        }
        // Outside the fast range, `civil` takes the era arithmetic.
        #expect(Day(ordinal: Int32.max).civil == Day(ordinal: Int32.max).eraCivil)
        #expect(Day(ordinal: Day.fast.upperBound + 1).civil == Day(ordinal: Day.fast.upperBound + 1).eraCivil)
    }

    @Test("the fast ordinal arithmetic gives the era arithmetic's day at its range's ends and across it")
    func fastOrdinal() {
        var checked = 0
        func check(_ year: Int, _ month: Int, _ day: Int) {
            let fast = Day.fastOrdinal(year: year, month: month, day: day), era = Day.eraOrdinal(year: year, month: month, day: day)
            if fast != era { Issue.record("\(year)-\(month)-\(day): \(String(describing: fast)) against \(String(describing: era))") }
            checked += 1
        }
        // Every month and day 0–32 (days past a month's end are counted on, as the era
        // arithmetic counts them) from 2000 BC to AD 4000, then the range's ends.
        for year in -2000...4000 {
            for month in 1...12 {
                for day in 0...32 { check(year, month, day) }
            }
        }
        for year in [Day.fastYears.lowerBound, Day.fastYears.lowerBound + 1, Day.fastYears.upperBound - 1, Day.fastYears.upperBound] {
            for month in 1...12 { check(year, month, 1); check(year, month, 31) }
        }
        // A day that leaves Int32 is nil either way; outside the fast years, `ordinal` takes the eras.
        check(2000, 1, Int(Int32.max))
        #expect(Day.ordinal(year: 9_000_000, month: 3, day: 1) == Day.eraOrdinal(year: 9_000_000, month: 3, day: 1))
        #expect(Day.ordinal(year: 2016, month: 13, day: 1) == Day.eraOrdinal(year: 2016, month: 13, day: 1))
        #expect(checked == 6001 * 12 * 33 + 4 * 24 + 1)
    }

    @Test("invalid days are rejected by init and parse",
          arguments: [
              (1900, 2, 29), (2100, 2, 29), (2014, 2, 29), (2015, 2, 29), (2016, 2, 30), (2000, 2, 30),
              (2014, 4, 31), (2014, 6, 31), (2014, 9, 31), (2014, 11, 31),
              (2014, 13, 1), (2014, 0, 1), (2014, 1, 0), (2014, 1, 32), (2014, -1, 1),
          ])
    func invalidDays(year: Int, month: Int, day: Int) {
        #expect(Day(year: year, month: month, day: day) == nil)
        let text = "\(year)-\(Day.padded(month, width: 2))-\(Day.padded(day, width: 2))"
        #expect(Day.parse(text) == nil, "\(text)")
    }

    @Test("leap days that exist: 2000, 2016, 2024")
    func leapDays() {
        for year in [2000, 2016, 2024] {
            #expect(Day(year: year, month: 2, day: 29) != nil)
        }
    }

    @Test("parse is strict YYYY-MM-DD",
          arguments: ["", "2014-1-05", "2014-01-5", "14-01-05", "20140-01-05", "2014/01/05", "2014-01-05 ",
                      " 2014-01-05", "2014-01-05T00:00:00Z", "2014-O1-05", "+014-01-05", "2014-01", "2014"])
    func parseStrict(text: String) {
        #expect(Day.parse(text) == nil)
    }

    @Test("addingMonths clamps to the last day of the target month")
    func addingMonths() {
        func day(_ text: String) -> Day { Day.parse(text)! }
        #expect(day("2014-12-31").addingMonths(2) == day("2015-02-28"))
        #expect(day("2016-01-31").addingMonths(1) == day("2016-02-29"))
        #expect(day("2015-01-31").addingMonths(13) == day("2016-02-29"))
        #expect(day("2014-03-31").addingMonths(1) == day("2014-04-30"))
        #expect(day("2014-06-15").addingMonths(0) == day("2014-06-15"))
        #expect(day("2014-06-15").addingMonths(1200) == day("2114-06-15"))
        #expect(day("2016-02-29").addingMonths(1200) == day("2116-02-29"))
        #expect(day("2016-02-29").addingMonths(12) == day("2017-02-28"))
        #expect(day("2014-01-15").addingMonths(-1) == day("2013-12-15"))
        #expect(day("2014-03-31").addingMonths(-1) == day("2014-02-28"))
    }

    @Test("months added to a year, month and day worked out already give addingMonths' day and that day's own civil date")
    func addingMonthsToCivil() {
        var random = SplitMix64(seed: 12)
        for _ in 0..<2000 {
            let start = Day(ordinal: Int32.random(in: -800_000...2_900_000, using: &random))
            let months = Int.random(in: -2400...2400, using: &random)
            let (due, civil) = Day.adding(months: months, to: start.civil)
            #expect(due == start.addingMonths(months), "\(start) + \(months)")
            #expect(civil == due.civil, "\(start) + \(months)")
        }
    }

    @Test("a civil date packed in one word: year × 512 + month × 32 + day for years 0–9999, else 0")
    func packedCivil() {
        #expect(Day.packed((2016, 2, 29)) == 2016 << 9 | 2 << 5 | 29)
        #expect(Day.packed((0, 1, 1)) == 1 << 5 | 1)
        #expect(Day.packed((9999, 12, 31)) == 9999 << 9 | 12 << 5 | 31)
        #expect(Day.packed((10000, 1, 1)) == 0)
        #expect(Day.packed((-1, 12, 31)) == 0)
    }

    @Test("addingDays and lastDay")
    func addingDaysAndLastDay() {
        #expect(Day.parse("2014-12-31")!.addingDays(1) == Day.parse("2015-01-01"))
        #expect(Day.parse("2016-03-01")!.addingDays(-1) == Day.parse("2016-02-29"))
        #expect(Day.lastDay(year: 2014, month: 2).description == "2014-02-28")
        #expect(Day.lastDay(year: 2000, month: 2).description == "2000-02-29")
        #expect(Day.lastDay(year: 1900, month: 2).description == "1900-02-28")
        #expect(Day.lastDay(year: 2014, month: 12).description == "2014-12-31")
        #expect(Day.lastDay(year: 2014, month: 4).description == "2014-04-30")
    }

    @Test("years before 1000 are padded to 4 digits")
    func padding() {
        #expect(Day(year: 999, month: 1, day: 2)?.description == "0999-01-02")
        #expect(Day.parse("0999-01-02") == Day(year: 999, month: 1, day: 2))
    }

    @Test("today is the UTC day of now")
    func today() {
        let before = Timestamp.now().day
        let today = Day.today()
        let after = Timestamp.now().day
        #expect(before <= today && today <= after)
        #expect(today.year >= 2024)
    }
}
