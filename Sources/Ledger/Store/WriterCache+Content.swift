/// What goes into a writer's cache, from the log itself (a writer starting cold) or from a
/// validation state (a writer that has just appended).
extension CacheContent {
    /// The content for the complete lines of the mapped log `file`: the state a validator
    /// folding every line would reach (corrections applied, retracted lines left out), built
    /// from the facts of one parallel decode (`FactLog`) in one pass, without checking the
    /// rules again (each line was checked when it was appended; `verify` checks the history).
    /// - Returns: nil for a log with no complete line; else the content, and its per-line
    ///   sections being laid out on another core (for `WriterCache.write`).
    /// - Throws: `.badData` at the first line that is not a valid stored event, as views do.
    /// - Parameter progress: told of the "reading" pass.
    static func fromLog(_ file: MappedFile, progress: (any ProgressSink)? = nil) throws(LedgerError)
        -> (content: CacheContent, lines: Background<LineSections?>)? {
        let bytes = file.bytes
        // Members' registrations as facts alone: their slug and line are all the cache keeps.
        let (log, head) = try FactLog.decode(bytes, file: LedgerStore.logName, release: file, progress: progress,
                                             registrationsAsFacts: true)
        guard head.seq >= 1, let starts = log.lineStarts, starts.count == log.facts.count else { return nil }
        let facts = log.facts
        let source = LineSource(file: file, lineStarts: starts)
        let n = facts.count

        var c = CacheContent()
        c.seq = n
        c.hash = head.hash
        c.lineStart = starts[n - 1]
        var end = bytes.count
        while end > 0 && bytes[end - 1] != 0x0A { end -= 1 }
        c.offset = end
        c.lineStarts = starts
        // Each line's type and id key, in one pass over the facts.
        var types: [UInt8] = []
        c.idKeys = [UInt64](unsafeUninitializedCapacity: n) { idKeys, madeKeys in
            types = [UInt8](unsafeUninitializedCapacity: n) { info, made in
                facts.withUnsafeBufferPointer { facts in
                    for k in 0..<n {
                        info[k] = facts[k].type.code
                        idKeys[k] = facts[k].idHash == 0 ? 1 : facts[k].idHash
                    }
                }
                made = n
            }
            madeKeys = n
        }
        c.info = types

        // Amendments: their targets (the first earlier line with the id), in log order. The
        // decoding noted where they are.
        let amendments = log.tally.map { $0.amendments.map(Int.init) } ?? (0..<n).filter { facts[$0].type.isAmendment }
        var retracted = [Bool](repeating: false, count: n)
        // Lines with corrections: flagged, so that the other million lines skip the dictionary.
        var corrected = [Bool](repeating: false, count: n)
        var correctionsOf: [Int: [Event]] = [:]
        if !amendments.isEmpty {
            let found = FactLog.targets(of: amendments, facts: facts, reference: log.reference, source: source)
            for a in amendments {
                let amendment = log.reference[Int(facts[a].reference)]
                guard let id = amendment.target, let t = found[id], t < a, !retracted[t] else { continue }
                if amendment.type == .retraction {
                    retracted[t] = true
                    c.info[t] |= 0x80
                } else {
                    correctionsOf[t, default: []].append(amendment)
                    corrected[t] = true
                    c.corrections.append((t + 1, a + 1))
                }
            }
            c.corrections.sort { $0.target != $1.target ? $0.target < $1.target : $0.line < $1.line }
        }

        // The per-line sections are final: laid out on the other core while this one
        // gathers the members' records.
        let (lineStarts, info, idKeys) = (c.lineStarts, c.info, c.idKeys)
        let lines = Background { LineSections(lineStarts: lineStarts, info: info, idKeys: idKeys) }

        // What each line contributes, as the validator's `add` does: gathered by a value
        // that owns what it changes (as local variables captured by local functions, each
        // access was checked for exclusivity at run time, a tenth of this pass).
        var g = Gathering(names: log.names)
        g.builder.marks.reserveCapacity(n)
        for index in 0..<n where !retracted[index] {
            var fact = facts[index]
            if fact.type.isAmendment || fact.type == .ledger { continue }
            if corrected[index], let list = correctionsOf[index] {
                // Corrected where it lies, as a replay corrects it (`Replay`): a reference event
                // whole, any other fact field by field, with no line read back.
                var event = fact.reference >= 0 ? log.reference[Int(fact.reference)] : nil
                for correction in list {
                    guard case .object(let changes)? = correction.value("set") else { continue }
                    for change in changes {
                        if event != nil { try? event!.set(change.key, to: change.value) }
                        else { fact.apply(change.key, change.value, names: &g.names) }
                    }
                }
                if let event {
                    g.contribute(event)
                    continue
                }
            }
            if fact.type == .member {
                // A registration as its fact holds it (the member's handle, interned when
                // decoded): no copy of the whole event, no string interned again.
                let m = g.member(fact.member)
                if g.builder.members[m].registration == 0 { g.builder.members[m].registration = Int(fact.seq) }
            } else if fact.type == .rename {
                if fact.member != Interner.none { g.builder.refs.append((g.member(fact.member), UInt32(fact.seq))) }
                if fact.network != Interner.none { g.networks.entries[g.network(fact.network)].refs.append(Int(fact.seq)) }
            } else if fact.reference >= 0 {
                g.contribute(log.reference[Int(fact.reference)])
            } else if fact.network != Interner.none {
                let m = g.member(fact.member), k = g.network(fact.network)
                g.builder.marks.append((m, CacheMark(seq: Int(fact.seq), type: fact.type, earliest: fact.earliest,
                                                     latest: fact.latest, network: k)))
            } else {
                let m = g.member(fact.member)
                g.builder.refs.append((m, UInt32(fact.seq)))
            }
        }
        c.networks = g.networks
        c.networks.endings.sort { a, b in
            EventOrder(earliest: Day(ordinal: a.earliest), rank: a.type.rank, latest: Day(ordinal: a.latest), seq: a.seq)
                < EventOrder(earliest: Day(ordinal: b.earliest), rank: b.type.rank, latest: Day(ordinal: b.latest), seq: b.seq)
        }
        g.builder.finish(into: &c, names: g.names)
        return (c, lines)
    }

    /// The members' and networks' parts of the cache as the lines contribute them, in log
    /// order (`fromLog`): each member and network numbered when first met.
    private struct Gathering {
        var builder = Builder()
        /// The number of each member and network met, by handle (-1: not met yet).
        var memberSlot: [Int32] = []
        var networkSlot: [Int32] = []
        var networks = NetworkTable()
        var names: Interner

        /// The number of the member with `handle`, numbered now if first met.
        mutating func member(_ handle: Int32) -> Int {
            let h = Int(handle)
            if h >= memberSlot.count { memberSlot += [Int32](repeating: -1, count: h - memberSlot.count + 1 + names.count) }
            if memberSlot[h] < 0 {
                memberSlot[h] = Int32(builder.members.count)
                builder.members.append(Builder.Member(handle: handle))
            }
            return Int(memberSlot[h])
        }

        /// The place in `networks` of the network with `handle`, added now if first met.
        mutating func network(_ handle: Int32) -> Int {
            let h = Int(handle)
            if h >= networkSlot.count { networkSlot += [Int32](repeating: -1, count: h - networkSlot.count + 1 + names.count) }
            if networkSlot[h] < 0 { networkSlot[h] = Int32(networks.position(names.string(handle))) }
            return Int(networkSlot[h])
        }

        /// What a line kept whole (or corrected whole) contributes.
        mutating func contribute(_ e: Event) {
            let seq = e.seq
            switch e.type {
            case .member:
                let m = member(names.intern(e.member!.rawValue))
                if builder.members[m].registration == 0 { builder.members[m].registration = seq }
            case .network:
                let k = network(names.intern(e.network!.rawValue))
                if networks.entries[k].registration == 0 {
                    networks.entries[k].registration = seq
                    networks.entries[k].founded = e.string("founded").flatMap { try? EDTFDate.parse($0) }?.text
                }
            case .rename:
                if let m = e.member {
                    let k = member(names.intern(m.rawValue))
                    builder.refs.append((k, UInt32(seq)))
                }
                if let n = e.network {
                    let k = network(names.intern(n.rawValue))
                    networks.entries[k].refs.append(seq)
                }
            case .policy:
                let k = network(names.intern(e.network!.rawValue))
                networks.entries[k].refs.append(seq)
            case .merger, .closure:
                let date = e.date!
                let from = network(names.intern(e.network!.rawValue))
                let into = e.into.map { network(names.intern($0.rawValue)) }
                networks.endings.append(NetworkTable.Ending(seq: seq, type: e.type, earliest: date.earliest.ordinal,
                                                            latest: date.latest.ordinal, network: from, into: into))
                if let s = e.successor {
                    let k = network(names.intern(s.rawValue))
                    networks.entries[k].refs.append(seq)
                }
            case .membership, .signature, .selection, .withdrawal, .suspension, .reinstatement, .milestone, .recognition,
                 .activity:
                let m = member(names.intern(e.member!.rawValue))
                if let n = e.network {
                    let date = e.date!
                    let k = network(names.intern(n.rawValue))
                    builder.marks.append((m, CacheMark(seq: seq, type: e.type, earliest: date.earliest.ordinal,
                                                       latest: date.latest.ordinal, network: k)))
                } else {
                    builder.refs.append((m, UInt32(seq)))
                }
            case .ledger, .correction, .retraction:
                break
            }
        }
    }

    /// Members' marks and references gathered in log order, then grouped by member.
    private struct Builder {
        struct Member {
            var handle: Int32
            var registration = 0
        }
        var members: [Member] = []
        var marks: [(member: Int, mark: CacheMark)] = []
        var refs: [(member: Int, line: UInt32)] = []

        /// Groups marks and refs by member (a counting sort: each member's stay in log order),
        /// sorts each member's marks in §4 order, and adds the members to `c`.
        func finish(into c: inout CacheContent, names: Interner) {
            var markStart = [Int](repeating: 0, count: members.count + 1)
            for (m, _) in marks { markStart[m + 1] += 1 }
            for k in 0..<members.count { markStart[k + 1] += markStart[k] }
            var grouped = [CacheMark](repeating: CacheMark(seq: 0, type: .ledger, earliest: 0, latest: 0, network: 0), count: marks.count)
            var next = markStart
            for (m, mark) in marks {
                grouped[next[m]] = mark
                next[m] += 1
            }
            var refStart = [Int](repeating: 0, count: members.count + 1)
            for (m, _) in refs { refStart[m + 1] += 1 }
            for k in 0..<members.count { refStart[k + 1] += refStart[k] }
            var groupedRefs = [UInt32](repeating: 0, count: refs.count)
            next = refStart
            for (m, line) in refs {
                groupedRefs[next[m]] = line
                next[m] += 1
            }
            // Each member's marks sorted where they lie, then kept as they are: no copy.
            grouped.withUnsafeMutableBufferPointer { grouped in
                for k in members.indices where markStart[k + 1] - markStart[k] > 1 {
                    var own = UnsafeMutableBufferPointer(rebasing: grouped[markStart[k]..<markStart[k + 1]])
                    own.sort { $0.precedes($1) }
                }
            }
            precondition(c.marks.isEmpty && c.refs.isEmpty, "a member's marks and refs are laid out once")
            c.marks = grouped
            c.refs = groupedRefs
            c.members.reserveCapacity(members.count)
            for (k, member) in members.enumerated() {
                let marks = markStart[k]..<markStart[k + 1], refs = refStart[k]..<refStart[k + 1]
                guard member.registration != 0 || !marks.isEmpty || !refs.isEmpty else { continue }
                names.withBytes(member.handle) { c.addMember(slug: $0, registration: member.registration, marks: marks, refs: refs) }
            }
        }
    }

    /// The content of the validation state `index` at `head`: lines 1…S as `base` holds them
    /// (ids, line starts) and the lines after them (`tailStarts`, whose ids and types `index`
    /// holds). With the whole state, every record comes from `index`; with part of it (a
    /// writer's fast path), the members it did not load are copied from `base` as they are.
    /// - Parameters:
    ///   - lastLineStart: where the head's line starts; `offset`: where it ends.
    /// - Returns: nil when the state cannot be written (a line with no id, an unreadable base).
    static func from(index: LedgerIndex, base: WriterCache?, tailStarts: [Int], head: Head, lastLineStart: Int,
                     offset: Int) -> CacheContent? {
        let s = base?.header.seq ?? 0
        guard head.seq == s + tailStarts.count, head.seq >= 1, index.duplicates.isEmpty else { return nil }
        var c = CacheContent()
        c.seq = head.seq
        c.hash = head.hash
        c.lineStart = lastLineStart
        c.offset = offset
        c.lineStarts = [Int](repeating: 0, count: head.seq)
        c.info = [UInt8](repeating: 0xFF, count: head.seq)
        c.idKeys = [UInt64](repeating: 0, count: head.seq)
        if let base, s > 0 {
            guard let lines = base.bytes(in: .lines, 0, s * 8), let info = base.bytes(in: .info, 0, s),
                  let keys = base.allIDKeys() else { return nil }
            c.lineStarts.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: lines, byteCount: s * 8) }
            c.info.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: info, byteCount: s) }
            for (key, seq) in keys where seq >= 1 && seq <= s { c.idKeys[seq - 1] = key }
        }
        for (k, start) in tailStarts.enumerated() { c.lineStarts[s + k] = start }
        for (id, entry) in index.ids where entry.seq >= 1 && entry.seq <= head.seq {
            c.info[entry.seq - 1] = entry.type.code | (entry.retracted ? 0x80 : 0)
            if entry.seq > s { c.idKeys[entry.seq - 1] = WriterCache.key(id.rawValue) }
        }
        guard !c.info.contains(0xFF), !c.idKeys.contains(0) else { return nil }

        // Networks: the base's order first (its marks name networks by position), then new ones.
        if let base, s > 0 {
            guard let table = base.networks() else { return nil }
            for entry in table.entries { _ = c.networks.position(entry.slug) }
        }
        for (n, registration) in index.networks {
            let k = c.networks.position(n.rawValue)
            c.networks.entries[k].registration = registration.seq
            c.networks.entries[k].founded = registration.founded?.text
        }
        for (n, lines) in index.networkReferences {
            let k = c.networks.position(n.rawValue)
            c.networks.entries[k].refs = lines
        }
        var endings: [NetworkTable.Ending] = []
        for end in index.allEndings {
            let from = c.networks.position(end.network!.rawValue)
            let into = end.into.map { c.networks.position($0.rawValue) }
            endings.append(NetworkTable.Ending(seq: end.seq, type: end.type, earliest: end.earliest.ordinal,
                                               latest: end.latest.ordinal, network: from, into: into))
        }
        c.networks.endings = endings

        // Members: from the state when loaded, else as the base has them.
        func add(_ m: MemberID) {
            let marksFrom = c.marks.count, refsFrom = c.refs.count
            let record = index.memberRecords[m]
            for mark in record.marks {
                let k = c.networks.position(mark.network!.rawValue)
                c.marks.append(CacheMark(seq: mark.seq, type: mark.type, earliest: mark.earliest.ordinal,
                                         latest: mark.latest.ordinal, network: k))
            }
            for line in record.references { c.refs.append(UInt32(line)) }
            let registration = record.registration
            guard registration != 0 || c.marks.count > marksFrom || c.refs.count > refsFrom else { return }
            c.addMember(slug: Array(m.rawValue.utf8), registration: registration, marksFrom: marksFrom, refsFrom: refsFrom)
        }
        var done: Set<MemberID> = []
        if let loaded = index.loadedMembers {
            guard let base, let records = base.allMembers() else { return nil }
            for record in records {
                let m = MemberID(String(decoding: record.slug, as: UTF8.self))
                if loaded.contains(m) {
                    add(m)
                    done.insert(m)
                    continue
                }
                guard let marks = base.marks(record.marks), let refs = base.refs(record.refs) else { return nil }
                let marksFrom = c.marks.count, refsFrom = c.refs.count
                c.marks.append(contentsOf: marks)
                c.refs.append(contentsOf: refs.map { UInt32($0) })
                c.addMember(slug: record.slug, registration: record.registration, marksFrom: marksFrom, refsFrom: refsFrom)
            }
            for m in loaded.sorted() where !done.contains(m) { add(m) }
            guard let corrections = base.corrections() else { return nil }
            c.corrections = corrections
        } else {
            for (m, _) in index.memberRecords.all { add(m) }
            for (target, lines) in index.corrections {
                for line in lines { c.corrections.append((target, line)) }
            }
            c.corrections.sort { $0.target != $1.target ? $0.target < $1.target : $0.line < $1.line }
        }
        return c
    }
}

extension LedgerIndex {
    /// The state of lines 1…S from a writer's cache: all of it (`members` nil), or the
    /// networks, their references and endings, and only the given members (a writer's fast
    /// path). Ids stay in the cache (`ids`), found through `lookup`.
    /// - Returns: nil when the cache cannot be read (its `failure` says why).
    static func loaded(from cache: WriterCache, members wanted: [MemberID]?, lookup: any IDLookup) -> LedgerIndex? {
        guard let table = cache.networks() else { return nil }
        var index = LedgerIndex()
        let networkIDs = table.entries.map { NetworkID($0.slug) }
        for (k, entry) in table.entries.enumerated() {
            if entry.registration > 0 {
                index.networks[networkIDs[k]] = NetworkRegistration(
                    seq: entry.registration, founded: entry.founded.flatMap { try? EDTFDate.parse($0) })
            }
            if !entry.refs.isEmpty { index.networkReferences[networkIDs[k]] = entry.refs }
        }
        index.allEndings = table.endings.map { end in
            Mark(seq: end.seq, type: end.type, earliest: Day(ordinal: end.earliest), latest: Day(ordinal: end.latest),
                 into: end.into.map { networkIDs[$0] }, network: networkIDs[end.network])
        }
        let types = EventType.byCode
        func load(_ m: MemberID, _ record: WriterCache.MemberSlot) -> Bool {
            guard let raw = cache.marks(record.marks), let refs = cache.refs(record.refs) else { return false }
            var list: [Mark] = []
            if !raw.isEmpty {
                list.reserveCapacity(raw.count)
                for mark in raw {
                    guard mark.typeCode < types.count, mark.network < networkIDs.count else {
                        cache.fail("a mark of '\(m)' names nothing")
                        return false
                    }
                    list.append(Mark(seq: Int(mark.seq), type: types[mark.typeCode], earliest: Day(ordinal: mark.earliest),
                                     latest: Day(ordinal: mark.latest), into: nil, network: networkIDs[mark.network]))
                }
            }
            if record.registration > 0 || !list.isEmpty || !refs.isEmpty {
                index.memberRecords.update(m) { state in
                    if record.registration > 0 { state.registration = record.registration }
                    state.marks = list
                    state.references = refs
                }
            }
            return true
        }
        if let wanted {
            for m in wanted {
                guard let record = cache.member(m.rawValue) else {
                    if cache.failure != nil { return nil }
                    continue
                }
                guard load(m, record) else { return nil }
            }
            index.loadedMembers = Set(wanted)
        } else {
            guard let records = cache.allMembers(), let corrections = cache.corrections() else { return nil }
            index.memberRecords.reserveCapacity(records.count)
            for record in records {
                guard load(MemberID(String(decoding: record.slug, as: UTF8.self)), record) else { return nil }
            }
            for (target, line) in corrections { index.corrections[target, default: []].append(line) }
        }
        index.idBase = lookup
        index.lastSeq = cache.header.seq
        index.rebuildDerived()
        return cache.failure == nil ? index : nil
    }
}
