import Ledger

/// Dates in words, in the page's language: `5 April 2016` / « 5 avril 2016 », and the EDTF
/// dates of the ledger with their precision, qualifiers and intervals spelled out.
///
/// | written                  | English                                         | French                                              |
/// |--------------------------|-------------------------------------------------|-----------------------------------------------------|
/// | `2016-04-05`             | 5 April 2016                                    | 5 avril 2016                                        |
/// | `2014-09` / `2014`       | September 2014 / 2014                           | septembre 2014 / 2014                               |
/// | `2014~`                  | about 2014                                      | vers 2014                                           |
/// | `2014?` / `2014%`        | possibly 2014 / possibly about 2014             | peut-être 2014 / peut-être vers 2014                |
/// | `2014-09/2015-09`        | between September 2014 and September 2015       | entre septembre 2014 et septembre 2015              |
/// | `2014-09-23/2016-06-22`  | between 23 September 2014 and 22 June 2016      | entre le 23 septembre 2014 et le 22 juin 2016       |
extension ReportText {
    /// A day in words.
    func day(_ day: Day) -> String {
        let (year, month, number) = day.civil
        return self(.dayMonthYear, number == 1 ? self(.firstOfMonth) : String(number), self(ReportText.months[month - 1]),
                    String(year))
    }

    /// A date as written in the ledger, in words; anything that is not such a date (it
    /// cannot happen for a date the ledger accepted) is shown as written.
    func date(_ text: String) -> String {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return HTMLText.escape(text) }
        var words: [String] = []
        for part in parts {
            guard let part = ReportText.Part(part) else { return HTMLText.escape(text) }
            words.append(self.part(part, inInterval: parts.count == 2))
        }
        return words.count == 2 ? self(.between, words[0], words[1]) : words[0]
    }

    /// One part of a date (the whole date, or one end of an interval) in words.
    private func part(_ part: Part, inInterval: Bool) -> String {
        var core: String
        switch (part.month, part.day) {
        case (let month?, let day?):
            // Checked when the part was read.
            core = self.day(Day(year: part.year, month: month, day: day)!)
            // French puts an article before a day after a preposition: « vers le 5 avril », « entre le … ».
            if inInterval || part.qualifier != nil { core = self(.dayWithArticle, core) }
        case (let month?, nil):
            core = self(.monthYear, self(ReportText.months[month - 1]), String(part.year))
        default:
            core = String(part.year)
        }
        switch part.qualifier {
        case "~": return self(inInterval ? .approximateInInterval : .approximate, core)
        case "?": return self(.uncertain, core)
        case "%": return self(inInterval ? .uncertainApproximateInInterval : .uncertainApproximate, core)
        default: return core
        }
    }

    /// The month names, January first.
    static let months: [ReportWord] = [.january, .february, .march, .april, .may, .june, .july, .august,
                                       .september, .october, .november, .december]

    /// A year, month or day with at most one trailing qualifier (`?`, `~`, `%`).
    private struct Part {
        let year: Int
        let month: Int?
        let day: Int?
        let qualifier: Character?

        init?(_ text: Substring) {
            var core = text
            if let last = core.last, "?~%".contains(last) {
                qualifier = last
                core = core.dropLast()
            } else {
                qualifier = nil
            }
            let fields = core.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...3).contains(fields.count), fields[0].count == 4, let year = Int(fields[0]) else { return nil }
            let numbers = fields.dropFirst().map { $0.count == 2 ? Int($0) : nil }
            guard numbers.allSatisfy({ $0 != nil }) else { return nil }
            self.year = year
            month = numbers.first ?? nil
            day = numbers.count > 1 ? numbers[1] : nil
            guard month.map({ (1...12).contains($0) }) ?? true else { return nil }
            if let month, let day, Day(year: year, month: month, day: day) == nil { return nil }
        }
    }
}
