/// Where the whole event of a fact is read back from: the log's lines (mapped), or the
/// events the facts were made from.
public struct LineSource: Sendable {
    private enum Storage: Sendable {
        case events([Event])
        case file(MappedFile, lineStarts: [Int])
    }

    private let storage: Storage

    /// The events themselves (log order, one per fact).
    public init(events: [Event]) { storage = .events(events) }

    /// The lines of a mapped log, starting at `lineStarts` (one per fact).
    public init(file: MappedFile, lineStarts: [Int]) { storage = .file(file, lineStarts: lineStarts) }

    /// How many events there are.
    public var count: Int {
        switch storage {
        case .events(let events): return events.count
        case .file(_, let starts): return starts.count
        }
    }

    /// The event at `index` (0-based, log order), decoded again from its line when needed;
    /// nil if the line no longer decodes (the file changed under the reader).
    public func event(at index: Int) -> Event? {
        switch storage {
        case .events(let events):
            return events[index]
        case .file(let file, let starts):
            return try? EventDecoder.decodeLine(file.line(at: starts[index]), mode: .stored)
        }
    }

    /// The id of the event at `index`: read from its line as the writer writes it
    /// (`writtenID`), else from the line decoded; nil if the line no longer decodes.
    public func id(at index: Int) -> EventID? {
        switch storage {
        case .events(let events):
            return events[index].id
        case .file(let file, let starts):
            // The line read once, whichever way its id is found.
            let line = file.line(at: starts[index])
            if let id = line.withUnsafeBufferPointer({ LineSource.writtenID($0, at: 0) }) { return EventID(id) }
            return (try? EventDecoder.decodeLine(line, mode: .stored))?.id
        }
    }

    /// Calls `body` with the id of each event in `range`, in order: read in place from the
    /// start of its line when the line begins as the writer writes it (`{"seq":N,"id":"`,
    /// then an id with no escape), else from the decoded event (nil when the line does not
    /// decode). An id read in place is not checked: a caller that acts on one decodes its
    /// event. The mapped pages read are handed back as it goes.
    public func forEachID(in range: Range<Int>, _ body: (_ index: Int, _ id: String?) -> Void) {
        switch storage {
        case .events(let events):
            for index in range { body(index, events[index].id.rawValue) }
        case .file(let file, let starts):
            var released = starts[range.lowerBound...].first ?? 0
            for index in range {
                let start = starts[index]
                body(index, LineSource.writtenID(file.bytes, at: start) ?? event(at: index)?.id.rawValue)
                if start - released >= 1 << 26 {
                    file.release(released..<start)
                    released = start
                }
            }
        }
    }

    /// The id of the line at `start` when the line begins `{"seq":N,"id":"` and the id holds
    /// no escape or control character, else nil.
    static func writtenID(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> String? {
        var at = start
        func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard at + count <= bytes.count else { return false }
            for k in 0..<count where bytes[at + k] != literal.utf8Start[k] { return false }
            at += count
            return true
        }
        guard take("{\"seq\":") else { return nil }
        let digits = at
        while at < bytes.count, bytes[at] &- UInt8(ascii: "0") < 10 { at += 1 }
        guard at > digits, take(",\"id\":\"") else { return nil }
        let from = at
        while at < bytes.count, bytes[at] != UInt8(ascii: "\"") {
            if bytes[at] == UInt8(ascii: "\\") || bytes[at] < 0x20 { return nil }
            at += 1
        }
        guard at < bytes.count else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<at]), as: UTF8.self)
    }
}
