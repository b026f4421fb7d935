@testable import Ledger

/// The reference the incremental validator is held to: the first validator's approach.
/// A plain event is checked against the lines before it; an amendment rebuilds the state
/// from scratch by replaying the whole effective record (every correction applied, retracted
/// events left out), checking each line against the lines before it, every member folded at
/// every merger or closure with every ending. O(n) per amendment: for tests only.
struct ReplayValidator {
    private(set) var index = ReplayValidator.fresh()
    private(set) var history: [Event] = []

    static func fresh() -> LedgerIndex {
        var index = LedgerIndex()
        index.foldsEverything = true
        index.foldsWhole = true
        return index
    }

    mutating func admit(_ event: Event) throws(EventError) {
        guard event.type.isAmendment else {
            try index.admitPlain(event)
            history.append(event)
            return
        }
        try index.checkEnvelope(event)
        let entry = try index.checkTarget(event)
        let all = history + [event]
        if event.type == .correction {
            // The corrected target must still be a valid event of its type.
            let corrected = Amendments.effective(all).first(where: { $0.id == event.target })!
            do {
                _ = try EventDecoder.decodeLine(EventEncoder.content(corrected), mode: .input)
            } catch {
                throw EventError("the corrected '\(event.target!)' would not be a valid event: \(error.message)")
            }
        }
        var rebuilt = ReplayValidator.fresh()
        for line in Amendments.effective(all) {
            do {
                try rebuilt.admitPlain(line)
            } catch {
                let what = event.type == .correction ? "this correction" : "this retraction"
                throw EventError("with \(what) applied, line \(line.seq) ('\(line.id)', a \(line.type.rawValue)) would break a rule: \(error.message)")
            }
        }
        // Every id stays taken, retracted or not.
        var ids = index.ids
        ids[event.id] = LedgerIndex.Entry(seq: event.seq, type: event.type, retracted: false)
        if event.type == .retraction { ids[event.target!]?.retracted = true }
        rebuilt.ids = ids
        rebuilt.lastRecorded = event.recorded
        _ = entry
        index = rebuilt
        history.append(event)
    }
}
