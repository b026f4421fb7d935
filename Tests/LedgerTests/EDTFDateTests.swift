import Testing
@testable import Ledger

@Suite("EDTF dates (SPEC §4)")
struct EDTFDateTests {
    /// Parses `text` or records the error.
    private func date(_ text: String) -> EDTFDate? {
        do { return try EDTFDate.parse(text) } catch {
            Issue.record("'\(text)' rejected: \(error)")
            return nil
        }
    }

    @Test("each form covers its span",
          arguments: [
              ("2005", "2005-01-01", "2005-12-31"),
              ("2010-11", "2010-11-01", "2010-11-30"),
              ("2016-02", "2016-02-01", "2016-02-29"),
              ("2014-02", "2014-02-01", "2014-02-28"),
              ("2016-04-05", "2016-04-05", "2016-04-05"),
              ("2014?", "2014-01-01", "2014-12-31"),
              ("2014~", "2014-01-01", "2014-12-31"),
              ("2014-06%", "2014-06-01", "2014-06-30"),
              ("2016-04-05~", "2016-04-05", "2016-04-05"),
              ("2014-09-23/2016-06-22", "2014-09-23", "2016-06-22"),
              ("2014/2016", "2014-01-01", "2016-12-31"),
              ("2014-09-23/2015-08", "2014-09-23", "2015-08-31"),
              ("2014?/2016~", "2014-01-01", "2016-12-31"),
              ("2014-12/2014-12-05", "2014-12-01", "2014-12-05"),
              ("2014/2014", "2014-01-01", "2014-12-31"),
              ("1000", "1000-01-01", "1000-12-31"),
              ("2999-12-31", "2999-12-31", "2999-12-31"),
          ])
    func spans(text: String, earliest: String, latest: String) {
        guard let date = date(text) else { return }
        #expect(date.earliest.description == earliest)
        #expect(date.latest.description == latest)
        #expect(date.text == text)
        #expect(date.description == text)
    }

    @Test("qualifiers are kept and flagged; intervals are flagged")
    func flags() {
        let cases: [(String, interval: Bool, uncertain: Bool, approximate: Bool)] = [
            ("2014", false, false, false),
            ("2014?", false, true, false),
            ("2014~", false, false, true),
            ("2014-06%", false, true, true),
            ("2014/2016", true, false, false),
            ("2014?/2016~", true, true, true),
            ("2014-09-23/2016-06-22?", true, true, false),
        ]
        for (text, interval, uncertain, approximate) in cases {
            guard let date = date(text) else { continue }
            #expect(date.isInterval == interval, "\(text)")
            #expect(date.isUncertain == uncertain, "\(text)")
            #expect(date.isApproximate == approximate, "\(text)")
        }
    }

    @Test("dates written differently are different values, even with the same span")
    func textIsIdentity() throws {
        let plain = try #require(date("2014")), approximate = try #require(date("2014~"))
        #expect(plain.earliest == approximate.earliest && plain.latest == approximate.latest, "the same span")
        #expect(plain != approximate)
        let expected = EDTFDate(text: "2014", earliest: try #require(Day(year: 2014, month: 1, day: 1)),
                                latest: try #require(Day(year: 2014, month: 12, day: 31)))
        #expect(plain == expected)
    }

    @Test("rejected, with a message that says why",
          arguments: [
              ("", "cannot be empty"),
              ("20145", "year must have 4 digits (1000–2999)"),
              ("14", "year must have 4 digits (1000–2999)"),
              ("-2014", "year must have 4 digits (1000–2999)"),
              ("0999", "year '0999' is outside 1000–2999"),
              ("3000", "year '3000' is outside 1000–2999"),
              ("2014-13", "month 13 does not exist in '2014-13'"),
              ("2014-00", "month 00 does not exist in '2014-00'"),
              ("2014-1", "month must have 2 digits in '2014-1'"),
              ("2014-21", "seasons"),
              ("2014-06-1", "day must have 2 digits in '2014-06-1'"),
              ("2014-02-30", "'2014-02-30' is not a calendar day"),
              ("2015-02-29", "'2015-02-29' is not a calendar day"),
              ("2014-04-31", "'2014-04-31' is not a calendar day"),
              ("2014-06-00", "'2014-06-00' is not a calendar day"),
              ("2014-06-05-01", "is not a year, month or day"),
              ("2014-", "is not a year, month or day"),
              ("2014--06", "is not a year, month or day"),
              ("201X", "unspecified digits ('X')"),
              ("2014-XX", "unspecified digits ('X')"),
              ("2014 ", "spaces are not allowed"),
              (" 2014", "spaces are not allowed"),
              ("2014 / 2016", "spaces are not allowed"),
              ("2014a", "unexpected character 'a'"),
              ("2014–2016", "unexpected character '–'"),
              ("2014\u{7}", "unexpected character '\\u{7}'"),
              ("2014?~", "only one qualifier"),
              ("2014~?", "only one qualifier"),
              ("2014?-06", "may only be the last character"),
              ("2014/..", "open interval ends ('..') are not accepted for event dates"),
              ("../2014", "open interval ends ('..') are not accepted for event dates"),
              ("2014/", "empty"),
              ("/2014", "empty"),
              ("/", "empty"),
              ("2014/2015/2016", "exactly one '/'"),
              ("2014.5", "unexpected character '.'"),
              ("2016/2014", "interval start '2016' is after its end '2014'"),
              ("2014-06-02/2014-06-01", "interval start '2014-06-02' is after its end '2014-06-01'"),
              ("2014-13/2016", "month 13 does not exist in '2014-13'"),
              ("2014/2016-02-30", "'2016-02-30' is not a calendar day"),
          ])
    func rejected(text: String, fragment: String) {
        #expect {
            _ = try EDTFDate.parse(text)
        } throws: { error in
            guard let error = error as? DateError else { return false }
            #expect(error.message.contains(fragment), "'\(text)': \(error.message)")
            return true
        }
    }

    @Test("a rejected date's error is typed DateError")
    func typedThrow() {
        do {
            _ = try EDTFDate.parse("2014-13")
            Issue.record("accepted")
        } catch {
            // `error` is statically a DateError here.
            #expect(error.description == "month 13 does not exist in '2014-13'")
        }
    }

    @Test("--as-of: the last day of a year, month or day",
          arguments: [("2014", "2014-12-31"), ("2016-02", "2016-02-29"), ("2014-02", "2014-02-28"),
                      ("2014-06-05", "2014-06-05")])
    func asOf(text: String, expected: String) throws {
        #expect(try EDTFDate.parseAsOf(text).description == expected)
    }

    @Test("--as-of rejects qualifiers, intervals and invalid dates",
          arguments: [("2014~", "qualifier"), ("2014-06?", "qualifier"), ("2014%", "qualifier"),
                      ("2014/2016", "interval"), ("2014-13", "month 13"), ("", "empty")])
    func asOfRejected(text: String, fragment: String) {
        #expect {
            _ = try EDTFDate.parseAsOf(text)
        } throws: { error in
            (error as? DateError)?.message.contains(fragment) == true
        }
    }

    /// The span `EDTFDate.plainDate` reads in a text.
    private func plain(_ text: String) -> (Day, Day)? {
        Array(text.utf8).withUnsafeBufferPointer { EDTFDate.plainDate($0) }.map { ($0.earliest, $0.latest) }
    }

    @Test("the quick read of a plain year, month or day gives the calendar's span (every month of 1000–2999, days across leap rules)")
    func plainForms() {
        for year in 1000...2999 {
            let whole = plain(Day.padded(year, width: 4))
            #expect(whole?.0 == Day(year: year, month: 1, day: 1) && whole?.1 == Day(year: year, month: 12, day: 31), "\(year)")
            for month in 1...12 {
                let span = plain("\(year)-\(Day.padded(month, width: 2))")
                #expect(span?.0 == Day(year: year, month: month, day: 1) && span?.1 == Day.lastDay(year: year, month: month),
                        "\(year)-\(month)")
            }
        }
        for year in [1000, 1600, 1700, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 2999] {
            for month in 1...12 {
                for day in 1...31 {
                    let text = "\(year)-\(Day.padded(month, width: 2))-\(Day.padded(day, width: 2))"
                    if let expected = Day(year: year, month: month, day: day) {
                        let span = plain(text)
                        #expect(span?.0 == expected && span?.1 == expected, "\(text)")
                    } else {
                        #expect(plain(text) == nil, "\(text) is not a day")
                        #expect(throws: DateError.self) { try EDTFDate.parse(text) }
                    }
                }
            }
        }
    }

    @Test("the quick read leaves every other form to the general parser",
          arguments: ["0999", "3000", "2016-00", "2016-13", "2016-21", "2015-02-29", "2016-04-31", "2016-04-00",
                      "2016~", "2016-04?", "2016-04-20%", "2016/2017", "201X", "2016-4", "2016-04-2", "20160", "2016-04-200",
                      "2016/04/20", "2016.04", "-2016", "2016-04-20T00", "", "２０１６"])
    func notPlain(_ text: String) {
        #expect(plain(text) == nil, "\(text)")
    }

    @Test("a plain date's number gives its text back, and no two plain dates share a number")
    func plainNumbers() {
        var seen = Set<Int32>()
        for year in [1000, 1001, 1600, 1900, 1999, 2000, 2024, 2100, 2999] {
            var texts = ["\(year)"]
            for month in 1...12 {
                texts.append("\(year)-\(Day.padded(month, width: 2))")
                for day in 1...Day.daysInMonth(year: year, month: month) { texts.append("\(year)-\(Day.padded(month, width: 2))-\(Day.padded(day, width: 2))") }
            }
            for text in texts {
                guard let date = Array(text.utf8).withUnsafeBufferPointer({ EDTFDate.plainDate($0) }) else {
                    Issue.record("\(text) is plain")
                    continue
                }
                #expect(EDTFDate.plainText(date.number) == text)
                #expect(date.number >= 0 && Int(date.number) < 2000 * EDTFDate.plainPlacesPerYear)
                #expect(seen.insert(date.number).inserted, "\(text)")
            }
        }
    }
}
