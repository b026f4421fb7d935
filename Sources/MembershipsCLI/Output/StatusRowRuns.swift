import Ledger
import Projections

/// The bytes of a status row's pretty JSON that do not depend on what the row holds, at one
/// indentation, made once: each member's comma, newline, indentation and key run together,
/// with the value too where the value is one of a few words (`via`, `status`, `basis`, the
/// rules' flags), and the brackets around the rules. `PrettyRows` writes a row as these runs
/// and its strings' literals copied in turn: a status of a million rows writes tens of
/// millions of keys, and one copy each cost less than the comma, newline, indentation and
/// key written one by one.
///
/// The runs give exactly `JSONText`'s layout (two spaces a level, each member on its own
/// line); `PrettyRowsTests` holds the rows they make to the general printer's bytes.
struct StatusRowRuns: Sendable {
    /// The indentation (in levels) of the row's own braces.
    let indent: Int
    /// The runs, by `Run` (each held as a "literal" of raw bytes, followed by 16 bytes more,
    /// so a run is copied sixteen bytes at a time).
    let table: JSONLiterals
    /// The most bytes one row's runs take, rules aside, and one rule's.
    let rowRoom: Int, ruleRoom: Int

    /// The runs of a row, in the order they are written.
    enum Run: Int32, CaseIterable {
        /// `{`, then the first key.
        case member
        case network
        case via, viaMembership, viaSignature, viaSelection, viaMerger
        case since
        case statusEnded, statusSuspended, statusCompliant, statusNoObligations, statusOverdue, statusOnTrack
        case reason
        case basisRecognition, basisRules, basisNull
        case badge
        /// `"certain": …` then the `"rules"` key.
        case certainTrue, certainFalse
        /// `[]` and the row's closing brace.
        case noRules
        /// `[`, the first rule's `{` and its first key.
        case firstRule
        /// The rule before's `}`, then the next's `{` and its first key.
        case nextRule
        case due
        /// `"met": …` then the `"metOn"` key.
        case metTrue, metFalse
        /// The last rule's `}`, the `]` and the row's closing brace.
        case lastRule
        /// `"late"`, `"overdue"` and `"recurring"` with their values: eight runs, the last
        /// ones, by `late × 4 + overdue × 2 + recurring`.
        case flags
    }

    init(indent: Int) {
        self.indent = indent
        func spaces(_ levels: Int) -> String { String(repeating: "  ", count: levels) }
        let row = spaces(indent), member = spaces(indent + 1), rule = spaces(indent + 2), ruleMember = spaces(indent + 3)
        func key(_ name: String) -> String { ",\n\(member)\"\(name)\": " }
        func ruleKey(_ name: String) -> String { ",\n\(ruleMember)\"\(name)\": " }
        // A key and a word as its value (words need no escape), the word from its type.
        func word(_ name: String, _ text: String) -> String { key(name) + "\"\(text)\"" }
        let bools = ["false", "true"]
        var runs: [String] = []
        for run in Run.allCases {
            switch run {
            case .member: runs.append("{\n\(member)\"member\": ")
            case .network: runs.append(key("network"))
            case .via: runs.append(key("via"))
            case .viaMembership: runs.append(word("via", EventType.membership.rawValue))
            case .viaSignature: runs.append(word("via", EventType.signature.rawValue))
            case .viaSelection: runs.append(word("via", EventType.selection.rawValue))
            case .viaMerger: runs.append(word("via", EventType.merger.rawValue))
            case .since: runs.append(key("since"))
            case .statusEnded: runs.append(word("status", CommitmentStatus.ended.rawValue))
            case .statusSuspended: runs.append(word("status", CommitmentStatus.suspended.rawValue))
            case .statusCompliant: runs.append(word("status", CommitmentStatus.compliant.rawValue))
            case .statusNoObligations: runs.append(word("status", CommitmentStatus.noObligations.rawValue))
            case .statusOverdue: runs.append(word("status", CommitmentStatus.overdue.rawValue))
            case .statusOnTrack: runs.append(word("status", CommitmentStatus.onTrack.rawValue))
            case .reason: runs.append(key("reason"))
            case .basisRecognition: runs.append(word("basis", JudgedRow.Basis.recognition.rawValue))
            case .basisRules: runs.append(word("basis", JudgedRow.Basis.rules.rawValue))
            case .basisNull: runs.append(key("basis") + "null")
            case .badge: runs.append(key("badge"))
            case .certainTrue: runs.append(key("certain") + "true" + key("rules"))
            case .certainFalse: runs.append(key("certain") + "false" + key("rules"))
            case .noRules: runs.append("[]\n\(row)}")
            case .firstRule: runs.append("[\n\(rule){\n\(ruleMember)\"milestone\": ")
            case .nextRule: runs.append("\n\(rule)},\n\(rule){\n\(ruleMember)\"milestone\": ")
            case .due: runs.append(ruleKey("due"))
            case .metTrue: runs.append(ruleKey("met") + "true" + ruleKey("metOn"))
            case .metFalse: runs.append(ruleKey("met") + "false" + ruleKey("metOn"))
            case .flags:
                for k in 0..<8 {
                    runs.append(ruleKey("late") + bools[k >> 2] + ruleKey("overdue") + bools[k >> 1 & 1]
                                + ruleKey("recurring") + bools[k & 1])
                }
            case .lastRule: runs.append("\n\(rule)}\n\(member)]\n\(row)}")
            }
        }
        precondition(runs.count == Int(Run.flags.rawValue) + 8, "one run for each case, eight for the flags")
        let bytes = runs.map { Array($0.utf8) }
        let table = JSONLiterals(count: bytes.count) { k, out in out += bytes[k] }
        self.table = table
        func longest(_ group: [Run]) -> Int { group.map { table.length($0.rawValue) }.max()! }
        func longestFlags() -> Int { (0..<8).map { table.length(Run.flags.rawValue + Int32($0)) }.max()! }
        // Each run may write up to 15 bytes past its end (counted once, in `PrettyRows`).
        rowRoom = longest([.member]) + longest([.network]) + longest([.viaMembership, .viaSignature, .viaSelection, .viaMerger])
            + longest([.since]) + longest([.statusEnded, .statusSuspended, .statusCompliant, .statusNoObligations,
                                           .statusOverdue, .statusOnTrack])
            + longest([.reason]) + longest([.basisRecognition, .basisRules, .basisNull]) + longest([.badge])
            + longest([.certainTrue, .certainFalse]) + longest([.noRules, .lastRule])
        ruleRoom = longest([.firstRule, .nextRule]) + longest([.due]) + longest([.metTrue, .metFalse]) + longestFlags()
    }

    /// The run of `via` with its value, or nil for a type that starts no commitment (the
    /// `via` key alone then, and the type's name written as a string).
    static func via(_ type: EventType?) -> Run? {
        switch type {
        case .membership: .viaMembership
        case .signature: .viaSignature
        case .selection: .viaSelection
        case nil: .viaMerger
        default: nil
        }
    }

    /// The run of `status`.
    static func status(_ status: CommitmentStatus) -> Run {
        switch status {
        case .ended: .statusEnded
        case .suspended: .statusSuspended
        case .compliant: .statusCompliant
        case .noObligations: .statusNoObligations
        case .overdue: .statusOverdue
        case .onTrack: .statusOnTrack
        }
    }

    /// The run of `basis`.
    static func basis(_ basis: JudgedRow.Basis?) -> Run {
        switch basis {
        case .recognition: .basisRecognition
        case .rules: .basisRules
        case nil: .basisNull
        }
    }

    /// The index in `table` of a rule's flags.
    static func flags(late: Bool, overdue: Bool, recurring: Bool) -> Int32 {
        Run.flags.rawValue + (late ? 4 : 0) + (overdue ? 2 : 0) + (recurring ? 1 : 0)
    }
}
