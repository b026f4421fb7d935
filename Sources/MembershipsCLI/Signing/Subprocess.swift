#if canImport(Glibc)
import Glibc
#endif
import Ledger

/// Running another program (`ssh-keygen`) with its standard streams in files, and a
/// scratch folder for the files it reads and writes.
///
/// `posix_spawn`, not Foundation's `Process`: the tool keeps Foundation out, and files
/// rather than pipes mean a chatty child can never block on a full pipe.
enum Subprocess {
    /// What a run did.
    struct Result {
        /// The exit status, or 128 + the signal when the child was killed.
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var succeeded: Bool { status == 0 }
    }

    /// The path of the executable `name` on `$PATH` (`/bin:/usr/bin` when unset), or nil.
    static func locate(_ name: String) -> String? {
        let path = CLI.environment("PATH") ?? "/bin:/usr/bin"
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// Runs `executable` with `arguments`, standard input from `stdinPath` (or `/dev/null`),
    /// output collected through files in `scratch`; waits for it.
    /// - Throws: `.io` (74) when it cannot be started or its output cannot be read.
    static func run(_ executable: String, _ arguments: [String], stdinPath: String? = nil,
                    scratch: ScratchFolder) throws(LedgerError) -> Result {
        let outPath = scratch.path + "/.stdout", errPath = scratch.path + "/.stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw LedgerError(.io, "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw LedgerError(.io, "waiting for \(executable): \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return Result(status: code, stdout: try scratch.read(outPath), stderr: try scratch.read(errPath))
    }
}

/// A fresh folder under `$TMPDIR` (or `/tmp`), readable by its owner only, removed with
/// everything in it by `remove()`.
final class ScratchFolder {
    let path: String
    private var files: [String] = [".stdout", ".stderr"]

    /// Creates the folder.
    /// - Throws: `.io` (74) when it cannot.
    init() throws(LedgerError) {
        let base = CLI.environment("TMPDIR") ?? "/tmp"
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast())
        template += Array("memberships-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let result = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: result)
        }
        guard let made else {
            throw LedgerError(.io, "cannot create a temporary folder in \(base): \(String(cString: strerror(errno)))")
        }
        path = made
    }

    /// Writes `bytes` to `name` in the folder and returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws(LedgerError) -> String {
        let file = path + "/" + name
        files.append(name)
        try OutputFile.write(bytes, to: file)
        return file
    }

    /// The bytes of a file in the folder (empty when there is none).
    func read(_ file: String) throws(LedgerError) -> [UInt8] {
        guard access(file, F_OK) == 0 else { return [] }
        return try InputFile.read(file)
    }

    /// Notes a file a child writes there, so that `remove()` removes it.
    func expect(_ name: String) -> String {
        files.append(name)
        return path + "/" + name
    }

    /// Removes the files it knows of and the folder.
    func remove() {
        for name in files { unlink(path + "/" + name) }
        rmdir(path)
    }
}
