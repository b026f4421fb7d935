#if canImport(Glibc)
import Glibc
#endif
import Ledger

/// `git-setup [--on-path]`: makes git merge the ledger's log with `merge-driver` (SPEC §10):
/// `.gitattributes` in the ledger gets `Events/ledger.jsonl merge=memberships` (once), and the
/// repository's local git config gets `merge.memberships.name` and `merge.memberships.driver`.
///
/// The driver command names this executable by its absolute path (`/proc/self/exe`), so it
/// works when `memberships` is not on `PATH` (a `swift build` binary); `--on-path` writes
/// plain `memberships` instead, for a team whose machines install it at different places.
/// Exit 66 without a ledger, 64 outside a git work tree, 69 without `git`.
struct GitSetupCommand: Command {
    let onPath: Bool

    static let valued: [String] = []
    static var switches: [String] { ["on-path"] }

    static let attribute = "Events/ledger.jsonl merge=memberships"

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(0, 0, command: "git-setup", what: "")
        onPath = args.has("on-path")
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        guard let git = Subprocess.locate("git") else {
            throw LedgerError(.unavailable, "git was not found on PATH; git-setup needs it",
                              hint: "install git (Debian, Ubuntu: 'apt-get install git')")
        }
        let store = context.store
        try store.requireLedger()
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let inside = try Subprocess.run(git, ["-C", store.root, "rev-parse", "--is-inside-work-tree"], scratch: scratch)
        guard inside.succeeded else {
            throw LedgerError(.usage, "\(Console.safe(store.root)) is not in a git work tree",
                              hint: "run 'git init' there first, or pass --ledger DIR")
        }

        // .gitattributes beside Events/: its patterns are relative to its own folder.
        let attributes = store.root + "/.gitattributes"
        var text = FileIOText.read(attributes)
        let present = text.split(separator: "\n").contains { $0.trimmingCharacters() == Self.attribute }
        if present {
            context.console.out(".gitattributes already has '\(Self.attribute)'")
        } else {
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += Self.attribute + "\n"
            try OutputFile.write(Array(text.utf8), to: attributes)
            context.console.out(".gitattributes: added '\(Self.attribute)'")
        }

        let driver = (onPath ? "memberships" : Self.shellQuoted(Self.executablePath() ?? "memberships"))
            + " merge-driver %O %A %B"
        for (key, value) in [("merge.memberships.name", "memberships ledger: append the other side's new events"),
                             ("merge.memberships.driver", driver)] {
            let run = try Subprocess.run(git, ["-C", store.root, "config", key, value], scratch: scratch)
            guard run.succeeded else {
                throw LedgerError(.io, "git config \(key) failed (exit \(run.status)): "
                                  + Console.safe(String(decoding: run.stderr, as: UTF8.self)))
            }
        }
        context.console.out("git config merge.memberships.driver = \(Console.safe(driver))")
        return 0
    }

    /// The running executable's absolute path.
    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A word for `sh` (git runs the driver through the shell): single-quoted unless plain.
    static func shellQuoted(_ word: String) -> String {
        let plain = word.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || "/._-+".utf8.contains(c)
        }
        return plain ? word : "'" + word.replacingAll("'", with: "'\\''") + "'"
    }
}

/// A small text file's content, empty when it does not exist or cannot be read.
enum FileIOText {
    static func read(_ path: String) -> String {
        guard let bytes = try? InputFile.read(path) else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Substring {
    func trimmingCharacters() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return s
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
