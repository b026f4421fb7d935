#if canImport(Glibc)
import Glibc
#endif

/// What a writer needs, brought up to the head of the log: the head, the
/// validation state, and the log's size.
struct WriterState {
    var head: Head
    var validator: Validator
    var logSize: Int
    let fd: Int32
    let path: String

    /// Every event of the log (for amendments, which re-check the whole record).
    func loadHistory() throws(LedgerError) -> [Event] {
        if let history = validator.history { return history }
        let bytes = try FileIO.read(fd: fd, offset: 0, count: logSize, path: path)
        return try LogReader.events(in: bytes, file: LedgerStore.logName).events
    }
}

/// Brings the validation state up to the head of the log.
enum IndexCache {
    /// Reads the log and folds it into a fresh validator.
    static func load(store: LedgerStore, fd: Int32) throws(LedgerError) -> WriterState {
        let size = FileIO.size(fd: fd)
        let bytes = try FileIO.read(fd: fd, offset: 0, count: size, path: store.logPath)
        let (events, head) = try LogReader.events(in: bytes, file: LedgerStore.logName)
        var validator = Validator()
        for event in events {
            do {
                try validator.admit(event)
            } catch {
                throw LedgerError(.badData, "the log does not verify: \(error.message)", file: LedgerStore.logName,
                                  line: event.seq, hint: "run 'memberships verify' for every problem")
            }
        }
        return WriterState(head: head, validator: validator, logSize: size, fd: fd, path: store.logPath)
    }

    /// Saves the state for the next writer.
    static func save(_ state: WriterState, store: LedgerStore) {}
}
