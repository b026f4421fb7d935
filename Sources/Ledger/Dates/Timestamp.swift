#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An instant, UTC, with nanoseconds.
///
/// Leap seconds: a `:60` second is accepted by `parseRFC3339` only where one
/// can occur — the last minute of a month in UTC — and is read as
/// 23:59:59.999999999, the last instant before the next day. Order is kept
/// (it sorts after every other instant of that day) and the day it falls on is
/// the right one; two instants inside the same leap second compare equal.
/// `parseRecorded` never accepts `:60`: the ledger does not write it.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    public let seconds: Int64
    /// The fraction of the second, 0..<1_000_000_000.
    public let nanoseconds: Int32

    /// The instant `seconds` and `nanoseconds` after 1970-01-01T00:00:00Z.
    /// `nanoseconds` must be in 0..<1_000_000_000.
    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        precondition((0..<1_000_000_000).contains(nanoseconds), "Timestamp: nanoseconds \(nanoseconds) out of range")
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The current instant from the system's wall clock (`CLOCK_REALTIME`).
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }

    /// Parses the strict form the ledger writes in `recorded`:
    /// `YYYY-MM-DDTHH:MM:SSZ` exactly (uppercase `T` and `Z`, UTC, no fraction,
    /// second 00–59). Anything else is nil.
    public static func parseRecorded(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { parseRecorded($0) }
    }

    /// `parseRecorded` on UTF-8 bytes (a decoder's, with no `String` made).
    static func parseRecorded(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard b.count == 20, b[10] == UInt8(ascii: "T"), b[19] == UInt8(ascii: "Z"),
              let (day, secondOfDay, leap) = dateAndTime(b),
              !leap else { return nil }
        return Timestamp(seconds: Int64(day.ordinal) * 86_400 + Int64(secondOfDay))
    }

    /// Parses any RFC 3339 `date-time`.
    ///
    /// Accepts `T` or `t`, a fraction of any length (digits past the ninth are
    /// dropped), and an offset `Z`, `z`, `+HH:MM` or `-HH:MM` (hours 00–23);
    /// the result is the instant, so `2026-11-28T10:15:02+01:00` equals
    /// `2026-11-28T09:15:02Z`. Rejects out-of-range fields (month 13, Feb 30,
    /// hour 24, minute 60) and a space instead of `T`. Leap second `:60`: see the type's notes.
    public static func parseRFC3339(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { b -> Timestamp? in
            guard b.count >= 20, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
                  let (day, secondOfDay, leap) = dateAndTime(b) else { return nil }

            // time-secfrac = "." 1*DIGIT
            var i = 19
            var nanoseconds = 0
            if b[i] == UInt8(ascii: ".") {
                i += 1
                let start = i
                while i < b.count, let digit = digit(b[i]) {
                    if i - start < 9 { nanoseconds = nanoseconds * 10 + digit }
                    i += 1
                }
                guard i > start else { return nil }
                for _ in min(i - start, 9)..<9 { nanoseconds *= 10 }
            }

            // time-offset = "Z" / time-numoffset
            guard i < b.count else { return nil }
            var offset = 0
            switch b[i] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                i += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard b.count == i + 6, b[i + 3] == UInt8(ascii: ":"),
                      let hours = twoDigits(b, i + 1), hours < 24,
                      let minutes = twoDigits(b, i + 4), minutes < 60 else { return nil }
                offset = (hours * 60 + minutes) * 60 * (b[i] == UInt8(ascii: "-") ? -1 : 1)
                i += 6
            default:
                return nil
            }
            guard i == b.count else { return nil }

            let local = Int64(day.ordinal) * 86_400 + Int64(secondOfDay)
            let utc = local - Int64(offset)
            guard leap else { return Timestamp(seconds: utc, nanoseconds: Int32(nanoseconds)) }
            // `utc` is one second past 23:59:59 of the UTC day the leap second ends.
            let lastSecond = utc - 1
            let utcDay = Day(ordinal: Int32(Day.floorDiv(Int(lastSecond), 86_400)))
            guard lastSecond - Int64(utcDay.ordinal) * 86_400 == 86_399,
                  utcDay == Day.lastDay(year: utcDay.year, month: utcDay.month) else { return nil }
            return Timestamp(seconds: lastSecond, nanoseconds: 999_999_999)
        }
    }

    /// The last instant of a UTC day: 23:59:59.999999999.
    public static func endOf(_ day: Day) -> Timestamp {
        Timestamp(seconds: Int64(day.ordinal) * 86_400 + 86_399, nanoseconds: 999_999_999)
    }

    /// The instant as `YYYY-MM-DDTHH:MM:SSZ`, the fraction dropped (the year as in
    /// `Day.description`: zero-padded to 4 digits, a minus sign before negative years).
    public var recordedText: String {
        var out: [UInt8] = []
        appendRecorded(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `recordedText` to `out` as a JSON string, quotes included (it holds nothing
    /// to escape), making no String: an append batch writes one for each of its events.
    func appendRecordedJSON(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendRecorded(to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the bytes of `recordedText` to `out`.
    private func appendRecorded(to out: inout [UInt8]) {
        let day = self.day
        let (y, m, d) = day.civil
        let secondOfDay = Int(seconds - Int64(day.ordinal) * 86_400)
        func two(_ value: Int) {
            out.append(UInt8(ascii: "0") + UInt8(value / 10))
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        if y < 0 { out.append(UInt8(ascii: "-")) }
        if y >= 0 && y <= 9999 {
            two(y / 100)
            two(y % 100)
        } else {
            out.append(contentsOf: Day.padded(abs(y), width: 4).utf8)
        }
        out.append(UInt8(ascii: "-"))
        two(m)
        out.append(UInt8(ascii: "-"))
        two(d)
        out.append(UInt8(ascii: "T"))
        two(secondOfDay / 3600)
        out.append(UInt8(ascii: ":"))
        two(secondOfDay / 60 % 60)
        out.append(UInt8(ascii: ":"))
        two(secondOfDay % 60)
        out.append(UInt8(ascii: "Z"))
    }

    /// The same as `recordedText`.
    public var description: String { recordedText }

    /// The UTC day the instant falls on.
    public var day: Day {
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        guard let ordinal = Int32(exactly: days) else {
            preconditionFailure("Timestamp.day: \(seconds) s is beyond the days a Day can hold")
        }
        return Day(ordinal: ordinal)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}

// MARK: - Parsing helpers

extension Timestamp {
    /// Reads `YYYY-MM-DD?HH:MM:SS` from the first 19 bytes (the separator at 10
    /// is checked by the caller): the day, the second of the day (`:60` counts as
    /// 60, i.e. the next minute's `:00`), and whether the second was `:60`.
    static func dateAndTime(_ b: UnsafeBufferPointer<UInt8>) -> (Day, Int, Bool)? {
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let century = twoDigits(b, 0), let yy = twoDigits(b, 2),
              let month = twoDigits(b, 5), let dayOfMonth = twoDigits(b, 8),
              let day = Day(year: century * 100 + yy, month: month, day: dayOfMonth),
              let hour = twoDigits(b, 11), hour < 24,
              let minute = twoDigits(b, 14), minute < 60,
              let second = twoDigits(b, 17), second <= 60 else { return nil }
        return (day, hour * 3600 + minute * 60 + second, second == 60)
    }

    /// The value of an ASCII digit, or nil.
    static func digit(_ byte: UInt8) -> Int? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? Int(value) : nil
    }

    /// The value of two ASCII digits at `i`, or nil.
    static func twoDigits(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard let tens = digit(b[i]), let ones = digit(b[i + 1]) else { return nil }
        return tens * 10 + ones
    }
}
