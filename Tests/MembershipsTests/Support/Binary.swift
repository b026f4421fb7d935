import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What a run of the `memberships` executable produced.
struct RunResult: Sendable, CustomStringConvertible {
    /// The exit status, or the signal number when `signaled`.
    let status: Int32
    /// True when the process was ended by a signal (then `status` is the signal).
    let signaled: Bool
    let stdoutBytes: [UInt8]
    let stderrBytes: [UInt8]

    var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }

    /// Exited normally with status 0.
    var succeeded: Bool { !signaled && status == 0 }

    /// The head printed as a receipt (`head: seq N <64 hex>`), if any.
    var head: (seq: Int, hash: String)? { Heads.parse(stdout) }

    var description: String {
        "\(signaled ? "signal" : "exit") \(status)\nstdout: \(stdout)\nstderr: \(stderr)"
    }
}

/// Finds the `memberships` executable SwiftPM built for the test target, and runs it.
enum Binary {
    /// The executable's path, or nil when it cannot be found.
    static let located: String? = locate()

    /// The executable's path; fails the test with a clear message when it is missing.
    static func path(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(located, """
            the 'memberships' executable was not found beside the test bundle \
            (looked in the folder of \(CommandLine.arguments.first ?? "?") and its parents up to \
            .build/debug or .build/<triple>/debug, and in \(Package.root)/.build/debug); \
            build it with 'swift build --build-tests'
            """, sourceLocation: sourceLocation)
    }

    /// Looks beside the test bundle: the folder of `CommandLine.arguments[0]` and its parents,
    /// up to the build configuration folder (`.build/debug` or `.build/<triple>/debug`).
    private static func locate() -> String? {
        var starts: [URL] = []
        if let first = CommandLine.arguments.first, !first.isEmpty {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            starts.append(URL(fileURLWithPath: first, relativeTo: cwd).standardizedFileURL.deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL { starts.append(executable.deletingLastPathComponent()) }
        for start in starts {
            var directory = start
            for _ in 0..<6 {
                let candidate = directory.appendingPathComponent("memberships").path
                if isExecutableFile(candidate) { return candidate }
                // Stop at the configuration folder: its parent is `.build` or `.build/<triple>`.
                let parent = directory.deletingLastPathComponent()
                if parent.lastPathComponent == ".build" || parent.deletingLastPathComponent().lastPathComponent == ".build" {
                    break
                }
                if directory.path == "/" { break }
                directory = parent
            }
        }
        // Last resort: the package's own build folder.
        let fallback = Package.root + "/.build/debug/memberships"
        return isExecutableFile(fallback) ? fallback : nil
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    /// The environment a run starts from: this process's, without the variables that
    /// would make a test depend on the caller's shell.
    static func baseEnvironment(adding additions: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["MEMBERSHIPS_LEDGER"] = nil
        environment["MEMBERSHIPS_LOCK_TIMEOUT"] = nil
        environment["MEMBERSHIPS_SNAPSHOT_INTERVAL"] = nil
        for (key, value) in additions { environment[key] = value }
        return environment
    }

    /// Runs `memberships` with `arguments` and waits for it.
    /// - Parameters:
    ///   - stdin: bytes given on standard input (nothing — `/dev/null` — when nil).
    ///   - environment: variables added to (or replacing) the inherited environment.
    ///   - directory: the working directory (default: this process's).
    @discardableResult
    static func run(_ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:],
                    directory: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let running = try start(arguments, stdin: stdin, environment: environment, directory: directory,
                                sourceLocation: sourceLocation)
        return try running.wait()
    }

    /// Starts `memberships` without waiting (for tests that kill it or run several at once).
    static func start(_ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:],
                      directory: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Running {
        try Running(executable: try path(sourceLocation: sourceLocation), arguments: arguments, stdin: stdin,
                    environment: environment, directory: directory)
    }

    /// Runs a `/bin/sh -c script` (with `$MEMBERSHIPS` set to the executable) without waiting.
    static func startShell(_ script: String, environment: [String: String] = [:], directory: String? = nil,
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> Running {
        var environment = environment
        environment["MEMBERSHIPS"] = try path(sourceLocation: sourceLocation)
        return try Running(executable: "/bin/sh", arguments: ["-c", script], stdin: nil,
                           environment: environment, directory: directory)
    }
}

/// A started process whose standard output and error go to files (so a large output can
/// never fill a pipe and block it), read back when it has exited.
final class Running: @unchecked Sendable {
    let process = Process()
    private let scratch: String
    private var collected: RunResult?

    init(executable: String, arguments: [String], stdin: [UInt8]?, environment: [String: String],
         directory: String?) throws {
        scratch = try TemporaryDirectory.makePath(prefix: "memberships-run")
        let outPath = scratch + "/stdout"
        let errPath = scratch + "/stderr"
        guard FileManager.default.createFile(atPath: outPath, contents: nil),
              FileManager.default.createFile(atPath: errPath, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot create \(outPath)"])
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = Binary.baseEnvironment(adding: environment)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true) }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        var input: FileHandle?
        if let stdin {
            let inPath = scratch + "/stdin"
            try Data(stdin).write(to: URL(fileURLWithPath: inPath))
            input = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
            process.standardInput = input
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        defer {
            // The child has its own copies now.
            try? out.close()
            try? err.close()
            try? input?.close()
        }
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw error
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: scratch)
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit and returns what it did.
    func wait() throws -> RunResult {
        if let collected { return collected }
        process.waitUntilExit()
        let signaled = process.terminationReason == .uncaughtSignal
        let result = RunResult(status: process.terminationStatus, signaled: signaled,
                               stdoutBytes: Array(try Data(contentsOf: URL(fileURLWithPath: scratch + "/stdout"))),
                               stderrBytes: Array(try Data(contentsOf: URL(fileURLWithPath: scratch + "/stderr"))))
        collected = result
        try? FileManager.default.removeItem(atPath: scratch)
        return result
    }
}

/// A fresh, empty directory that is deleted (with everything in it) when the value goes away.
///
/// Prefer `withTemporaryDirectory`, which keeps the directory alive for exactly the
/// closure: an object's lifetime may end at its last use, before a child process is done.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init(prefix: String = "memberships-test") throws {
        path = try TemporaryDirectory.makePath(prefix: prefix)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Creates a unique directory under the system's temporary folder (`mkdtemp`).
    static func makePath(prefix: String) throws -> String {
        let base = (ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast())
        template += Array("\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let result = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: result)
        }
        guard let made else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "mkdtemp failed: \(String(cString: strerror(errno)))"])
        }
        return made
    }
}

/// Runs `body` with a fresh temporary directory, deleted afterwards whatever happens.
@discardableResult
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = try TemporaryDirectory()
    return try withExtendedLifetime(directory) { try body(directory.path) }
}

/// The package root, found from this file's path (Support, MembershipsTests, Tests, root).
enum Package {
    static var root: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }
}

/// Reading the `head: seq N <hash>` receipt.
enum Heads {
    /// The last `seq N <64 lowercase hex>` printed in `text` (the receipt line reads
    /// `head: seq N <hash>`).
    static func parse(_ text: String) -> (seq: Int, hash: String)? {
        var found: (seq: Int, hash: String)?
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            for index in words.indices where words[index] == "seq" && index + 2 < words.count {
                guard let seq = Int(words[index + 1]), isHex64(words[index + 2]) else { continue }
                found = (seq, words[index + 2])
            }
        }
        return found
    }

    static func isHex64(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
