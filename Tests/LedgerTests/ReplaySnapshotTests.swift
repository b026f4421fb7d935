import Foundation
import Testing
@testable import Ledger

/// Replay snapshots for the views (SPEC §8): the binary events come back byte-for-byte, a
/// view loads the newest matching snapshot plus the tail, anything that does not match is
/// ignored with one warning, and the result is the same as reading the whole log.
@Suite("Replay snapshots", .serialized)
struct ReplaySnapshotTests {
    /// The package root (file, LedgerTests, Tests → root).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The worked example's log and the shipped ledger (read only).
    static let shippedLogs = [
        packageRoot + "/Tests/ProjectionsTests/Fixtures/worked/ledger.jsonl",
        packageRoot + "/Events/ledger.jsonl",
    ]

    /// Events of every type, with `by`, `source`, `note`, escapes, non-ASCII text, qualified
    /// dates and intervals, nested `rules` / `every` and a `set`.
    static let everyType = [
        #"{"id":"m-grenoble","type":"member","member":"grenoble","name":"Grenoble-Alpes Métropole","kind":"metropolis","country":"FR","population":445000}"#,
        #"{"id":"n-iclei","type":"network","network":"iclei","name":"ICLEI","kind":"network","founded":"1990-09","scope":"global","managedBy":"ICLEI World Secretariat","url":"https://iclei.org/","description":"Local Governments for Sustainability — “ICLEI”\ttab"}"#,
        #"{"id":"rn","type":"rename","network":"compact","name":"Compact of Mayors (2014)","date":"2014-09"}"#,
        #"{"id":"pol","type":"policy","network":"c40","date":"2005","applies":"all","title":"C40 rules","rules":[{"milestone":"inventory","within":12},{"milestone":"plan","by":"2010"}],"every":[{"milestone":"report","months":24,"after":"plan"}],"badge":"compliant"}"#,
        #"{"id":"ms","type":"membership","by":"Paris climate office","member":"paris","network":"c40","date":"2005~","role":"megacity","source":"Délibération n°2005 \"C40\" \\ /","note":"tab\there, emoji 🌍"}"#,
        #"{"id":"sg","type":"signature","member":"lyon","network":"compact","date":"2014-09-23/2015-06?"}"#,
        #"{"id":"sl","type":"selection","member":"paris","network":"gcom","date":"2016-07%","cohort":"first"}"#,
        #"{"id":"mi","type":"milestone","member":"paris","network":"c40","date":"2006-03","milestone":"inventory"}"#,
        #"{"id":"rc","type":"recognition","member":"paris","network":"c40","date":"2007","badge":"compliant"}"#,
        #"{"id":"su","type":"suspension","member":"paris","network":"c40","date":"2008"}"#,
        #"{"id":"re","type":"reinstatement","member":"paris","network":"c40","date":"2009"}"#,
        #"{"id":"wd","type":"withdrawal","member":"paris","network":"c40","date":"2012-01-31"}"#,
        #"{"id":"ac","type":"activity","member":"lyon","network":"compact","date":"2015","title":"Plan climat 東京"}"#,
        #"{"id":"ac2","type":"activity","member":"lyon","date":"2015","title":"a duplicate"}"#,
        #"{"id":"mg","type":"merger","network":"compact","into":"gcom","date":"2016-06-22"}"#,
        #"{"id":"cl","type":"closure","network":"iclei","date":"2020","successor":"gcom"}"#,
        #"{"id":"co","type":"correction","target":"sl","set":{"date":"2016-06-23","cohort":"second"},"reason":"announced a day later"}"#,
        #"{"id":"rt","type":"retraction","target":"ac2","reason":"duplicate of ac"}"#,
    ]

    /// A ledger holding `basics` and `everyType` (every event type).
    func everyTypeLedger() throws -> TempLedger {
        let l = try TempLedger()
        try l.append(basics)
        for line in Self.everyType { try l.append(line, by: "tester") }
        return l
    }

    /// The complete lines of a log, without their terminators.
    func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        LogLines.split(bytes).filter(\.terminated).map { Array(bytes[$0.range]) }
    }

    /// Expects `loaded` to be exactly what reading the whole log gives.
    func expectSame(_ loaded: ReplaySnapshot.Loaded, _ store: LedgerStore,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (events, head) = try store.load()
        #expect(loaded.head == head, sourceLocation: sourceLocation)
        #expect(loaded.log.facts.count == events.count, sourceLocation: sourceLocation)
        // Every line reads back as the event it is, and every fact says what its event says.
        let readBack = (0..<loaded.log.facts.count).compactMap { loaded.source.event(at: $0) }
        #expect(readBack.map(EventEncoder.line) == events.map(EventEncoder.line), sourceLocation: sourceLocation)
        let reference = FactLog(events: events)
        #expect(loaded.log.facts.map { Self.describe($0, loaded.log) } == reference.facts.map { Self.describe($0, reference) },
                sourceLocation: sourceLocation)
        #expect(loaded.log.reference.map(EventEncoder.line) == reference.reference.map(EventEncoder.line),
                sourceLocation: sourceLocation)
        let bytes = try FileIO.readAll(store.logPath)
        #expect(loaded.offset == (bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0), sourceLocation: sourceLocation)
    }

    /// A fact in words, its handles resolved: equal for equal facts whatever the handles' numbers.
    static func describe(_ fact: Fact, _ log: FactLog) -> String {
        func name(_ handle: Int32) -> String { handle == Interner.none ? "-" : log.names.string(handle) }
        return "\(fact.type) \(fact.seq) \(fact.flags) \(fact.earliest)…\(fact.latest) \(name(fact.date)) \(name(fact.member)) "
            + "\(name(fact.network)) \(name(fact.into)) \(name(fact.detail)) \(fact.recorded) \(fact.idHash) \(fact.reference >= 0)"
    }

    /// Loads for the views, collecting warnings.
    func load(_ store: LedgerStore, limit: Int? = nil) throws -> (ReplaySnapshot.Loaded, [String]) {
        var warnings: [String] = []
        let loaded = try ReplaySnapshot.load(store, limit: limit) { warnings.append($0) }
        return (loaded, warnings)
    }

    /// Writes a snapshot at the head, expecting no warning.
    @discardableResult
    func snapshot(_ store: LedgerStore, sourceLocation: SourceLocation = #_sourceLocation) throws -> Head {
        var warnings: [String] = []
        let (head, name) = try ReplaySnapshot.write(store, warn: { warnings.append($0) }, status: { _ in [] })
        #expect(warnings.isEmpty, sourceLocation: sourceLocation)
        #expect(name == "Snapshots/replay-\(head.seq).snapshot", sourceLocation: sourceLocation)
        return head
    }

    /// Lines, each ended by `\n`.
    func joined(_ lines: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for line in lines { out += line + [0x0A] }
        return out
    }

    func path(_ store: LedgerStore, _ seq: Int) -> String { store.snapshotsPath + "/replay-\(seq).snapshot" }

    // MARK: - The codec

    @Test("the shipped logs round-trip: decoded events re-encode to the identical lines")
    func roundTripShipped() throws {
        for log in Self.shippedLogs {
            let bytes = try FileIO.readAll(log)
            let (events, _) = try LogReader.events(in: bytes, file: log)
            let decoded = try #require(ReplayCodec.decode(ReplayCodec.encode(events)[...], count: events.count), "\(log)")
            #expect(decoded.map(EventEncoder.line) == lines(bytes), "\(log)")
            #expect(decoded.map(\.date) == events.map(\.date))
            #expect(decoded.map(\.prev) == events.map(\.prev))
            #expect(decoded.map(\.recorded) == events.map(\.recorded))
        }
    }

    @Test("every event type round-trips, every field faithfully")
    func roundTripEveryType() throws {
        let l = try everyTypeLedger()
        let (events, _) = try l.store.load()
        #expect(Set(events.map(\.type)) == Set(EventType.allCases))
        let decoded = try #require(ReplayCodec.decode(ReplayCodec.encode(events)[...], count: events.count))
        #expect(decoded.map(EventEncoder.line) == lines(l.logBytes))
        for (a, b) in zip(decoded, events) {
            #expect(a.seq == b.seq && a.id == b.id && a.type == b.type && a.recorded == b.recorded && a.by == b.by)
            #expect(a.fields == b.fields && a.source == b.source && a.note == b.note && a.prev == b.prev)
            #expect(a.date == b.date && a.date?.text == b.date?.text)
        }
    }

    @Test("many blocks (decoded in parallel) come back in order")
    func manyBlocks() throws {
        let l = try everyTypeLedger()
        let (base, _) = try l.store.load()
        var events: [Event] = []
        for copy in 0..<(2 * ReplayCodec.block / base.count + 3) {
            for var event in base {
                event.seq = events.count + 1
                event.id = EventID("\(event.id)-\(copy)")
                events.append(event)
            }
        }
        #expect(events.count > 2 * ReplayCodec.block)
        let decoded = try #require(ReplayCodec.decode(ReplayCodec.encode(events)[...], count: events.count))
        #expect(decoded.map(EventEncoder.line) == events.map(EventEncoder.line))
    }

    @Test("a body that is cut, padded or for another count does not decode")
    func codecRejects() throws {
        let l = try everyTypeLedger()
        let (events, _) = try l.store.load()
        let body = ReplayCodec.encode(events)
        #expect(ReplayCodec.decode(body[...], count: events.count) != nil)
        #expect(ReplayCodec.decode(body[...], count: events.count - 1) == nil)
        #expect(ReplayCodec.decode(body[...], count: events.count + 1) == nil)
        #expect(ReplayCodec.decode(body.dropLast(), count: events.count) == nil)
        #expect(ReplayCodec.decode((body + [0])[...], count: events.count) == nil)
        // Decoding garbage never traps.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var damaged = body
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            _ = ReplayCodec.decode(damaged[...], count: events.count)
        }
    }

    // MARK: - Writing and loading

    @Test("a view loads the snapshot at the head, then the tail after an older one, and gets the whole log")
    func loadsSnapshotAndTail() throws {
        let l = try everyTypeLedger()
        let head = try snapshot(l.store)
        let (atHead, warnings) = try load(l.store)
        #expect(warnings.isEmpty)
        #expect(atHead.snapshot == head.seq)
        try expectSame(atHead, l.store)

        try l.append(#"{"type":"activity","member":"lyon","date":"2021","title":"after the snapshot"}"#)
        try l.append(#"{"type":"correction","target":"ac","set":{"title":"Plan climat (corrigé)"},"reason":"title"}"#)
        let (tail, tailWarnings) = try load(l.store)
        #expect(tailWarnings.isEmpty)
        #expect(tail.snapshot == head.seq, "the snapshot older than the head is used, and only the tail decoded")
        #expect(tail.head.seq == head.seq + 2)
        try expectSame(tail, l.store)

        let view = try l.store.loadForViews(knownAtSeq: nil) { Issue.record("warning: \($0)") }
        #expect(view.head == tail.head && view.log.facts.map { Self.describe($0, view.log) } == tail.log.facts.map { Self.describe($0, tail.log) })
    }

    @Test("--known-at seq:N before a snapshot uses an older one, or the whole log")
    func knownAtSeqUsesOlder() throws {
        let l = try TempLedger()
        try l.append(basics)
        let first = try snapshot(l.store)  // seq 6
        for line in Self.everyType.prefix(6) { try l.append(line) }
        let second = try snapshot(l.store)  // seq 12
        try l.append(Self.everyType[6])
        for (limit, used) in [(nil, second.seq), (100, second.seq), (second.seq, second.seq), (second.seq - 1, first.seq),
                              (first.seq, first.seq), (first.seq - 1, nil), (0, nil)] as [(Int?, Int?)] {
            let (loaded, warnings) = try load(l.store, limit: limit)
            #expect(warnings.isEmpty)
            #expect(loaded.snapshot == used, "limit \(limit.map(String.init) ?? "none")")
            try expectSame(loaded, l.store)
        }
    }

    @Test("snapshot takes only complete lines: a torn tail is left out and left in place")
    func tornTail() throws {
        let l = try everyTypeLedger()
        let complete = l.logBytes
        let torn = Array(#"{"seq":99,"id":"torn","type":"activ"#.utf8)
        let fd = try FileIO.open(l.store.logPath, O_WRONLY | O_APPEND)
        try FileIO.writeAll(fd: fd, torn, path: l.store.logPath)
        close(fd)
        let head = try snapshot(l.store)
        #expect(head.seq == lines(complete).count)
        #expect(head.hash == SHA256.hash(lines(complete).last!))
        #expect(l.logBytes == complete + torn, "the log is not repaired by a reader")
        let header = try JSONReader.parse(try FileIO.readAll(path(l.store, head.seq)).split(separator: 0x0A)[0])
        #expect(header["offset"]?.int64Value == Int64(complete.count))
        #expect(header["kind"]?.stringValue == "replay")
        let (loaded, warnings) = try load(l.store)
        #expect(warnings.isEmpty && loaded.snapshot == head.seq)
        try expectSame(loaded, l.store)
    }

    @Test("snapshot creates Snapshots/, keeps the 3 newest, and leaves the writer's snapshots alone")
    func keepsThreeNewest() throws {
        let l = try TempLedger()
        try FileManager.default.removeItem(atPath: l.store.snapshotsPath)
        try l.append(basics)
        try snapshot(l.store)
        #expect(FileIO.isDirectory(l.store.snapshotsPath))
        try Data("validation snapshot\n".utf8).write(to: URL(fileURLWithPath: l.store.snapshotsPath + "/validation-3.snapshot"))
        var heads: [Int] = []
        for line in Self.everyType.prefix(5) {
            try l.append(line)
            heads.append(try snapshot(l.store).seq)
        }
        #expect(ReplaySnapshot.paths(l.store).map(\.seq) == Array(heads.suffix(3).reversed()))
        #expect(FileIO.exists(l.store.snapshotsPath + "/validation-3.snapshot"))
        // Writing again at the same head replaces the file.
        try snapshot(l.store)
        #expect(ReplaySnapshot.paths(l.store).count == 3)
        let names = try FileManager.default.contentsOfDirectory(atPath: l.store.snapshotsPath)
        #expect(!names.contains { $0.contains(".tmp-") })
    }

    // MARK: - Snapshots that do not match

    /// Damages in several ways; each is ignored with exactly one warning, never deleted by a
    /// view, and the view gets the whole log.
    @Test("a damaged snapshot is ignored with one warning, kept, and the result is unchanged",
          arguments: [("flipped body byte", "its SHA-256 is not the one its header records"), ("flipped hash", "it does not match the log"),
                      ("truncated", "cut short"), ("padded", "cut short or overlong"), ("unknown format", "unknown format 9"),
                      ("not a snapshot", "not a replay snapshot"), ("empty", "not a replay snapshot"),
                      ("wrong seq in header", "its header says seq 2"), ("wrong checksum", "its SHA-256 is not the one its header records"),
                      ("resealed short body", "does not decode")])
    func damaged(_ damage: String, _ why: String) throws {
        let l = try everyTypeLedger()
        let head = try snapshot(l.store)
        try l.append(#"{"type":"activity","member":"lyon","date":"2021","title":"tail"}"#)
        let file = path(l.store, head.seq)
        var bytes = try FileIO.readAll(file)
        let newline = bytes.firstIndex(of: 0x0A)!
        var header = String(decoding: bytes[..<newline], as: UTF8.self)
        let body = Array(bytes[(newline + 1)...])
        switch damage {
        case "flipped body byte": bytes[newline + 1 + body.count / 2] ^= 0x20
        case "flipped hash":
            header = header.replacingOccurrences(of: head.hash.hex, with: String(head.hash.hex.reversed()))
            bytes = Array(header.utf8) + [0x0A] + body
        case "truncated": bytes.removeLast(body.count / 3)
        case "padded": bytes += [0]
        case "unknown format":
            bytes = Array(header.replacingOccurrences(of: #""format":5"#, with: #""format":9"#).utf8) + [0x0A] + body
        case "not a snapshot": bytes = Array("hello\nworld".utf8)
        case "empty": bytes = []
        case "wrong seq in header":
            bytes = Array(header.replacingOccurrences(of: #""seq":\#(head.seq)"#, with: #""seq":2"#).utf8) + [0x0A] + body
        case "resealed short body":
            // Cut short, with a length and SHA-256 that agree: only decoding can tell.
            let short = Array(body.dropLast(7))
            let digest = try #require(try JSONReader.parse(Array(header.utf8))["sha256"]?.stringValue)
            header = header.replacingOccurrences(of: #""length":\#(body.count)"#, with: #""length":\#(short.count)"#)
                .replacingOccurrences(of: digest, with: ReplaySnapshot.seal(short[...]).hex)
            bytes = Array(header.utf8) + [0x0A] + short
        default:
            // Another body's SHA-256 (well formed, wrong).
            let digest = try #require(try JSONReader.parse(Array(header.utf8))["sha256"]?.stringValue)
            bytes = Array(header.replacingOccurrences(of: digest, with: SHA256.hash(Array("another body".utf8)).hex).utf8) + [0x0A] + body
        }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let (loaded, warnings) = try load(l.store)
        #expect(warnings.count == 1, "\(warnings)")
        #expect(warnings.first?.hasPrefix("ignoring Snapshots/replay-\(head.seq).snapshot: ") == true, "\(warnings)")
        #expect(warnings.first?.contains(why) == true, "\(warnings)")
        #expect(loaded.snapshot == nil)
        try expectSame(loaded, l.store)
        #expect(try FileIO.readAll(file) == bytes, "a view never deletes or changes a snapshot")
    }

    @Test("a snapshot from another ledger is ignored with one warning")
    func fromAnotherLedger() throws {
        let l = try everyTypeLedger()
        let other = try TempLedger(name: "another ledger")
        try other.append(basics)
        let theirs = try snapshot(other.store)
        try FileManager.default.copyItem(atPath: path(other.store, theirs.seq), toPath: path(l.store, theirs.seq))
        let (loaded, warnings) = try load(l.store)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("does not match the log") == true, "\(warnings)")
        #expect(loaded.snapshot == nil)
        try expectSame(loaded, l.store)
    }

    @Test("after the log is rewritten, the snapshot is ignored, and an older matching one is used")
    func logRewritten() throws {
        let l = try TempLedger()
        try l.append(basics)
        let older = try snapshot(l.store)
        try l.append(Self.everyType[0])
        let newer = try snapshot(l.store)
        // Rewrite the lines after the older snapshot: another history from there.
        let keep = Array(lines(l.logBytes).prefix(older.seq))
        var rewritten = joined(keep)
        var prev = SHA256.hash(keep[keep.count - 1])
        for line in [#"{"seq":7,"id":"other","type":"member","recorded":"2026-01-01T00:00:09Z","member":"nice","name":"Nice","kind":"city","prev":"PREV"}"#,
                     #"{"seq":8,"id":"other2","type":"member","recorded":"2026-01-01T00:00:09Z","member":"metz","name":"Metz","kind":"city","prev":"PREV"}"#] {
            let bytes = Array(line.replacingOccurrences(of: "PREV", with: prev.hex).utf8)
            rewritten += bytes + [0x0A]
            prev = SHA256.hash(bytes)
        }
        try Data(rewritten).write(to: URL(fileURLWithPath: l.store.logPath))
        let (loaded, warnings) = try load(l.store)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("ignoring Snapshots/replay-\(newer.seq).snapshot: it does not match the log") == true,
                "\(warnings)")
        #expect(loaded.snapshot == older.seq)
        try expectSame(loaded, l.store)

        // The command removes the one that cannot match, and says so.
        var notices: [String] = []
        _ = try ReplaySnapshot.write(l.store, warn: { notices.append($0) }, status: { _ in [] })
        #expect(notices.count == 2 && notices.last == "removed Snapshots/replay-\(newer.seq).snapshot: it does not match the log",
                "\(notices)")
        #expect(ReplaySnapshot.paths(l.store).map(\.seq) == [8, older.seq])
    }

    @Test("a log cut short before the snapshot's position: ignored, not removed by the command")
    func logCutShort() throws {
        let l = try everyTypeLedger()
        let head = try snapshot(l.store)
        let shorter = joined(Array(lines(l.logBytes).prefix(10)))
        try Data(shorter).write(to: URL(fileURLWithPath: l.store.logPath))
        let (loaded, warnings) = try load(l.store)
        #expect(warnings.count == 1 && warnings[0].contains("the log ends before it"), "\(warnings)")
        try expectSame(loaded, l.store)
        var notices: [String] = []
        _ = try ReplaySnapshot.write(l.store, warn: { notices.append($0) }, status: { _ in [] })
        #expect(notices.count == 1)
        #expect(ReplaySnapshot.paths(l.store).map(\.seq) == [head.seq, 10],
                "a position past the end may be a writer's batch this reader has not seen yet: kept")
    }

    @Test("no ledger: 66, and an empty log has nothing to snapshot")
    func errors() throws {
        let missing = LedgerStore(root: NSTemporaryDirectory() + "no-ledger-" + UUID().uuidString)
        #expect(throws: LedgerError.self) { try ReplaySnapshot.write(missing, warn: { _ in }, status: { _ in [] }) }
        do {
            _ = try ReplaySnapshot.write(missing, warn: { _ in }, status: { _ in [] })
        } catch {
            #expect(error.kind == .noLedger)
        }
        let l = try TempLedger()
        try Data().write(to: URL(fileURLWithPath: l.store.logPath))
        do {
            _ = try ReplaySnapshot.write(l.store, warn: { _ in }, status: { _ in [] })
            Issue.record("an empty log was snapshotted")
        } catch {
            #expect(error.kind == .badData)
        }
        #expect(ReplaySnapshot.paths(l.store).isEmpty)
    }
}
