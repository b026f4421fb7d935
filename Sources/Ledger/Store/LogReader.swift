/// Reads the events of a log, for views and for rebuilding state.
public enum LogReader {
    /// The complete lines of the log as events, and the head they end at.
    /// A torn final line is left out (it was never acknowledged).
    ///
    /// Lines are independent, so large logs are decoded in pieces on every core.
    /// - Parameter firstLine: the line number of the first byte's line (for reading a tail).
    /// - Throws: `.badData` at the first line that is not a valid stored event, or whose
    ///   `seq` is not its position, with a hint to run `verify`.
    /// - Complexity: O(n) in the bytes.
    public static func events(in bytes: [UInt8], file: String, firstLine: Int = 1) throws(LedgerError) -> (events: [Event], head: Head) {
        let lines = LogLines.split(bytes).filter(\.terminated)
        guard !lines.isEmpty else { return ([], .empty) }
        let results = bytes.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            return Parallel.map(lines.count) { range in
                Result { () throws(LedgerError) in
                    try decodeLines(lines[range], in: buffer, file: file, firstLine: firstLine)
                }
            }
        }
        var events: [Event] = []
        events.reserveCapacity(lines.count)
        for result in results { events.append(contentsOf: try result.get()) }
        // Only the last line's hash is needed: the head.
        let last = lines[lines.count - 1]
        let hash = bytes.withUnsafeBufferPointer { SHA256.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: $0[last.range]))) }
        return (events, Head(seq: events[events.count - 1].seq, hash: hash))
    }

    private static func decodeLines(_ lines: ArraySlice<LogLine>, in buffer: UnsafeBufferPointer<UInt8>, file: String,
                                    firstLine: Int) throws(LedgerError) -> [Event] {
        var events: [Event] = []
        events.reserveCapacity(lines.count)
        for line in lines {
            let number = line.number + firstLine - 1
            let slice = UnsafeBufferPointer(rebasing: buffer[line.range])
            let event: Event
            do {
                event = try EventDecoder.decodeLine(slice, mode: .stored)
            } catch {
                throw LedgerError(.badData, error.message, file: file, line: number,
                                  hint: "run 'memberships verify' for every problem")
            }
            guard event.seq == number else {
                throw LedgerError(.badData, "seq \(event.seq) where \(number) was expected", file: file,
                                  line: number, hint: "run 'memberships verify' for every problem")
            }
            events.append(event)
        }
        return events
    }
}
