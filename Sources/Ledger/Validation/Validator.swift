/// Admits events one at a time, in log order, enforcing every rule of SPEC §3.
///
/// Plain events are checked against the `LedgerIndex` alone. An amendment
/// (correction or retraction) can change what earlier lines mean, so for it the
/// validator replays the whole record with the amendment applied and checks each
/// line again against the lines before it; that needs every event (`history`),
/// which the caller supplies on demand. Amendments are rare, so the common append
/// stays O(1) in the size of the log.
public struct Validator: Sendable {
    public private(set) var index: LedgerIndex
    /// Every event admitted so far, in log order, when known.
    public private(set) var history: [Event]?

    /// A validator for an empty log that keeps the history (for `verify`, rebuilding).
    public init(tracksContent: Bool = true) {
        index = LedgerIndex(tracksContent: tracksContent)
        history = []
    }

    /// A validator resumed from a saved index; history is loaded only if an amendment needs it.
    public init(index: LedgerIndex, history: [Event]? = nil) {
        self.index = index
        self.history = history
    }

    /// Supplies the full history (all events before the next one), for amendments.
    public mutating func provideHistory(_ events: [Event]) {
        history = events
    }

    /// Whether admitting `event` needs the history first.
    public func needsHistory(for event: Event) -> Bool {
        event.type.isAmendment && history == nil
    }

    /// Checks `event` (seq assigned) and folds it in.
    /// - Throws: `EventError` naming the broken rule; the state is unchanged then.
    public mutating func admit(_ event: Event) throws(EventError) {
        try index.check(event)
        if event.type.isAmendment, let history {
            let all = history + [event]
            if event.type == .correction { try Validator.checkCorrectedTarget(event, in: history) }
            var rebuilt = try Validator.replay(all, amending: event)
            rebuilt.adopt(ids: index, then: event)
            index = rebuilt
        } else {
            index.apply(event)
        }
        history?.append(event)
    }

    /// The corrected target must still be a valid event of its type.
    private static func checkCorrectedTarget(_ correction: Event, in history: [Event]) throws(EventError) {
        guard let target = correction.target,
              let original = history.last(where: { $0.id == target }) else { return }
        // Apply earlier corrections of the same target, then this one, and decode again.
        let earlier = Amendments.effective(history).first(where: { $0.id == target }) ?? original
        do {
            let effective = try Amendments.applying(correction, to: earlier)
            _ = try EventDecoder.decodeLine(EventEncoder.content(effective), mode: .input)
        } catch {
            throw EventError("the corrected '\(target)' would not be a valid event: \(error.message)")
        }
    }

    /// Replays the record with every amendment in `events` applied, checking each line.
    private static func replay(_ events: [Event], amending amendment: Event) throws(EventError) -> LedgerIndex {
        var index = LedgerIndex(tracksContent: false)
        for event in Amendments.effective(events) {
            do {
                try index.check(event)
            } catch {
                let what = amendment.type == .correction ? "this correction" : "this retraction"
                throw EventError("with \(what) applied, line \(event.seq) ('\(event.id)', a \(event.type.rawValue)) would break a rule: \(error.message)")
            }
            index.apply(event)
        }
        return index
    }
}

extension LedgerIndex {
    /// Keeps the ids (with their original content digests and retractions) of `previous`,
    /// adds `event`, and takes the position of the log from it.
    mutating func adopt(ids previous: LedgerIndex, then event: Event) {
        var merged = previous
        merged.apply(event)
        replaceIDs(with: merged)
    }
}
