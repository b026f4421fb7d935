import Foundation
import Testing
import TestSupport
@testable import Ledger

/// The writer's cache (format 3) cannot change what is written: a writer on the fast path
/// (part of the state), on the whole state, or starting cold admits and rejects the same
/// events with the same messages; a damaged cache, one of another ledger or of an older
/// format is noticed, never trusted, and built again from the log.
@Suite("Writer's cache")
struct WriterCacheTests {
    /// The outcome of appending `text`: nil when written, else the kind and message.
    static func outcome(_ l: TempLedger, _ text: String) -> String? {
        do {
            try l.append(text)
            return nil
        } catch {
            return "\(error.kind): \(error.message)"
        }
    }

    /// Four writers of one ledger: one keeping its cache (written again every 256 lines), one
    /// whose cache is written again every 5 lines, one starting cold at every append (a fresh
    /// cache each time), and one with no `Snapshots/` at all (no cache file, ever).
    struct Writers {
        let warm: TempLedger
        let busy: TempLedger
        let cold: TempLedger
        let bare: TempLedger
        var all: [TempLedger] { [warm, busy, cold, bare] }

        init(log: [UInt8]) throws {
            warm = try TempLedger()
            busy = try TempLedger(cacheInterval: 5)
            cold = try TempLedger()
            bare = try TempLedger()
            try FileManager.default.removeItem(atPath: bare.store.snapshotsPath)
            for l in all { try Data(log).write(to: URL(fileURLWithPath: l.store.logPath)) }
        }

        /// Appends `text` with each; the outcomes.
        func append(_ text: String) -> [String?] {
            try? FileManager.default.removeItem(atPath: IndexCache.path(cold.store))
            return all.map { WriterCacheTests.outcome($0, text) }
        }
    }

    static func wholeState(_ l: TempLedger) throws -> LedgerIndex {
        let fd = try FileIO.open(l.store.logPath, O_RDONLY)
        defer { close(fd) }
        return try IndexCache.load(store: l.store, fd: fd, batch: [], whole: true).validator.index
    }

    /// The state folded from the log in memory, every line checked, no cache involved.
    static func scratch(_ l: TempLedger) throws -> LedgerIndex {
        let fd = try FileIO.open(l.store.logPath, O_RDONLY)
        defer { close(fd) }
        return try IndexCache.foldInMemory(store: l.store, fd: fd, size: FileIO.size(fd: fd)).validator.index
    }

    static func expectSameState(_ a: LedgerIndex, _ b: LedgerIndex, _ label: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.allEntries() == b.allEntries(), "\(label): ids", sourceLocation: sourceLocation)
        #expect(a.members == b.members, "\(label): members", sourceLocation: sourceLocation)
        #expect(a.networks == b.networks, "\(label): networks", sourceLocation: sourceLocation)
        #expect(a.marks == b.marks, "\(label): marks", sourceLocation: sourceLocation)
        #expect(a.allEndings == b.allEndings, "\(label): endings", sourceLocation: sourceLocation)
        #expect(a.memberReferences == b.memberReferences, "\(label): member references", sourceLocation: sourceLocation)
        #expect(a.networkReferences == b.networkReferences, "\(label): network references", sourceLocation: sourceLocation)
        #expect(a.corrections == b.corrections, "\(label): corrections", sourceLocation: sourceLocation)
    }

    // MARK: - The same verdicts, whatever the writer loads

    @Test("writers with a warm cache, a cache rewritten every 5 lines, a fresh cache at each append and no cache at all admit and reject the same events, with the same messages, as a validator holding everything",
          arguments: Array(UInt64(1)...8))
    func sameVerdicts(seed: UInt64) throws {
        var generator = AmendmentLedger(seed: seed &* 7919, storable: true)
        var reference = Validator()
        var admitted: [Event] = []
        func stamped(_ original: Event) -> Event {
            var event = original
            event.seq = admitted.count + 1
            event.recorded = Timestamp(seconds: 1_767_225_600)
            return event
        }
        for text in generator.opening() {
            let event = stamped(try EventDecoder.decode(try JSONReader.parse(text), mode: .input))
            try reference.admit(event)
            admitted.append(event)
        }
        let writers = try Writers(log: AmendmentTests.log(admitted))
        var rejected = 0, wholeState = 0
        for _ in 0..<220 {
            let candidate = generator.next(after: admitted)
            let text = String(decoding: EventEncoder.content(candidate), as: UTF8.self)
            let outcomes = writers.append(text)
            let event = stamped(candidate)
            var expected: String?
            do {
                try reference.admit(event)
            } catch {
                expected = "badData: \(error.message)"
            }
            #expect(outcomes.allSatisfy { $0 == expected }, "seed \(seed), line \(event.seq): \(text)\nexpected \(expected ?? "admitted")\ngot \(outcomes)")
            guard outcomes.allSatisfy({ $0 == expected }) else { break }
            if expected == nil { admitted.append(event) } else { rejected += 1 }
            if candidate.type.isAmendment || candidate.type == .merger || candidate.type == .closure { wholeState += 1 }
        }
        #expect(rejected > 20 && wholeState > 20, "seed \(seed): \(rejected) rejected, \(wholeState) on the whole state")
        #expect(writers.all.allSatisfy { $0.logBytes == writers.cold.logBytes })
        #expect(!FileIO.exists(writers.bare.store.snapshotsPath))
        for (label, l) in [("warm", writers.warm), ("busy", writers.busy), ("cold", writers.cold), ("bare", writers.bare)] {
            let state = try Self.wholeState(l)
            #expect(state.allEntries() == reference.index.ids.dictionary, "seed \(seed), \(label)")
            #expect(state.members == reference.index.members && state.networks == reference.index.networks, "seed \(seed), \(label)")
            #expect(state.marks == reference.index.marks && state.allEndings == reference.index.allEndings, "seed \(seed), \(label)")
            #expect(state.memberReferences == reference.index.memberReferences, "seed \(seed), \(label)")
            #expect(state.networkReferences == reference.index.networkReferences, "seed \(seed), \(label)")
            #expect(state.corrections == reference.index.corrections, "seed \(seed), \(label)")
        }
    }

    @Test("batches naming many members, repeats and rejections: the same on the fast path and cold")
    func batches() throws {
        let setup = try TempLedger()
        try setup.append(basics + "\n" + """
            {"id":"s-paris","type":"signature","member":"paris","network":"compact","date":"2014"}
            {"id":"s-lyon","type":"membership","member":"lyon","network":"c40","date":"2012-05"}
            {"id":"m-lyon-1","type":"milestone","member":"lyon","network":"c40","date":"2013","milestone":"plan"}
            """)
        let writers = try Writers(log: setup.logBytes)
        let batches = [
            // New member and network, events of several members, registrations and references.
            """
            {"id":"m-nice","type":"member","member":"nice","name":"Nice","kind":"city"}
            {"id":"s-nice","type":"signature","member":"nice","network":"compact","date":"2015-02"}
            {"id":"i-nice","type":"milestone","member":"nice","network":"compact","date":"2016","milestone":"inventory"}
            {"id":"i-paris","type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"inventory"}
            {"id":"act-lyon","type":"activity","member":"lyon","date":"2016","title":"Climate week"}
            {"id":"ren-lyon","type":"rename","member":"lyon","name":"Lyon Métropole","date":"2015"}
            {"id":"pol","type":"policy","network":"compact","date":"2014","title":"p","rules":[{"milestone":"plan","within":12}]}
            {"id":"n-new","type":"network","network":"new-net","name":"New","kind":"platform","founded":"2010"}
            {"id":"s-paris-new","type":"signature","member":"paris","network":"new-net","date":"2011"}
            """,
            // A repeat, then a bad event: nothing is written.
            """
            {"id":"m-nice","type":"member","member":"nice","name":"Nice","kind":"city"}
            {"id":"ok","type":"milestone","member":"nice","network":"compact","date":"2017","milestone":"plan"}
            {"id":"bad","type":"milestone","member":"lyon","network":"compact","date":"2017","milestone":"plan"}
            """,
            // A member named nowhere in the loaded part: the hint needs every slug.
            """
            {"id":"ok2","type":"milestone","member":"nice","network":"compact","date":"2017","milestone":"plan"}
            {"id":"typo","type":"milestone","member":"nicee","network":"compact","date":"2017","milestone":"plan"}
            """,
            // A start before the network was founded; a second registration; an earlier withdrawal.
            #"{"id":"early","type":"signature","member":"lyon","network":"new-net","date":"2009"}"#,
            #"{"id":"again","type":"member","member":"nice","name":"Nice","kind":"city"}"#,
            #"{"id":"w","type":"withdrawal","member":"paris","network":"compact","date":"2014-06"}"#,
            // Same id, other content.
            #"{"id":"i-paris","type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"plan"}"#,
            // Fine: repeats and new events of several members.
            """
            {"id":"i-paris","type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"inventory"}
            {"id":"ok3","type":"milestone","member":"nice","network":"compact","date":"2017","milestone":"plan"}
            {"id":"ok4","type":"suspension","member":"lyon","network":"c40","date":"2018"}
            {"id":"ok5","type":"reinstatement","member":"lyon","network":"c40","date":"2019"}
            """,
        ]
        var outcomes: [[String?]] = []
        for batch in batches {
            let before = writers.cold.logBytes
            let results = writers.append(batch)
            #expect(Set(results.map { $0 ?? "written" }).count == 1, "\(batch)\n\(results)")
            if results[0] != nil { #expect(writers.all.allSatisfy { $0.logBytes == before }) }
            outcomes.append(results)
        }
        #expect(outcomes.map { $0[0] == nil } == [true, false, false, false, false, false, false, true])
        #expect(outcomes[2][0]?.contains("unknown member 'nicee' (did you mean 'nice'?)") == true, "\(outcomes[2])")
        #expect(outcomes[1][0]?.contains("lyon has no commitment in compact") == true, "\(outcomes[1])")
        #expect(outcomes[6][0]?.hasPrefix("conflict") == true, "\(outcomes[6])")
        #expect(writers.all.allSatisfy { $0.logBytes == writers.cold.logBytes })
        Self.expectSameState(try Self.wholeState(writers.warm), try Self.scratch(writers.cold), "warm")
    }

    @Test("the part of the state a writer loads is exactly the whole state for the members it names")
    func partialIsExact() throws {
        let l = try TempLedger()
        try l.append(basics + "\n" + """
            {"type":"signature","member":"paris","network":"compact","date":"2014"}
            {"type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"plan"}
            {"type":"rename","member":"lyon","name":"Lyon Métropole","date":"2015"}
            {"type":"merger","network":"compact","into":"gcom","date":"2016-06-22"}
            {"type":"policy","network":"gcom","date":"2016","title":"p","rules":[{"milestone":"plan","within":12}]}
            """)
        let fd = try FileIO.open(l.store.logPath, O_RDONLY)
        defer { close(fd) }
        let whole = try IndexCache.load(store: l.store, fd: fd, batch: [], whole: true).validator.index
        let milestone = try EventDecoder.decode(try JSONReader.parse(
            #"{"type":"milestone","member":"paris","network":"gcom","date":"2017","milestone":"plan"}"#), mode: .input)
        let rename = try EventDecoder.decode(try JSONReader.parse(
            #"{"type":"rename","member":"lyon","name":"Lyon","date":"2017"}"#), mode: .input)
        let state = try IndexCache.load(store: l.store, fd: fd, batch: [milestone, rename])
        let part = state.validator.index
        #expect(state.partial && part.loadedMembers == [MemberID("paris"), MemberID("lyon")])
        #expect(part.members == whole.members)
        #expect(part.marks == whole.marks && part.memberReferences == whole.memberReferences)
        #expect(part.networks == whole.networks && part.networkReferences == whole.networkReferences)
        #expect(part.allEndings == whole.allEndings && part.endingsByNetwork == whole.endingsByNetwork)
        #expect(part.mergersInto == whole.mergersInto)
        #expect(part.entry(EventID("m-paris")) == whole.entry(EventID("m-paris")))
        #expect(part.entry(EventID("nowhere")) == nil)
        // A batch with an amendment, a merger or a closure loads everything.
        let closure = try EventDecoder.decode(try JSONReader.parse(#"{"type":"closure","network":"c40","date":"2020"}"#), mode: .input)
        #expect(!(try IndexCache.load(store: l.store, fd: fd, batch: [milestone, closure]).partial))
    }

    static func inode(_ path: String) -> UInt64 {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : 0
    }

    @Test("on the fast path the cache is brought up to the head in place; on the whole state, or once it is full of garbage, written anew")
    func inPlace() throws {
        let l = try TempLedger(cacheInterval: 1)
        try l.append(basics + "\n" + #"{"type":"signature","member":"paris","network":"compact","date":"2014"}"#)
        let path = IndexCache.path(l.store)
        let first = Self.inode(path)
        try l.append(#"{"type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"plan"}"#)
        try l.append(#"{"type":"member","member":"nice","name":"Nice","kind":"city"}"#)
        try l.append(#"{"type":"network","network":"new-net","name":"New","kind":"platform"}"#)
        try l.append(#"{"type":"rename","member":"lyon","name":"Lyon Métropole","date":"2015"}"#)
        #expect(Self.inode(path) == first, "updated in place")
        var cache = try #require(try? WriterCache.open(path: path).get())
        #expect(cache.header.seq == 11 && cache.verifyAll())
        Self.expectSameState(try Self.wholeState(l), try Self.scratch(l), "in place")
        try l.append(#"{"type":"correction","target":"m-lyon","set":{"name":"Lyon"},"reason":"r"}"#)
        #expect(Self.inode(path) != first, "a new file after an amendment")
        // Paris's many milestones are appended again at each update: their old copies are
        // garbage, until the file is compacted.
        var lines: [String] = []
        for k in 0..<300 { lines.append(#"{"type":"milestone","member":"paris","network":"compact","date":"2016","milestone":"m\#(k)"}"#) }
        try l.append(lines.joined(separator: "\n"))
        let compacted = Self.inode(path)
        var files: Set<UInt64> = [compacted]
        for k in 0..<40 {
            try l.append(#"{"type":"milestone","member":"paris","network":"compact","date":"2017","milestone":"n\#(k)"}"#)
            files.insert(Self.inode(path))
        }
        #expect(files.count >= 2, "compacted once the garbage outgrew what is live")
        cache = try #require(try? WriterCache.open(path: path).get())
        #expect(cache.header.seq == 352 && cache.verifyAll())
        Self.expectSameState(try Self.wholeState(l), try Self.scratch(l), "after compaction")
    }

    @Test("a cache mixing pages of two versions (a writer killed while updating it, a crash losing some pages) is never trusted")
    func mixedVersions() throws {
        let l = try TempLedger(cacheInterval: 1)
        try l.append(basics + "\n" + """
            {"id":"s-paris","type":"signature","member":"paris","network":"compact","date":"2014"}
            {"id":"s-lyon","type":"membership","member":"lyon","network":"c40","date":"2012-05"}
            """)
        let path = IndexCache.path(l.store)
        let before = try FileIO.readAll(path)
        try l.append(#"{"id":"i-paris","type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"inventory"}"#
            + "\n" + #"{"id":"m-nice","type":"member","member":"nice","name":"Nice","kind":"city"}"#)
        let after = try FileIO.readAll(path)
        try #require(before.count == after.count && before != after, "updated in place")
        let log = l.logBytes
        let next = [
            #"{"id":"i-paris","type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"inventory"}"#,
            #"{"id":"s-nice","type":"signature","member":"nice","network":"compact","date":"2016"}"#,
            #"{"id":"w-paris","type":"withdrawal","member":"paris","network":"compact","date":"2015-06"}"#,
            #"{"id":"p-lyon","type":"milestone","member":"lyon","network":"c40","date":"2013","milestone":"plan"}"#,
        ]
        func run(_ cache: [UInt8]?) throws -> ([String?], [UInt8]) {
            let copy = try TempLedger()
            try Data(log).write(to: URL(fileURLWithPath: copy.store.logPath))
            if let cache { try Data(cache).write(to: URL(fileURLWithPath: IndexCache.path(copy.store))) }
            return (next.map { Self.outcome(copy, $0) }, copy.logBytes)
        }
        let expected = try run(nil)
        #expect(expected.0.map { $0 == nil } == [true, true, true, true])
        let size = WriterCache.page
        let changed = (0..<after.count / size).filter { before[$0 * size..<($0 + 1) * size] != after[$0 * size..<($0 + 1) * size] }
        #expect(changed.count > 3, "\(changed)")
        var mixes: [(String, [UInt8])] = []
        for page in changed where page != 0 {
            var old = before
            old.replaceSubrange(page * size..<(page + 1) * size, with: after[page * size..<(page + 1) * size])
            mixes.append(("old header, new page \(page)", old))
            var new = after
            new.replaceSubrange(page * size..<(page + 1) * size, with: before[page * size..<(page + 1) * size])
            mixes.append(("new header, old page \(page)", new))
        }
        var newButHeader = after
        newButHeader.replaceSubrange(0..<size, with: before[0..<size])
        mixes.append(("every page new but the header", newButHeader))
        for (label, bytes) in mixes {
            let got = try run(bytes)
            #expect(got.0 == expected.0 && got.1 == expected.1, "\(label): \(got.0)")
        }
    }

    @Test("a cache built cold from a log whose corrected lines are later retracted, corrected twice or corrected in turn holds the state a validator folds from every line")
    func coldWithAmendments() throws {
        let l = try TempLedger()
        try l.append(basics + "\n" + """
            {"id":"s-paris","type":"signature","member":"paris","network":"compact","date":"2014"}
            {"id":"a1","type":"activity","member":"paris","network":"compact","date":"2015","title":"one"}
            {"id":"s-lyon","type":"membership","member":"lyon","network":"c40","date":"2012-05"}
            {"id":"a2","type":"activity","member":"lyon","network":"c40","date":"2016","title":"two"}
            {"id":"i-lyon","type":"milestone","member":"lyon","network":"c40","date":"2016","milestone":"inventory"}
            {"id":"a3","type":"activity","member":"lyon","date":"2017","title":"three"}
            """)
        // a1 corrected, then retracted: the walk skips it, and the corrected lines after it
        // must still get their own corrections.
        try l.append(#"{"id":"c1","type":"correction","target":"a1","set":{"date":"2015-02"},"reason":"r"}"#)
        try l.append(#"{"id":"c2","type":"correction","target":"a2","set":{"network":"compact","member":"paris"},"reason":"r"}"#)
        try l.append(#"{"id":"r1","type":"retraction","target":"a1","reason":"r"}"#)
        try l.append(#"{"id":"c3","type":"correction","target":"i-lyon","set":{"date":"2016-09"},"reason":"r"}"#)
        try l.append(#"{"id":"c4","type":"correction","target":"i-lyon","set":{"milestone":"plan"},"reason":"r"}"#)
        try l.append(#"{"id":"c5","type":"correction","target":"a3","set":{"member":"paris"},"reason":"r"}"#)
        try? FileManager.default.removeItem(atPath: IndexCache.path(l.store))
        let cold = try Self.wholeState(l)
        #expect(FileManager.default.fileExists(atPath: IndexCache.path(l.store)), "the cold writer wrote its cache")
        let folded = try Self.scratch(l)
        Self.expectSameState(cold, folded, "cold cache")
        // The corrections moved a2 to paris in compact, a3 to paris, and i-lyon to September.
        let a2 = try #require(folded.entry(EventID("a2"))).seq, a3 = try #require(folded.entry(EventID("a3"))).seq
        let inventory = try #require(folded.entry(EventID("i-lyon"))).seq
        let paris = try #require(cold.marks[MemberID("paris")])
        #expect(paris.contains { $0.seq == a2 && $0.network == NetworkID("compact") })
        #expect(cold.memberReferences[MemberID("paris")]?.contains(a3) == true)
        #expect(cold.marks[MemberID("lyon")]?.first { $0.seq == inventory }?.earliest == Day(ordinal: 17_045))
    }

    // MARK: - Damage is never trusted

    /// A ledger with something in every section of its cache: lines, ids, members with their
    /// slugs, marks and references, networks with references and endings, corrections.
    static func richLedger() throws -> TempLedger {
        let l = try TempLedger()
        try l.append(basics + "\n" + """
            {"id":"s-paris","type":"signature","member":"paris","network":"compact","date":"2014"}
            {"id":"i-paris","type":"milestone","member":"paris","network":"compact","date":"2015","milestone":"inventory"}
            {"id":"s-lyon","type":"membership","member":"lyon","network":"c40","date":"2012-05"}
            {"id":"ren-lyon","type":"rename","member":"lyon","name":"Lyon Métropole","date":"2015"}
            {"id":"ren-c40","type":"rename","network":"c40","name":"C40 Cities","date":"2011"}
            {"id":"act","type":"activity","member":"lyon","date":"2016","title":"Climate week"}
            {"id":"pol","type":"policy","network":"compact","date":"2014","title":"p","rules":[{"milestone":"plan","within":12}]}
            {"id":"merge","type":"merger","network":"compact","into":"gcom","date":"2016-06-22"}
            """)
        try l.append(#"{"id":"fix","type":"correction","target":"i-paris","set":{"date":"2015-03"},"reason":"r"}"#)
        return l
    }

    /// The appends run on a damaged cache and on an intact one: the fast path, a repeat, the
    /// whole state.
    static let appends = [
        #"{"id":"p-paris","type":"milestone","member":"paris","network":"gcom","date":"2017","milestone":"plan"}"#,
        #"{"id":"m-paris","type":"member","member":"paris","name":"Paris","kind":"city","country":"FR"}"#,
        #"{"id":"s-lyon","type":"membership","member":"lyon","network":"c40","date":"2012-05"}"#,
        #"{"id":"fix2","type":"correction","target":"act","set":{"title":"COP21"},"reason":"r"}"#,
        #"{"id":"p-lyon","type":"milestone","member":"lyon","network":"c40","date":"2016","milestone":"plan"}"#,
    ]

    /// Where to damage: a byte in the middle of each section in use, and in the header and the page table.
    static func places(_ cache: WriterCache) -> [(String, Int)] {
        var places: [(String, Int)] = [("header", 100), ("page table", cache.header.tableStart + 8)]
        for section in CacheSection.allCases {
            let extent = cache.extent(section)
            places.append(("\(section) (first byte)", extent.start))
            places.append(("\(section) (middle)", extent.start + max(extent.used / 2, 0)))
            places.append(("\(section) (last byte in use)", extent.start + max(extent.used - 1, 0)))
        }
        return places
    }

    @Test("a damaged byte in any section is noticed: what is written is the same, and the cache is built again from the log")
    func damageInEverySection() throws {
        let source = try Self.richLedger()
        let path = IndexCache.path(source.store)
        let cache = try #require(try? WriterCache.open(path: path).get())
        #expect(cache.header.seq == source.logBytes.split(separator: 0x0A).count, "the cache is at the head")
        for section in CacheSection.allCases {
            #expect(cache.extent(section).used > 0, "the ledger leaves \(section) empty")
        }
        let good = try FileIO.readAll(path)
        let intact = try TempLedger()
        try Data(source.logBytes).write(to: URL(fileURLWithPath: intact.store.logPath))
        try Data(good).write(to: URL(fileURLWithPath: IndexCache.path(intact.store)))
        let expected = Self.appends.map { Self.outcome(intact, $0) }
        #expect(expected.map { $0 == nil } == [true, true, true, true, true], "\(expected)")

        for (label, offset) in Self.places(cache) {
            let l = try TempLedger()
            try Data(source.logBytes).write(to: URL(fileURLWithPath: l.store.logPath))
            var bytes = good
            bytes[offset] ^= 0x10
            try Data(bytes).write(to: URL(fileURLWithPath: IndexCache.path(l.store)))
            let outcomes = Self.appends.map { Self.outcome(l, $0) }
            #expect(outcomes.map { $0 == nil } == expected.map { $0 == nil }, "\(label): \(outcomes)")
            #expect(l.logBytes == intact.logBytes, "\(label): the log differs")
            let rebuilt = try #require(try? WriterCache.open(path: IndexCache.path(l.store)).get(), "\(label)")
            #expect(rebuilt.verifyAll(), "\(label): the cache left behind is damaged")
            Self.expectSameState(try Self.wholeState(l), try Self.scratch(intact), label)
        }
    }

    @Test("a damaged page the fast path reads sends it back to the log, not to a wrong answer",
          arguments: ["ids", "members", "marks", "lines"])
    func damageOnTheFastPath(_ what: String) throws {
        let source = try Self.richLedger()
        let path = IndexCache.path(source.store)
        let cache = try #require(try? WriterCache.open(path: path).get())
        // The page the fast path reads for Paris's repeat or milestone.
        var offset: Int
        switch what {
        case "ids":
            let key = WriterCache.key("s-paris")
            let slots = cache.extent(.ids).capacity / 16
            offset = cache.extent(.ids).start + (Int(truncatingIfNeeded: key) & (slots - 1)) * 16
        case "members":
            let slots = cache.extent(.members).capacity / 32
            offset = cache.extent(.members).start + (Int(truncatingIfNeeded: WriterCache.key("paris")) & (slots - 1)) * 32
        case "marks":
            offset = cache.extent(.marks).start + cache.member("paris")!.marks.lowerBound * CacheMark.size + 4
        default:
            offset = cache.extent(.lines).start + (cache.header.seq - 1) * 8
        }
        var bytes = try FileIO.readAll(path)
        bytes[offset] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let before = source.logBytes
        // A repeat of Paris's start is recognised; a withdrawal on its day is refused.
        let repeated = try source.append(#"{"id":"s-paris","type":"signature","member":"paris","network":"compact","date":"2014"}"#)
        #expect(repeated.existing.count == 1 && source.logBytes == before, "\(what)")
        #expect(Self.outcome(source, #"{"id":"w-paris","type":"withdrawal","member":"paris","network":"compact","date":"2014"}"#)?
            .contains("cannot share its earliest day") == true, "\(what)")
        let rebuilt = try #require(try? WriterCache.open(path: path).get())
        #expect(rebuilt.verifyAll(), "\(what): the damaged cache was replaced")
    }

    @Test("each type's code is its position in allCases, and reads back")
    func typeCodes() {
        for (k, type) in EventType.allCases.enumerated() {
            #expect(Int(type.code) == k && EventType(code: k) == type, "\(type)")
        }
        #expect(EventType(code: EventType.allCases.count) == nil)
    }

    // MARK: - Other ledgers, other formats

    @Test("a cache of an older format is ignored and removed; other files in Snapshots/ are left alone")
    func olderFormats() throws {
        let l = try Self.richLedger()
        let path = IndexCache.path(l.store)
        let scratch = try Self.scratch(l)
        let oldFormat = Array(#"{"format":2,"kind":"validation-index","seq":14,"hash":"00","offset":1,"ids":1,"index":0,"length":0,"checksum":"0"}"#.utf8) + [0x0A]
        // An older format at this version's name.
        try Data(oldFormat).write(to: URL(fileURLWithPath: path))
        guard case .failure(let why) = WriterCache.open(path: path) else { Issue.record("an old file is opened"); return }
        #expect(why.why.hasPrefix("cut short or not a cache"))
        Self.expectSameState(try Self.wholeState(l), scratch, "JSON header")
        // This format's header with another format number (its checksum recomputed).
        var bytes = try FileIO.readAll(path)
        bytes[8] = 2
        let header = try #require(try? WriterCache.open(path: path).get()).header
        bytes.replaceSubrange(0..<WriterCache.page, with: header.encoded())
        bytes[8] = 2
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: PageHash.hash(raw.baseAddress!, count: CacheHeader.checksumOffset),
                           toByteOffset: CacheHeader.checksumOffset, as: UInt64.self)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard case .failure(let why2) = WriterCache.open(path: path) else { Issue.record("format 2 is opened"); return }
        #expect(why2.why == "unknown format 2 (this version reads format 3)")
        Self.expectSameState(try Self.wholeState(l), scratch, "format 2")
        // The older versions' files beside it: theirs are removed when the cache is written, others kept.
        let old = l.store.snapshotsPath + "/validation-14.snapshot", other = l.store.snapshotsPath + "/validation-3.snapshot"
        try Data(oldFormat).write(to: URL(fileURLWithPath: old))
        try Data("not a cache\n".utf8).write(to: URL(fileURLWithPath: other))
        try FileManager.default.removeItem(atPath: path)
        try l.append(#"{"type":"milestone","member":"paris","network":"gcom","date":"2017","milestone":"plan"}"#)
        #expect(!FileIO.exists(old) && FileIO.exists(other) && FileIO.exists(path))
    }

    @Test("a cache of another ledger is ignored, even at the same seq, and replaced")
    func otherLedger() throws {
        let l = try Self.richLedger(), other = try Self.richLedger()
        #expect(l.logBytes.count == other.logBytes.count && l.logBytes != other.logBytes, "genesis ids differ")
        let scratch = try Self.scratch(l)
        try FileManager.default.removeItem(atPath: IndexCache.path(l.store))
        try FileManager.default.copyItem(atPath: IndexCache.path(other.store), toPath: IndexCache.path(l.store))
        let fd = try FileIO.open(l.store.logPath, O_RDONLY)
        defer { close(fd) }
        let state = try IndexCache.load(store: l.store, fd: fd, batch: [])
        #expect(state.head.hash == state.cache?.header.hash, "rebuilt at this log's head")
        Self.expectSameState(try Self.wholeState(l), scratch, "other ledger")
        #expect(try FileIO.readAll(IndexCache.path(l.store)) != FileIO.readAll(IndexCache.path(other.store)))
    }
}
