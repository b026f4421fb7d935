/// An event date: the EDTF subset of SPEC §4, kept exactly as written.
///
/// | form      | example                  | covers                               |
/// |-----------|--------------------------|--------------------------------------|
/// | year      | `2005`                   | 2005-01-01 … 2005-12-31              |
/// | month     | `2010-11`                | the whole month                      |
/// | day       | `2016-04-05`             | that day                             |
/// | qualified | `2014?` `2014~` `2014-06%` | the same span; uncertain / approximate / both |
/// | interval  | `2014-09-23/2016-06-22`  | first day of the start … last day of the end |
///
/// Years have exactly 4 digits (1000–2999); a qualifier is the last character
/// of a date or of either end of an interval. Open (`..`) and empty interval
/// ends, unspecified digits (`X`), seasons and nested qualifiers are rejected.
public struct EDTFDate: Hashable, Sendable, CustomStringConvertible {
    /// The date exactly as written, e.g. `"2014~"` or `"2014-09-23/2016-06-22"`.
    public let text: String
    /// The first day the date covers.
    public let earliest: Day
    /// The last day the date covers.
    public let latest: Day

    /// Whether the date is an interval (`start/end`).
    public var isInterval: Bool { text.utf8.contains(Self.slash) }
    /// Whether any part is uncertain (`?` or `%`).
    public var isUncertain: Bool { text.utf8.contains { $0 == Self.question || $0 == Self.percent } }
    /// Whether any part is approximate (`~` or `%`).
    public var isApproximate: Bool { text.utf8.contains { $0 == Self.tilde || $0 == Self.percent } }
    /// The date as written.
    public var description: String { text }

    /// Parses an event date.
    ///
    /// - Throws: `DateError` naming what is wrong and quoting the text at fault,
    ///   e.g. `month 13 does not exist in '2014-13'`.
    public static func parse(_ text: String) throws(DateError) -> EDTFDate {
        var copy = text
        let span = copy.withUTF8 { bytes in Result { () throws(DateError) in try parseSpan(bytes) } }
        let (earliest, latest) = try span.get()
        return EDTFDate(text: text, earliest: earliest, latest: latest)
    }

    /// Parses the argument of `--as-of`: a year, month or day, with no qualifier
    /// and no interval, and returns the last day it covers
    /// (`2014` → 2014-12-31, `2014-02` → 2014-02-28).
    ///
    /// - Throws: `DateError` when the text is not a valid date, or is qualified or an interval.
    public static func parseAsOf(_ text: String) throws(DateError) -> Day {
        let date = try parse(text)
        if date.isInterval {
            throw DateError("--as-of takes a year, month or day, not an interval: \(DateError.quoted(text))")
        }
        if date.isUncertain || date.isApproximate {
            throw DateError("--as-of takes a year, month or day without a qualifier ('?', '~' or '%'): \(DateError.quoted(text))")
        }
        return date.latest
    }
}

// MARK: - Parsing

extension EDTFDate {
    static let slash = UInt8(ascii: "/"), dash = UInt8(ascii: "-"), dot = UInt8(ascii: ".")
    static let question = UInt8(ascii: "?"), tilde = UInt8(ascii: "~"), percent = UInt8(ascii: "%")

    /// The span of a whole date: one part, or an interval of two.
    static func parseSpan(_ b: UnsafeBufferPointer<UInt8>) throws(DateError) -> (Day, Day) {
        if let plain = plainDate(b) { return (plain.earliest, plain.latest) }
        let whole = 0..<b.count
        guard !b.isEmpty else {
            throw DateError("a date cannot be empty: write a year ('2014'), a month ('2014-06') or a day ('2014-06-05')")
        }
        try checkCharacters(b)
        guard let cut = b.firstIndex(of: slash) else { return try parsePart(b, whole) }
        guard b[(cut + 1)...].firstIndex(of: slash) == nil else {
            throw DateError("an interval has exactly one '/': \(quote(b, whole))")
        }

        let start = 0..<cut, end = cut + 1..<b.count
        for part in [start, end] {
            if part.isEmpty {
                throw DateError("unknown (empty) interval ends are not accepted for event dates: \(quote(b, whole))")
            }
            if part.count == 2 && b[part.lowerBound] == dot && b[part.lowerBound + 1] == dot {
                throw DateError("open interval ends ('..') are not accepted for event dates: \(quote(b, whole))")
            }
        }
        let first = try parsePart(b, start), last = try parsePart(b, end)
        guard first.earliest <= last.latest else {
            throw DateError("interval start \(quote(b, start)) is after its end \(quote(b, end))")
        }
        return (first.earliest, last.latest)
    }

    /// The years a date may name (SPEC §4).
    static let years = 1000...2999

    /// Places a plain date can take in a year: the year itself, its 12 months, its 366 days.
    static let plainPlacesPerYear = 379

    /// A plain year, month or day (`2016`, `2016-04`, `2016-04-20`: most dates of a ledger),
    /// read without the general parser's steps: its span and its number,
    /// `plainPlacesPerYear` numbers for each of `years` (the year, then its months, then
    /// its days in order), so that the number alone gives the text back (`plainText`). Nil
    /// for any other text (a qualifier, an interval, a date that does not exist), which
    /// `parseSpan` then reads and, if need be, words the error for. Where both read a date
    /// they agree (`EDTFDateTests`).
    static func plainDate(_ b: UnsafeBufferPointer<UInt8>) -> (earliest: Day, latest: Day, number: Int32)? {
        let n = b.count
        guard n == 4 || n == 7 || n == 10 else { return nil }
        @inline(__always) func digits(_ k: Int) -> Int? {
            let high = b[k] &- UInt8(ascii: "0"), low = b[k + 1] &- UInt8(ascii: "0")
            return high < 10 && low < 10 ? Int(high) * 10 + Int(low) : nil
        }
        guard let century = digits(0), let decade = digits(2) else { return nil }
        let year = century * 100 + decade
        guard years.contains(year) else { return nil }
        let base = (year - years.lowerBound) * plainPlacesPerYear
        // A valid day of these years always has an ordinal.
        func day(_ month: Int, _ day: Int) -> Day { Day(ordinal: Day.ordinal(year: year, month: month, day: day)!) }
        guard n > 4 else { return (day(1, 1), day(12, 31), Int32(base)) }
        guard b[4] == dash, let month = digits(5), (1...12).contains(month) else { return nil }
        let length = Day.daysInMonth(year: year, month: month)
        guard n > 7 else { return (day(month, 1), day(month, length), Int32(base + month)) }
        guard b[7] == dash, let one = digits(8), (1...length).contains(one) else { return nil }
        let date = day(month, one)
        return (date, date, Int32(base + 13) + date.ordinal - day(1, 1).ordinal)
    }

    /// The text of a plain date's number (`plainDate`), as the ledger writes it.
    static func plainText(_ number: Int32) -> String {
        withPlainBytes(number) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of a plain date's number as the ledger writes them (valid
    /// during the call only): what interning a date needs, with no `String` made.
    static func withPlainBytes<R>(_ number: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: plainLength) { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[..<plainBytes(number, into: buffer.baseAddress!)]))
        }
    }

    /// The most bytes a plain date takes (`YYYY-MM-DD`).
    private static let plainLength = 10

    /// The bytes of a plain date's number (`plainDate`) as the ledger writes them, written at
    /// `out` (room for `plainLength`); returns how many. Digits written straight out: a log's
    /// ten thousand distinct dates each made a `String` by interpolation (a few thousand
    /// instructions each) on the core that merges the decoded pieces.
    private static func plainBytes(_ number: Int32, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let year = years.lowerBound + Int(number) / plainPlacesPerYear, place = Int(number) % plainPlacesPerYear
        func two(_ value: Int, at k: Int) {
            out[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
            out[k + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
        }
        // Years 1000–2999: four digits.
        two(year / 100, at: 0)
        two(year % 100, at: 2)
        if place == 0 { return 4 }
        out[4] = dash
        if place <= 12 {
            two(place, at: 5)
            return 7
        }
        let (_, month, day) = Day(ordinal: Day.ordinal(year: year, month: 1, day: 1)! + Int32(place - 13)).civil
        two(month, at: 5)
        out[7] = dash
        two(day, at: 8)
        return 10
    }

    /// Rejects any byte outside `0-9 - / ? ~ % .`, naming the first offending character.
    static func checkCharacters(_ b: UnsafeBufferPointer<UInt8>) throws(DateError) {
        func allowed(_ c: UInt8) -> Bool {
            c &- UInt8(ascii: "0") < 10 || c == dash || c == slash || c == question
                || c == tilde || c == percent || c == dot
        }
        guard !b.allSatisfy(allowed) else { return }
        // Slow path: only for a message.
        let text = String(decoding: b, as: UTF8.self)
        guard let bad = text.unicodeScalars.first(where: { !$0.isASCII || !allowed(UInt8($0.value)) }) else { return }
        let whole = DateError.quoted(text)
        if bad == "X" || bad == "x" {
            throw DateError("unspecified digits ('X') are not accepted in \(whole)")
        }
        if bad.properties.isWhitespace {
            throw DateError("spaces are not allowed in \(whole)")
        }
        throw DateError("unexpected character \(DateError.quoted(String(bad))) in \(whole)")
    }

    /// The span of one part (a whole date, or one end of an interval): a year,
    /// month or day with at most one trailing qualifier.
    static func parsePart(_ b: UnsafeBufferPointer<UInt8>, _ part: Range<Int>) throws(DateError) -> (earliest: Day, latest: Day) {
        func written() -> String { quote(b, part) }
        func isQualifier(_ c: UInt8) -> Bool { c == question || c == tilde || c == percent }

        var core = part
        if isQualifier(b[core.upperBound - 1]) { core = core.lowerBound..<core.upperBound - 1 }
        if let last = core.last, isQualifier(b[last]) {
            throw DateError("only one qualifier ('?', '~' or '%') is allowed on a date: \(written())")
        }
        if core.contains(where: { isQualifier(b[$0]) }) {
            throw DateError("a qualifier ('?', '~' or '%') may only be the last character of a date: \(written())")
        }
        if core.contains(where: { b[$0] == dot }) {
            throw DateError("unexpected character '.' in \(written())")
        }
        if let first = core.first, b[first] == dash {
            throw DateError("year must have 4 digits (1000–2999); negative years are not accepted: \(written())")
        }

        // Split the core on '-' into year, month, day (without an array: this runs for every event on replay).
        var firstDash: Int?, secondDash: Int?, extraDash = false
        for i in core where b[i] == dash {
            if firstDash == nil { firstDash = i } else if secondDash == nil { secondDash = i } else { extraDash = true }
        }
        let yearField = core.lowerBound..<(firstDash ?? core.upperBound)
        let monthField = firstDash.map { $0 + 1..<(secondDash ?? core.upperBound) }
        let dayField = secondDash.map { $0 + 1..<core.upperBound }
        guard !extraDash, !yearField.isEmpty, monthField?.isEmpty != true, dayField?.isEmpty != true else {
            throw DateError("\(written()) is not a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD)")
        }

        guard yearField.count == 4 else {
            throw DateError("year must have 4 digits (1000–2999) in \(written())")
        }
        let year = number(b, yearField)
        guard years.contains(year) else {
            throw DateError("year \(quote(b, yearField)) is outside 1000–2999 in \(written())")
        }
        guard let monthField else {
            return (Day(year: year, month: 1, day: 1)!, Day(year: year, month: 12, day: 31)!)
        }

        guard monthField.count == 2 else {
            throw DateError("month must have 2 digits in \(written())")
        }
        let month = number(b, monthField)
        if (21...41).contains(month) {
            throw DateError("seasons and other divisions of a year (21–41) are not accepted: \(written())")
        }
        guard (1...12).contains(month) else {
            throw DateError("month \(Day.padded(month, width: 2)) does not exist in \(written())")
        }
        guard let dayField else {
            return (Day(year: year, month: month, day: 1)!, Day.lastDay(year: year, month: month))
        }

        guard dayField.count == 2 else {
            throw DateError("day must have 2 digits in \(written())")
        }
        guard let day = Day(year: year, month: month, day: number(b, dayField)) else {
            throw DateError("\(quote(b, core)) is not a calendar day")
        }
        return (day, day)
    }

    /// The decimal value of ASCII digits (already checked to be digits).
    static func number(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var value = 0
        for i in range { value = value * 10 + Int(b[i] &- UInt8(ascii: "0")) }
        return value
    }

    /// Part of the text, quoted for a message.
    static func quote(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        DateError.quoted(String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self))
    }
}
