extension LogTree {
    /// How the log stands against one checkpoint.
    public struct CheckpointResult: Sendable, Equatable {
        /// The checkpoint, as read.
        public let checkpoint: Checkpoint
        /// The root of the log's first `checkpoint.size` lines now; nil when the log has
        /// fewer lines.
        public let computed: SHA256Digest?
        /// Why the checkpoint does not hold; nil when it does.
        public let problem: Verifier.Problem?
        /// True when the log's first `checkpoint.size` lines still have the checkpoint's
        /// root, and the origin names this log.
        public var holds: Bool { problem == nil }
    }

    /// Checks that the log's first n lines still have the root that each checkpoint
    /// recorded for n (SPEC §10), and says where the log departs from them.
    ///
    /// A checkpoint holds one root: when it fails, the log's first n lines differ from the
    /// tree it recorded, but one root cannot say which line. What can be said: the first
    /// line that differs is after every checkpoint that still holds, and at or before the
    /// smallest that fails — so with checkpoints of sizes 40 and 41, of which only 40
    /// holds, it is line 41; with one checkpoint of size n, one of lines 1…n. (The chain
    /// of `prev` hashes does not narrow it: a rewrite recomputes it.) Each problem is
    /// reported at the first line of that range.
    ///
    /// - Parameter checkpoints: checkpoints of this log, in any order.
    /// - Returns: one result per checkpoint, in the order given.
    /// - Complexity: O(k log n) for k checkpoints.
    public func check(_ checkpoints: [Checkpoint]) -> [CheckpointResult] {
        let ours = checkpoints.filter { $0.genesis == genesis && $0.size <= size }
        let holding = ours.filter { rootOf($0.size) == $0.root }.map(\.size)
        let failing = ours.filter { rootOf($0.size) != $0.root }.map(\.size)
        return checkpoints.map { checkpoint in
            let n = checkpoint.size
            let plural = n == 1 ? "" : "s"
            guard checkpoint.genesis == genesis else {
                let ledger = genesis.map { "this ledger's is \(SafeText.quoted(Checkpoint.originPrefix + $0.rawValue))" }
                    ?? "this log has no genesis event on line 1 to name it"
                return CheckpointResult(checkpoint: checkpoint, computed: nil, problem: Verifier.Problem(
                    line: 1, message: "the checkpoint is of another ledger: its origin is \(SafeText.quoted(checkpoint.origin)); \(ledger)"))
            }
            guard n <= size else {
                return CheckpointResult(checkpoint: checkpoint, computed: nil, problem: Verifier.Problem(
                    line: size + 1, message: "the checkpoint covers \(n) line\(plural), but the log has only \(size) complete line\(size == 1 ? "" : "s"): "
                        + (n == size + 1 ? "line \(n) is gone" : "lines \(size + 1)–\(n) are gone") + " (the log was cut back, or replaced)"))
            }
            let computed = rootOf(n)
            guard computed != checkpoint.root else {
                return CheckpointResult(checkpoint: checkpoint, computed: computed, problem: nil)
            }
            let head = "the first \(n) line\(plural) no longer have the root the checkpoint recorded (now \(computed.hex), recorded \(checkpoint.root.hex))"
            guard n > 0 else {
                return CheckpointResult(checkpoint: checkpoint, computed: computed, problem: Verifier.Problem(
                    line: 1, message: head + ": the empty tree has only one root, so the checkpoint was not made by this tool"))
            }
            let good = holding.filter { $0 < n }.max() ?? 0
            let bad = failing.filter { $0 > good && $0 <= n }.min() ?? n
            var message = head + ": "
            if good + 1 == bad {
                message += "line \(bad) differs from what the checkpoint's tree implies"
                if good > 0 { message += " (lines 1–\(good) still have the root of the checkpoint of size \(good))" }
            } else {
                message += "the first line that differs is one of lines \(good + 1)–\(bad)"
                message += good > 0 ? " (lines 1–\(good) still have the root of the checkpoint of size \(good))" : ""
                message += "; a checkpoint holds one root, so it cannot say which (an earlier checkpoint narrows it down)"
            }
            if let larger = holding.filter({ $0 >= n }).min() {
                message += "; yet the checkpoint of size \(larger), which covers these lines, holds: the two checkpoints record different histories"
            }
            return CheckpointResult(checkpoint: checkpoint, computed: computed, problem: Verifier.Problem(line: good + 1, message: message))
        }
    }
}
