@testable import Ledger

// The commitment fold as it was written before it read marks in place and numbered their
// networks (`CommitmentFold`): kept here, unchanged but for its name, so that the tests can
// hold the two to the same answers on random records with mergers and closures.

enum ReferenceFold {
    typealias Problem = CommitmentFold.Problem

    private struct Open {
        var suspended: Bool
    }

    /// The first problem in §4 order, or nil when the member's record is consistent.
    /// - Parameters:
    ///   - marks: the member's starts, life events and activities, in §4 order.
    ///   - extra: one more mark, folded in its §4 place among `marks`.
    ///   - endings: the mergers and closures that can touch them (at least those of the
    ///     networks the marks are in, of the networks those merge into, and the mergers into
    ///     them), in §4 order. Other endings change nothing.
    ///   - through: only lines up to this seq count: the record as it stood when that line was
    ///     checked (SPEC §3: each line against the lines before it).
    /// - Complexity: O(m + e) for m marks and e endings.
    static func firstProblem(member: MemberID, marks: [LedgerIndex.Mark], adding extra: LedgerIndex.Mark? = nil,
                             endings: [LedgerIndex.Mark], through: Int = .max) -> Problem? {
        // With `extra`, the marks are read as if it were inserted in its place (not copied
        // into a new array for every line checked).
        let extraAt = extra.map { marks.lowerBound($0.order) } ?? marks.count + 1
        let count = marks.count + (extra == nil ? 0 : 1)
        @inline(__always) func markAt(_ k: Int) -> LedgerIndex.Mark {
            k < extraAt ? marks[k] : k == extraAt ? extra.unsafelyUnwrapped : marks[k - 1]
        }
        var open = ReferenceSmallMap<Open>()
        var ended = ReferenceSmallMap<LedgerIndex.Mark>()
        // Life events on a merger's day, in the merger's `into`, before the merger carries
        // the commitment in: held until it does (as the views adopt them).
        var waiting = ReferenceSmallMap<[LedgerIndex.Mark]>()
        var i = 0, j = 0
        while true {
            while i < count && markAt(i).seq > through { i += 1 }
            while j < endings.count && endings[j].seq > through { j += 1 }
            guard i < count || j < endings.count else { break }
            let takeEnding = j < endings.count && (i == count || endings[j].order < markAt(i).order)
            if takeEnding {
                let end = endings[j]
                j += 1
                let n = end.network!
                if ended[n] == nil { ended[n] = end }
                guard let carried = open.removeValue(forKey: n) else { continue }
                guard end.type == .merger, let into = end.into else { continue }
                var now = carried
                var withdrawn = false
                for held in waiting.removeValue(forKey: into) ?? [] {
                    // Held for an earlier merger's day that carried nothing in: never attached.
                    if held.earliest != end.earliest { return Problem(mark: held, kind: .noCommitment) }
                    if withdrawn { return Problem(mark: held, kind: .noCommitment) }
                    if let problem = apply(held, to: &now) { return Problem(mark: held, kind: problem) }
                    withdrawn = held.type == .withdrawal
                }
                open[into] = withdrawn ? nil : now
                continue
            }
            let mark = markAt(i)
            i += 1
            guard let n = mark.network else { continue }
            if let end = ended[n], mark.earliest > end.earliest {
                return Problem(mark: mark, kind: .afterEnding(end))
            }
            // Anything still waiting from an earlier day never found its commitment.
            if let stale = waiting[n]?.first(where: { $0.earliest < mark.earliest }) {
                return Problem(mark: stale, kind: .noCommitment)
            }
            switch mark.type {
            case .membership, .signature, .selection:
                open[n] = Open(suspended: false)
            case .activity:
                continue
            default:
                if var commitment = open[n] {
                    if let problem = apply(mark, to: &commitment) { return Problem(mark: mark, kind: problem) }
                    if mark.type == .withdrawal { open[n] = nil } else { open[n] = commitment }
                } else if endings.contains(where: { $0.seq <= through && $0.type == .merger && $0.into == n
                    && $0.earliest == mark.earliest && mark.order < $0.order }) {
                    waiting[n] = (waiting[n] ?? []) + [mark]
                } else {
                    return Problem(mark: mark, kind: .noCommitment)
                }
            }
        }
        // Held marks that no merger carried in: the earliest (§4) is reported, whatever the
        // order of the dictionary.
        guard !waiting.isEmpty else { return nil }
        let stranded = waiting.values.compactMap(\.first).min { $0.order < $1.order }
        return stranded.map { Problem(mark: $0, kind: .noCommitment) }
    }

    /// A life event on an open commitment; a withdrawal is applied by the caller.
    private static func apply(_ mark: LedgerIndex.Mark, to commitment: inout Open) -> Problem.Kind? {
        switch mark.type {
        case .suspension:
            if commitment.suspended { return .alreadySuspended }
            commitment.suspended = true
        case .reinstatement:
            if !commitment.suspended { return .notSuspended }
            commitment.suspended = false
        default:
            break
        }
        return nil
    }
}

/// A map from the few networks one member is in to a value: searched in order, cheaper than
/// hashing slugs for the handful of keys a member's fold holds. The first four entries are
/// kept in the value itself, so a fold (one for every line `verify` checks) allocates
/// nothing for a member in four networks or fewer.
private struct ReferenceSmallMap<Value> {
    private typealias Entry = (key: NetworkID, value: Value)
    private var inline = InlineArray<4, Entry?>(repeating: nil)
    private var more: [Entry] = []

    var isEmpty: Bool {
        for i in inline.indices where inline[i] != nil { return false }
        return more.isEmpty
    }

    /// Every value, in no particular order.
    var values: [Value] {
        var all: [Value] = []
        for i in inline.indices { if let entry = inline[i] { all.append(entry.value) } }
        return all + more.map(\.value)
    }

    subscript(key: NetworkID) -> Value? {
        get {
            // Read through a span: indexing the inline array itself can copy all of it first
            // (four slugs' references counted up and down).
            let held = inline.span
            for i in held.indices { if let entry = held[i], entry.key == key { return entry.value } }
            return more.first(where: { $0.key == key })?.value
        }
        set {
            guard let newValue else {
                _ = removeValue(forKey: key)
                return
            }
            var free: Int?
            for i in inline.indices {
                if let entry = inline[i] {
                    if entry.key == key { inline[i] = (key, newValue); return }
                } else if free == nil {
                    free = i
                }
            }
            if let j = more.firstIndex(where: { $0.key == key }) {
                more[j].value = newValue
            } else if let free {
                inline[free] = (key, newValue)
            } else {
                more.append((key, newValue))
            }
        }
    }

    mutating func removeValue(forKey key: NetworkID) -> Value? {
        for i in inline.indices {
            if let entry = inline[i], entry.key == key {
                inline[i] = nil
                return entry.value
            }
        }
        guard let j = more.firstIndex(where: { $0.key == key }) else { return nil }
        return more.remove(at: j).value
    }
}
