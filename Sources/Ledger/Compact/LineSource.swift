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
}
