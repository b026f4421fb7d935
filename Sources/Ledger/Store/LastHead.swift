#if canImport(Glibc)
import Glibc
#endif

/// The head a writer acknowledged last (SPEC §10), kept in `Snapshots/last-head`: its seq,
/// the SHA-256 of its line, its id, a digest of its content (every field but `seq`,
/// `recorded` and `prev`) and where the line starts.
///
/// When line S no longer hashes to it, either the line was edited by hand (the same id
/// with other content: nothing may be built on it) or the log was replaced by another
/// ledger's (a git checkout, pull or merge, a restored backup: caches are rebuilt, and the
/// log must verify). Like every file in `Snapshots/`, it is a cache: missing or malformed,
/// it is ignored.
struct LastHead: Equatable {
    var seq: Int
    var hash: SHA256Digest
    var id: EventID
    var content: SHA256Digest
    var offset: Int

    static let fileName = "last-head"

    /// What the log says of the last head.
    enum Finding: Equatable {
        /// Line S is as acknowledged (or there is no last head).
        case unchanged
        /// Line S holds the same id with other content.
        case edited(line: Int, id: EventID)
        /// Line S is another event, or gone: the log was replaced.
        case replaced
    }

    /// The last head of the log `line` ends, starting at `offset`.
    init(event: Event, line: [UInt8], offset: Int) {
        seq = event.seq
        hash = SHA256.hash(line)
        id = event.id
        content = SHA256.hash(EventEncoder.content(event))
        self.offset = offset
    }

    init(seq: Int, hash: SHA256Digest, id: EventID, content: SHA256Digest, offset: Int) {
        self.seq = seq
        self.hash = hash
        self.id = id
        self.content = content
        self.offset = offset
    }

    static func path(_ store: LedgerStore) -> String { store.snapshotsPath + "/" + fileName }

    /// The saved last head, if there is a readable one.
    static func load(_ store: LedgerStore) -> LastHead? {
        guard let bytes = try? FileIO.readAll(path(store)), let json = try? JSONReader.parse(bytes),
              let seq = json["seq"]?.int64Value, seq >= 1, seq < Int64(Int32.max),
              let hash = json["hash"]?.stringValue.flatMap(SHA256Digest.init(hex:)),
              let id = json["id"]?.stringValue, TextRules.isEventID(id),
              let content = json["content"]?.stringValue.flatMap(SHA256Digest.init(hex:)),
              let offset = json["offset"]?.int64Value, offset >= 0 else { return nil }
        return LastHead(seq: Int(seq), hash: hash, id: EventID(id), content: content, offset: Int(offset))
    }

    /// Saves it (a cache: a failure is ignored; the next writer simply has no last head).
    func save(_ store: LedgerStore) {
        guard FileIO.isDirectory(store.snapshotsPath) else { return }
        let json = JSONValue.object([
            JSONMember("seq", .number(String(seq))), JSONMember("hash", .string(hash.hex)),
            JSONMember("id", .string(id.rawValue)), JSONMember("content", .string(content.hex)),
            JSONMember("offset", .number(String(offset))),
        ])
        let final = LastHead.path(store)
        let temporary = final + ".tmp-\(getpid())"
        guard (try? FileIO.writeNewFile(temporary, JSONWriter.encode(json) + [0x0A], exclusive: false)) != nil,
              rename(temporary, final) == 0 else { unlink(temporary); return }
    }

    /// What line S of the log says: `lineAt` reads the line starting at an offset (nil past
    /// the end).
    func check(lineAt: (Int) -> [UInt8]?) -> Finding {
        guard let line = lineAt(offset) else { return .replaced }
        if SHA256.hash(line) == hash { return .unchanged }
        guard let event = try? EventDecoder.decodeLine(line, mode: .stored), event.seq == seq, event.id == id else {
            return .replaced
        }
        // The same event re-appended elsewhere differs in `recorded` and `prev` only.
        return SHA256.hash(EventEncoder.content(event)) == content ? .replaced : .edited(line: seq, id: id)
    }

    /// The error for an edited line.
    static func editedError(line: Int, id: EventID) -> LedgerError {
        LedgerError(.badData, "line \(line) ('\(id)') was edited by hand after this ledger acknowledged it: its content no longer matches what was written; nothing is built on an edited line",
                    file: LedgerStore.logName, line: line,
                    hint: "restore the line as it was (from git or a backup), and record the change as a 'correction'")
    }
}
