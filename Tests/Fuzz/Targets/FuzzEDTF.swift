/// EDTF dates and days: a date's earliest day is never after its latest; a date keeps its
/// text; `--as-of` takes only plain dates and gives their latest day; a day written back
/// reads as the same day.
enum FuzzEDTF: FuzzTarget {
    static func run(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        if let date = try? EDTFDate.parse(text) {
            check(date.earliest <= date.latest, "earliest after latest in \(text)")
            check(date.text == text, "the date does not keep its text")
            check((try? EDTFDate.parse(date.text)) == date, "reading the text again gives another date")
            if let asOf = try? EDTFDate.parseAsOf(text) {
                check(asOf == date.latest && !date.isInterval && !date.isUncertain && !date.isApproximate,
                      "--as-of \(text) is not the latest day of a plain date")
            }
        }
        if let day = Day.parse(text) {
            check(Day.parse(day.description) == day, "the day \(text) written back reads differently")
            check(day.addingDays(1) > day, "the next day is not later")
        }
    }
}
