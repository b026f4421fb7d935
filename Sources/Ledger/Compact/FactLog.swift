/// The lines of a log as facts (one per line, in log order), the strings they name, and the
/// whole events of the reference data and the amendments: the compact form views replay.
///
/// Built from the log's bytes in one pass, split across the cores: each piece decodes its
/// lines with an interner of its own; the pieces' strings are then merged and their handles
/// renumbered.
public struct FactLog: Sendable {
    /// One per complete line, in log order (`facts[i].seq == firstSeq + i`).
    public var facts: [Fact]
    /// The strings the facts name.
    public var names: Interner
    /// The whole events of registrations, renames, policies, mergers, closures and amendments.
    public var reference: [Event]
    /// Where each line starts in the log (nil when built from events).
    public var lineStarts: [Int]?

    /// The empty log.
    public init() {
        facts = []
        names = Interner()
        reference = []
        lineStarts = []
    }

    /// The facts of events already decoded (log order).
    public init(events: [Event]) {
        var names = Interner()
        var reference: [Event] = []
        var facts: [Fact] = []
        facts.reserveCapacity(events.count)
        for event in events {
            var fact = Fact(event, names: &names)
            if !FactLog.isHighVolume(event.type) {
                fact.reference = Int32(reference.count)
                reference.append(event)
            }
            facts.append(fact)
        }
        self.facts = facts
        self.names = names
        self.reference = reference
    }

    /// Types kept as facts alone; the others keep their whole event too.
    static func isHighVolume(_ type: EventType) -> Bool {
        type.isStart || type == .withdrawal || type == .suspension || type == .reinstatement
            || type == .milestone || type == .recognition || type == .activity
    }

    /// The complete lines of `bytes` (a log, or its tail from line `firstLine`) as facts.
    /// A torn final line is left out.
    /// - Throws: `.badData` at the first line that is not a valid stored event or whose seq
    ///   is not its position, with a hint to run `verify`.
    /// - Complexity: O(n) in the bytes, on every core.
    /// - Parameters:
    ///   - release: the mapped file `bytes` lie in (from `baseOffset`): each piece's pages are
    ///     handed back once decoded, so the log is never resident whole.
    ///   - progress: told of a "reading" pass over the lines.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String, firstLine: Int = 1,
                              baseOffset: Int = 0, release: MappedFile? = nil,
                              progress: (any ProgressSink)? = nil) throws(LedgerError) -> (log: FactLog, head: Head) {
        // Where each complete line starts, and the offset after the last one's `\n`: 8 bytes a
        // line (the views keep the starts to read lines back).
        nonisolated(unsafe) let buffer = bytes
        let (starts, end) = LogLines.starts(bytes) { release?.release(baseOffset + $0.lowerBound..<baseOffset + $0.upperBound) }
        guard !starts.isEmpty else { return (FactLog(), .empty) }
        /// The bytes of line `k` (0-based), without its terminator.
        @Sendable func range(_ k: Int) -> Range<Int> {
            var upper = (k + 1 < starts.count ? starts[k + 1] : end) - 1
            if upper > starts[k] && buffer[upper - 1] == 0x0D { upper -= 1 }
            return starts[k]..<upper
        }
        struct Piece: Sendable {
            var lines: Range<Int>
            var names = Interner()
            var reference: [Event] = []
            var error: LedgerError?
        }
        progress?.begin("reading", total: starts.count)
        var log = FactLog()
        // Registrations, policies and amendments are a small share of a large log; room for a
        // quarter of the lines up front (address space only until used) spares the regrowth
        // copies of a million registrations. More grows as usual.
        log.reference.reserveCapacity(starts.count / 4)
        var failure: LedgerError?
        // Each piece is decoded ahead, on the other cores, straight into its place in the
        // facts (so the facts are written once, and their fresh pages are faulted in on every
        // core); this thread then merges the pieces' strings in order and renumbers each
        // piece's handles in place (renumbering is sequential).
        log.facts = [Fact](unsafeUninitializedCapacity: starts.count) { storage, initialized in
            if let base = storage.baseAddress, starts.count * MemoryLayout<Fact>.stride >= HugePages.threshold {
                HugePages.advise(UnsafeMutableRawPointer(base), bytes: starts.count * MemoryLayout<Fact>.stride)
            }
            nonisolated(unsafe) let facts = storage
            Pipeline.run(starts.count, piece: Parallel.piece, { lines -> Piece in
                var piece = Piece(lines: lines)
                defer {
                    if let release, !lines.isEmpty {
                        release.release(baseOffset + starts[lines.lowerBound]..<baseOffset + range(lines.upperBound - 1).upperBound)
                    }
                }
                for k in lines {
                    let number = k + firstLine
                    let slice = UnsafeBufferPointer(rebasing: buffer[range(k)])
                    do throws(EventError) {
                        let fact = try FactDecoder.decode(slice, names: &piece.names) { event in
                            piece.reference.append(event)
                            return Int32(piece.reference.count - 1)
                        }
                        guard Int(fact.seq) == number else {
                            piece.error = LedgerError(.badData, "seq \(fact.seq) where \(number) was expected", file: file,
                                                      line: number, hint: "run 'memberships verify' for every problem")
                            return piece
                        }
                        (facts.baseAddress! + k).initialize(to: fact)
                    } catch {
                        piece.error = LedgerError(.badData, error.message, file: file, line: number,
                                                  hint: "run 'memberships verify' for every problem")
                        return piece
                    }
                }
                return piece
            }, consume: { piece in
                // After a bad line, nothing more is merged; the first error is the one reported.
                guard failure == nil else { return }
                if let error = piece.error {
                    failure = error
                    return
                }
                log.renumber(UnsafeMutableBufferPointer(rebasing: facts[piece.lines]), names: piece.names, reference: piece.reference)
                progress?.advance(piece.lines.count)
            })
            // Facts are plain values: those never written (after a failure) need no cleanup.
            initialized = failure == nil ? starts.count : 0
        }
        if let failure { throw failure }
        log.lineStarts = baseOffset == 0 ? starts : starts.map { $0 + baseOffset }
        let hash = SHA256.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[range(starts.count - 1)])))
        return (log, Head(seq: Int(log.facts[log.facts.count - 1].seq), hash: hash))
    }

    /// Appends the facts of `tail` (the lines after these), renumbering its handles.
    public mutating func append(_ tail: FactLog) {
        adopt(tail.facts, names: tail.names, reference: tail.reference)
        if let starts = tail.lineStarts { lineStarts = (lineStarts ?? []) + starts }
    }

    /// Takes in the strings and reference events of facts decoded with their own, renumbering
    /// the facts' handles and references (in place) into these.
    private mutating func renumber(_ more: UnsafeMutableBufferPointer<Fact>, names other: Interner, reference events: [Event]) {
        let remap = names.merge(other)
        let referenceBase = Int32(reference.count)
        reference.append(contentsOf: events)
        remap.withUnsafeBufferPointer { remap in
            @inline(__always) func renumbered(_ handle: Int32) -> Int32 { handle >= 0 ? remap[Int(handle)] : handle }
            for k in more.indices {
                more[k].date = renumbered(more[k].date)
                more[k].member = renumbered(more[k].member)
                more[k].network = renumbered(more[k].network)
                more[k].into = renumbered(more[k].into)
                more[k].detail = renumbered(more[k].detail)
                if more[k].reference >= 0 { more[k].reference += referenceBase }
            }
        }
    }

    /// Appends facts decoded with their own strings and reference events, renumbering their
    /// handles and references into these.
    private mutating func adopt(_ more: [Fact], names other: Interner, reference events: [Event]) {
        let remap = names.merge(other)
        let referenceBase = Int32(reference.count)
        reference.append(contentsOf: events)
        func renumbered(_ handle: Int32) -> Int32 { handle >= 0 ? remap[Int(handle)] : handle }
        for var fact in more {
            fact.date = renumbered(fact.date)
            fact.member = renumbered(fact.member)
            fact.network = renumbered(fact.network)
            fact.into = renumbered(fact.into)
            fact.detail = renumbered(fact.detail)
            if fact.reference >= 0 { fact.reference += referenceBase }
            facts.append(fact)
        }
    }
}
