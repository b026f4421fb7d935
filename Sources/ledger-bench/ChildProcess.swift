#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation

/// A command run as a whole process, the way a user runs it, with its wall time, exit
/// status and its own peak resident set, and a timeout after which it is killed.
///
/// Why a helper process: Linux counts the parent's pages in a child's `ru_maxrss` (at
/// `execve` the old address space's high-water mark is kept; `posix_spawn` shares the
/// parent's, `fork` copies its anonymous pages), so a 2 MB `wc -l` spawned from this
/// process would report this process's 30 MB or more. So ledger-bench spawns a fresh copy
/// of itself (`__measure`, which does nothing else), that copy `fork`s and `execve`s the
/// command and `wait4`s it, and reports the command's exit status, `ru_maxrss` and the
/// wall time from fork to reaping. Its own small footprint is all the pollution left.
enum ChildProcess {
    struct Result {
        /// Wall-clock seconds from fork to reaping.
        var seconds: Double
        /// The command's peak resident set, in bytes.
        var peakRSS: Int
        /// Exit status, or 128 + the signal that ended it.
        var status: Int32
        var timedOut: Bool
        /// The end of what it wrote on stderr (for a failure's message).
        var stderrTail: String
    }

    static let helperWord = "__measure"

    /// Runs `argv` (argv[0] an absolute path) with stdin from /dev/null and stdout to
    /// `stdout` (/dev/null when nil); stderr is kept in `scratch` for messages.
    static func run(_ argv: [String], stdout: String? = nil, scratch: String, timeout: Double) throws(BenchError) -> Result {
        let errPath = scratch + "/stderr.txt", resultPath = scratch + "/result.txt"
        unlink(resultPath)
        let helper = [executablePath(), helperWord, resultPath, stdout ?? "/dev/null", errPath, "--"] + argv
        let cArgs: [UnsafeMutablePointer<CChar>?] = helper.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        // Its own process group, so a timeout kills the helper and the command together.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var pid: pid_t = 0
        let start = Timing.now()
        let rc = posix_spawn(&pid, helper[0], nil, &attributes, cArgs, environ)
        guard rc == 0 else { throw BenchError("cannot run \(helper[0]): \(String(cString: strerror(rc)))") }
        let group = pid
        let killer = DispatchWorkItem { kill(-group, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        var status: Int32 = 0
        while waitpid(group, &status, 0) < 0 {
            if errno != EINTR { throw BenchError("waitpid failed: \(String(cString: strerror(errno)))") }
        }
        let elapsed = Timing.now() - start
        killer.cancel()

        var tail = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        if tail.count > 600 { tail = "…" + tail.suffix(600) }
        tail = tail.trimmingCharacters(in: .whitespacesAndNewlines)
        let fields = ((try? String(contentsOfFile: resultPath, encoding: .utf8)) ?? "").split(separator: " ")
        guard fields.count == 3, let exit = Int32(fields[0]), let kilobytes = Int(fields[1]),
              let seconds = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            if elapsed >= timeout { return Result(seconds: elapsed, peakRSS: 0, status: 137, timedOut: true, stderrTail: tail) }
            throw BenchError("the measuring helper failed for \(argv[0]) (wait status \(status)): \(tail)")
        }
        return Result(seconds: seconds, peakRSS: kilobytes * 1024, status: exit, timedOut: false, stderrTail: tail)
    }

    /// `ledger-bench __measure RESULT STDOUT STDERR -- COMMAND…`: forks, runs COMMAND with
    /// stdin /dev/null and the given stdout and stderr, reaps it, and writes
    /// `EXIT MAXRSS_KB SECONDS` to RESULT. Uses nothing but system calls.
    static func measureMain(_ args: [String]) -> Int32 {
        guard args.count >= 6, args[4] == "--" else { return 64 }
        let command = Array(args[5...])
        let cArgs: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        let input = open("/dev/null", O_RDONLY)
        let output = open(args[2], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let errors = open(args[3], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard input >= 0, output >= 0, errors >= 0 else { return 74 }
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let start = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        let pid = fork()
        if pid == 0 {
            dup2(input, 0)
            dup2(output, 1)
            dup2(errors, 2)
            execve(cArgs[0]!, cArgs, environ)
            _exit(127)
        }
        guard pid > 0 else { return 71 }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return 71 }
        }
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let seconds = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9 - start
        // Decode the wait status by hand (the W* macros are not imported into Swift).
        let signal = status & 0x7F
        let exit = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        let line = "\(exit) \(usage.ru_maxrss) \(seconds)\n"
        let fd = open(args[1], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return 74 }
        _ = line.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        return 0
    }

    /// The absolute path of `name` on `$PATH`, or nil.
    static func which(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// This executable's own path (`/proc/self/exe`).
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
