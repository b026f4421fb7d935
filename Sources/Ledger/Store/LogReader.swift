/// Reads the events of a log, for views and for rebuilding state.
public enum LogReader {
    /// The complete lines of the log as events, and the head they end at.
    /// A torn final line is left out (it was never acknowledged).
    /// - Throws: `.badData` at the first line that is not a valid stored event, or whose
    ///   `seq` is not its position, with a hint to run `verify`.
    /// - Parameter firstLine: the line number of the first byte's line (for reading a tail).
    public static func events(in bytes: [UInt8], file: String, firstLine: Int = 1) throws(LedgerError) -> (events: [Event], head: Head) {
        var events: [Event] = []
        var head = Head.empty
        var lastRange: Range<Int>?
        let lines = LogLines.split(bytes)
        try bytes.withUnsafeBufferPointer { (buffer) throws(LedgerError) in
            for split in lines where split.terminated {
                let line = LogLine(number: split.number + firstLine - 1, range: split.range, terminated: true)
                let slice = UnsafeBufferPointer(rebasing: buffer[line.range])
                let event: Event
                do {
                    event = try EventDecoder.decode(try JSONReader.parse(slice), mode: .stored)
                } catch let error as JSONError {
                    throw LedgerError(.badData, "invalid JSON: \(error)", file: file, line: line.number,
                                      hint: "run 'memberships verify' for every problem")
                } catch let error as EventError {
                    throw LedgerError(.badData, error.message, file: file, line: line.number,
                                      hint: "run 'memberships verify' for every problem")
                } catch {
                    throw LedgerError(.badData, "\(error)", file: file, line: line.number)
                }
                guard event.seq == line.number else {
                    throw LedgerError(.badData, "seq \(event.seq) where \(line.number) was expected", file: file,
                                      line: line.number, hint: "run 'memberships verify' for every problem")
                }
                events.append(event)
                lastRange = line.range
            }
            // Only the last line's hash is needed: the head.
            if let lastRange, let last = events.last {
                head = Head(seq: last.seq, hash: SHA256.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[lastRange]))))
            }
        }
        return (events, head)
    }
}
