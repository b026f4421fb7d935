/// Large values a command is done with but leaves for the process's exit to reclaim.
///
/// A full replay of a million events leaves millions of heap blocks (the events' strings,
/// tables, rows); freeing them one by one costs about a twentieth of the command's time, and
/// the process exits right after anyway, handing every page back at once. The CLI is a
/// one-shot process, so holding them here loses nothing. Only the CLI uses this: the
/// library's values free themselves as usual.
enum HeldUntilExit {
    nonisolated(unsafe) private static var values: [Any] = []

    /// Keeps `value` (and whatever it references) alive until the process exits.
    static func hold(_ value: Any) {
        values.append(value)
    }
}
