import Ledger

/// `--format text|json|csv`.
enum OutputFormat: String {
    case text, json, csv

    static func parse(_ text: String?, allowed: [OutputFormat] = [.text, .json, .csv]) throws(LedgerError) -> OutputFormat {
        guard let text else { return .text }
        guard let format = OutputFormat(rawValue: text), allowed.contains(format) else {
            let names = allowed.map(\.rawValue)
            throw LedgerError(.usage, "unknown format '\(text)' (use \(names.joined(separator: ", ")))"
                + Suggestion.hint(for: text, in: names))
        }
        return format
    }
}
