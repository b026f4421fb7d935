/// Where a long pass over the log says how far it has got, for whoever shows it (the
/// command line draws one updating line on a terminal). The library itself shows nothing.
///
/// Passes report every few thousand lines, never per line, and may report from several
/// threads at once: an implementation must be thread-safe and cheap.
public protocol ProgressSink: Sendable {
    /// A pass over `total` lines begins; `stage` says what it does ("reading", "checking").
    func begin(_ stage: String, total: Int)
    /// `lines` more lines of the current pass are done.
    func advance(_ lines: Int)
}
