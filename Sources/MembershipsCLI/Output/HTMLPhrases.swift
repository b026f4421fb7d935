import Ledger

/// The report's fixed text in one language, as HTML: a word's template with its literal
/// text escaped and its `{1}`, `{2}`… placeholders filled with arguments inserted as given
/// (so an argument from the data must be escaped by the caller, and one built here is
/// already safe). Also counts, days and EDTF dates in words (`HTMLDates.swift`).
struct ReportText: Sendable {
    let language: ReportLanguage
    private let words: [ReportWord: String]

    init(_ language: ReportLanguage) {
        self.language = language
        words = language.words
    }

    /// The word `key` with its placeholders filled, in one pass: an argument that happens
    /// to contain `{2}` is never filled again.
    func callAsFunction(_ key: ReportWord, _ arguments: String...) -> String {
        ReportText.fill(words[key] ?? key.rawValue, arguments)
    }

    /// `template` escaped, with `{n}` replaced by `arguments[n - 1]` (left as written when
    /// there is no such argument).
    static func fill(_ template: String, _ arguments: [String]) -> String {
        var out = ""
        var literal = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let n = Int(after[..<close]), n >= 1, n <= arguments.count {
                out += HTMLText.escape(literal) + arguments[n - 1]
                literal = ""
                rest = after[after.index(after: close)...]
            } else {
                literal += "{"
                rest = after
            }
        }
        return out + HTMLText.escape(literal + rest)
    }

    /// The placeholders a template uses (`{1}`, `{2}`…), as numbers.
    static func placeholders(_ template: String) -> Set<Int> {
        var found: Set<Int> = []
        for part in template.split(separator: "{", omittingEmptySubsequences: false).dropFirst() {
            if let close = part.firstIndex(of: "}"), let n = Int(part[..<close]) { found.insert(n) }
        }
        return found
    }

    /// `n` with the singular or plural word: English uses the singular for 1 only, French
    /// for 0 and 1.
    func count(_ n: Int, one: ReportWord, other: ReportWord) -> String {
        let singular = language == .fr ? n <= 1 : n == 1
        return self(singular ? one : other, String(n))
    }

    /// A status word (`compliant` → « conforme »); one this page does not know, as given.
    /// What decided a status row (`basis`; empty: none).
    func basis(_ basis: String) -> String {
        switch basis {
        case "recognition": return self(.basisRecognition)
        case "rules": return self(.basisRules)
        case "": return self(.basisNone)
        default: return HTMLText.escape(basis)
        }
    }

    func status(_ status: String) -> String {
        switch status {
        case "compliant": return self(.statusCompliant)
        case "on-track": return self(.statusOnTrack)
        case "overdue": return self(.statusOverdue)
        case "no-obligations": return self(.statusNoObligations)
        case "suspended": return self(.statusSuspended)
        case "ended": return self(.statusEnded)
        default: return HTMLText.escape(status)
        }
    }

    /// Why a commitment ended (`withdrawn`, `closed`, `merged`, `renewed`).
    func reason(_ reason: String) -> String {
        switch reason {
        case "withdrawn": return self(.reasonWithdrawn)
        case "closed": return self(.reasonClosed)
        case "merged": return self(.reasonMerged)
        case "renewed": return self(.reasonRenewed)
        default: return HTMLText.escape(reason)
        }
    }

    /// How a commitment began (`membership`, `signature`, `selection`, `merger`).
    func via(_ via: String) -> String {
        switch via {
        case "membership": return self(.viaMembership)
        case "signature": return self(.viaSignature)
        case "selection": return self(.viaSelection)
        case "merger": return self(.viaMerger)
        default: return HTMLText.escape(via)
        }
    }

    /// The word the legend gives a marker kind (an event type).
    func kind(_ type: String) -> String {
        switch type {
        case "milestone": return self(.kindMilestone)
        case "recognition": return self(.kindRecognition)
        case "suspension": return self(.kindSuspension)
        case "reinstatement": return self(.kindReinstatement)
        case "withdrawal": return self(.kindWithdrawal)
        case "merger": return self(.kindMerger)
        case "closure": return self(.kindClosure)
        case "activity": return self(.kindActivity)
        default: return HTMLText.escape(type)
        }
    }
}
