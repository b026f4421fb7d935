import Testing
import TestSupport
@testable import Ledger

@Suite("Timestamp")
struct TimestampTests {
    @Test("the recorded time written as JSON bytes is the JSON string of its text, years 0 to 9999 and beyond")
    func recordedJSONBytes() {
        var random = SplitMix64(seed: 3339)
        var instants: [Int64] = [0, -1, 86_399, 86_400, -62_167_219_200, -62_167_219_201, 253_402_300_799, 253_402_300_800]
        for _ in 0..<2000 { instants.append(Int64.random(in: -70_000_000_000...260_000_000_000, using: &random)) }
        for seconds in instants {
            let t = Timestamp(seconds: seconds)
            var bytes: [UInt8] = []
            t.appendRecordedJSON(to: &bytes)
            var expected: [UInt8] = []
            JSONWriter.writeString(t.recordedText, into: &expected)
            #expect(bytes == expected, "\(seconds)")
        }
    }

    @Test("parseRecorded reads the ledger's form and prints it back")
    func recordedRoundTrip() throws {
        let text = "2026-11-28T09:15:02Z"
        let t = try #require(Timestamp.parseRecorded(text))
        #expect(t.recordedText == text)
        #expect(t.description == text)
        #expect(t.nanoseconds == 0)
        #expect(t.day == Day.parse("2026-11-28"))
        #expect(Timestamp.parseRecorded("1970-01-01T00:00:00Z") == Timestamp(seconds: 0))
        #expect(Timestamp.parseRecorded("1969-12-31T23:59:59Z") == Timestamp(seconds: -1))
        #expect(Timestamp(seconds: -1).recordedText == "1969-12-31T23:59:59Z")
        #expect(Timestamp(seconds: -1).day == Day(ordinal: -1))
    }

    @Test("parseRecorded is strict",
          arguments: ["2026-11-28T09:15:02+01:00", "2026-11-28T09:15:02+00:00", "2026-11-28T09:15:02.5Z",
                      "2026-11-28t09:15:02Z", "2026-11-28T09:15:02z", "2026-11-28 09:15:02Z",
                      "2026-11-28T09:15:02", "2026-11-28T9:15:02Z", "2026-11-28T09:15:60Z",
                      "2026-13-28T09:15:02Z", "2026-02-30T09:15:02Z", "2026-11-28T24:00:00Z",
                      "2026-11-28T09:60:00Z", " 2026-11-28T09:15:02Z", "2026-11-28T09:15:02Z\n", ""])
    func recordedStrict(text: String) {
        #expect(Timestamp.parseRecorded(text) == nil)
    }

    @Test("parseRFC3339 compares offsets and fractions as instants",
          arguments: [
              ("2026-11-28T10:15:02+01:00", "2026-11-28T09:15:02Z", 0),
              ("2026-11-28T03:45:02-05:30", "2026-11-28T09:15:02Z", 0),
              ("2026-11-28T09:15:02z", "2026-11-28T09:15:02Z", 0),
              ("2026-11-28t09:15:02Z", "2026-11-28T09:15:02Z", 0),
              ("2026-11-28T09:15:02-00:00", "2026-11-28T09:15:02Z", 0),
              ("2026-11-28T00:30:00+01:00", "2026-11-27T23:30:00Z", 0),
              ("2026-11-28T09:15:02.5Z", "2026-11-28T09:15:02Z", 500_000_000),
              ("2026-11-28T09:15:02.123456789Z", "2026-11-28T09:15:02Z", 123_456_789),
              ("2026-11-28T09:15:02.1234567891234+01:00", "2026-11-28T08:15:02Z", 123_456_789),
              ("2026-11-28T09:15:02.000001Z", "2026-11-28T09:15:02Z", 1_000),
          ])
    func rfc3339(text: String, utc: String, nanoseconds: Int32) throws {
        let t = try #require(Timestamp.parseRFC3339(text))
        let expected = try #require(Timestamp.parseRecorded(utc))
        #expect(t == Timestamp(seconds: expected.seconds, nanoseconds: nanoseconds))
        #expect(t.recordedText == utc)
    }

    @Test("parseRFC3339 rejects invalid date-times",
          arguments: ["2026-13-28T09:15:02Z", "2026-00-28T09:15:02Z", "2026-02-30T09:15:02Z", "2025-02-29T09:15:02Z",
                      "2026-11-28T24:00:00Z", "2026-11-28T09:60:00Z", "2026-11-28T09:15:61Z",
                      "2026-11-28T09:15:02", "2026-11-28T09:15:02.Z", "2026-11-28T09:15:02+1:00",
                      "2026-11-28T09:15:02+01", "2026-11-28T09:15:02+0100", "2026-11-28T09:15:02+24:00",
                      "2026-11-28T09:15:02+01:60", "2026-11-28 09:15:02Z", "2026-11-28", "2026-11-28T09:15Z",
                      "2026-11-28T09:15:02ZZ", "2026-11-28T09:15:02Z ", "26-11-28T09:15:02Z",
                      "2026-11-28T09:15:02.5.5Z", ""])
    func rfc3339Rejected(text: String) {
        #expect(Timestamp.parseRFC3339(text) == nil)
    }

    @Test("a leap second at the end of a UTC month is the last instant of that day; elsewhere rejected")
    func leapSecond() throws {
        let leap = try #require(Timestamp.parseRFC3339("2016-12-31T23:59:60Z"))
        #expect(leap == Timestamp.endOf(Day.parse("2016-12-31")!))
        #expect(leap > Timestamp.parseRFC3339("2016-12-31T23:59:59.999Z")!)
        #expect(leap < Timestamp.parseRFC3339("2017-01-01T00:00:00Z")!)
        #expect(Timestamp.parseRFC3339("2017-01-01T00:59:60+01:00") == leap)
        #expect(Timestamp.parseRFC3339("2016-06-30T23:59:60.5Z") == Timestamp.endOf(Day.parse("2016-06-30")!))
        #expect(Timestamp.parseRFC3339("2016-12-30T23:59:60Z") == nil)   // not a month's end
        #expect(Timestamp.parseRFC3339("2016-12-31T12:59:60Z") == nil)   // not the day's last minute
        #expect(Timestamp.parseRFC3339("2016-12-31T23:59:60+01:00") == nil)  // 22:59:60 UTC
    }

    @Test("endOf(day) is 23:59:59.999999999 UTC and orders after every instant of the day")
    func endOfDay() throws {
        let day = try #require(Day.parse("2014-06-05"))
        let end = Timestamp.endOf(day)
        #expect(end.recordedText == "2014-06-05T23:59:59Z")
        #expect(end.nanoseconds == 999_999_999)
        #expect(end.day == day)
        #expect(end > Timestamp.parseRFC3339("2014-06-05T23:59:59.99999999Z")!)
        #expect(end < Timestamp.parseRecorded("2014-06-06T00:00:00Z")!)
        #expect(Timestamp.endOf(Day(ordinal: -1)) < Timestamp(seconds: 0))
    }

    @Test("recordedText round-trips over a spread of instants")
    func roundTripSpread() {
        var seconds: Int64 = -2_208_988_800            // 1900-01-01
        while seconds < 4_102_444_800 {                // 2100-01-01
            let t = Timestamp(seconds: seconds)
            #expect(Timestamp.parseRecorded(t.recordedText) == t, "\(seconds)")
            #expect(Timestamp.parseRFC3339(t.recordedText) == t, "\(seconds)")
            seconds += 7_654_321
        }
    }

    @Test("ordering uses nanoseconds within a second")
    func ordering() {
        #expect(Timestamp(seconds: 5, nanoseconds: 1) > Timestamp(seconds: 5))
        #expect(Timestamp(seconds: 4, nanoseconds: 999_999_999) < Timestamp(seconds: 5))
    }

    @Test("now is a plausible wall-clock instant")
    func now() {
        let now = Timestamp.now()
        #expect(now > Timestamp.parseRecorded("2024-01-01T00:00:00Z")!)
        #expect((0..<1_000_000_000).contains(now.nanoseconds))
    }
}
