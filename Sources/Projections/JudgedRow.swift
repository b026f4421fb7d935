import Ledger

/// A status row as judged (SPEC §5), before any of its text is looked up: handles into the
/// rows' strings and indexes into the policies' texts. `StatusRow` is made from it; a writer
/// of many rows can write it straight out (`JudgedRows`), copying each string's JSON once
/// made, and count no reference to a `String` from both cores per row.
package struct JudgedRow: Sendable {
    /// One rule of the policy in force, or one of its recurring obligations, judged.
    package struct Rule: Sendable {
        /// The milestone's name: an index into the policies' texts.
        package var milestone: Int32
        package var due: Day
        /// `due`'s year, month and day (`Day.packed`), worked out as it was: what a writer
        /// of the rows copies out; 0 when it was not (the writer then works them out).
        package var duePacked: UInt32
        /// The date, as written, of the milestone that met it (a handle), else `Interner.none`.
        package var metOn: Int32
        package var met: Bool
        package var late: Bool
        package var overdue: Bool
        package var recurring: Bool
    }

    /// What made it compliant.
    package enum Basis: String, Sendable {
        case recognition, rules
    }

    /// The badge shown.
    package enum Badge: Sendable, Equatable {
        case none
        /// A recognition's badge: a handle into the rows' strings.
        case name(Int32)
        /// The badge of the policy in force: an index into the policies' texts.
        case text(Int32)
    }

    package var member: Int32
    package var network: Int32
    /// How it began: the start's type, or nil for a merger.
    package var via: EventType?
    /// The start's date as written: a handle.
    package var since: Int32
    package var status: CommitmentStatus
    /// Why it ended (`withdrawn`, `closed`, `merged`, `renewed`), nil unless ended.
    package var reason: String?
    package var basis: Basis?
    package var badge: Badge
    package var certain: Bool
    package var rules: Rules

    /// `via` as the rows write it.
    package var viaText: String { via?.rawValue ?? "merger" }

    /// A row to judge into (`StatusJudge.judge(_:asOf:policies:into:)`): every field is set
    /// there.
    package static var blank: JudgedRow {
        JudgedRow(member: Interner.none, network: Interner.none, via: nil, since: Interner.none, status: .noObligations,
                  reason: nil, basis: nil, badge: .none, certain: true, rules: Rules())
    }

    /// The judged rules, the first few held in the row itself (no array, so no allocation
    /// and no reference count per row).
    package struct Rules: Sendable, RandomAccessCollection {
        /// How many rules are held in the row itself.
        package static let inline = 6
        /// The first rules, then any more: stored, so that a writer in another module reads
        /// them in place (a call per rule cost more than the writing).
        package private(set) var first: InlineArray<6, Rule>
        package private(set) var more: [Rule] = []
        package private(set) var count = 0

        init() {
            first = InlineArray(repeating: Rule(milestone: 0, due: Day(ordinal: 0), duePacked: 0, metOn: Interner.none, met: false, late: false,
                                                overdue: false, recurring: false))
        }

        package var startIndex: Int { 0 }
        package var endIndex: Int { count }

        package subscript(k: Int) -> Rule {
            k < Rules.inline ? first[k] : more[k - Rules.inline]
        }

        /// No rule, the room for more kept.
        mutating func removeAll() {
            if !more.isEmpty { more.removeAll(keepingCapacity: true) }
            count = 0
        }

        mutating func append(_ rule: Rule) {
            if count < Rules.inline { first[count] = rule } else { more.append(rule) }
            count += 1
        }

        /// Renumbers the rules' milestones (indexes into texts) and the dates that met them
        /// (handles).
        mutating func renumber(milestone: (Int32) -> Int32, metOn: (Int32) -> Int32) {
            func renumbered(_ rule: Rule) -> Rule {
                var rule = rule
                rule.milestone = milestone(rule.milestone)
                if rule.metOn >= 0 { rule.metOn = metOn(rule.metOn) }
                return rule
            }
            for k in 0..<count {
                if k < Rules.inline { first[k] = renumbered(first[k]) } else { more[k - Rules.inline] = renumbered(more[k - Rules.inline]) }
            }
        }
    }
}

/// Judged status rows with what writing them takes: the rows' strings and the policies'
/// texts, each as JSON string literals made once.
package struct JudgedRows<Rows: RandomAccessCollection<JudgedRow>> {
    package let rows: Rows
    /// By handle.
    package let names: JSONLiterals
    /// By index (`JudgedRow.Rule.milestone`, `JudgedRow.Badge.text`).
    package let texts: JSONLiterals
    /// Judges row `k` (the row at offset k of `rows`) into a row the caller keeps: a writer of
    /// many rows judges each where it lies, where reading a row of `rows` judged it, returned
    /// it (two hundred bytes) and copied it.
    package let fill: @Sendable (Int, inout JudgedRow) -> Void

    /// Rows judged as they are read, `fill` judging row k in place.
    package init(rows: Rows, names: JSONLiterals, texts: JSONLiterals, fill: @escaping @Sendable (Int, inout JudgedRow) -> Void) {
        self.rows = rows
        self.names = names
        self.texts = texts
        self.fill = fill
    }
}

extension JudgedRows where Rows == [JudgedRow] {
    /// Rows already judged, each copied out as it is read.
    package init(rows: [JudgedRow], names: JSONLiterals, texts: JSONLiterals) {
        self.init(rows: rows, names: names, texts: texts) { k, row in row = rows[k] }
    }
}
