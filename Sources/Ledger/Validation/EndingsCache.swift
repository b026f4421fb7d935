import Synchronization

/// The answers of `LedgerIndex.endings(touching:adding:)` for the networks asked about, kept
/// while the index's endings stay as they are: a line of a member in a network that ends or
/// takes in mergers asks the same question as the member's lines before it, and working
/// the answer out (the networks downstream, their endings gathered and sorted) cost `verify`
/// a tenth of its checking thread.
///
/// One is shared by the copies of an index, which have the same endings until one of them
/// changes its own: it is then given a new, empty cache (`LedgerIndex.endingsByNetwork` and
/// `mergersInto` do that as they are set). Answers are kept under a lock, as an index may be
/// read on several threads at once.
final class EndingsCache: Sendable {
    private let answers = Mutex<[[NetworkID]: [LedgerIndex.Mark]]>([:])

    /// The answer for `seeds` (sorted, each once), made by `make` when not kept yet.
    func answer(_ seeds: [NetworkID], make: () -> [LedgerIndex.Mark]) -> [LedgerIndex.Mark] {
        if let kept = answers.withLock({ $0[seeds] }) { return kept }
        let made = make()
        answers.withLock { $0[seeds] = made }
        return made
    }
}
