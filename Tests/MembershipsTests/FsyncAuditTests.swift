import Foundation
import Testing
@testable import Ledger

#if canImport(Glibc)
import Glibc
#endif

/// Durability, read from the system calls (SPEC §7): every command that writes is run under
/// `strace`, and the trace must show, before the acknowledgement (the first write to
/// standard output, where the head is printed), an `fsync` of each file it wrote after its
/// last write — and, when the file was created or renamed into place, an `fsync` of its
/// folder after that.
///
/// Needs `strace` (`apt-get install strace`): skipped without it, except with `CI=true`,
/// where it fails.
@Suite("fsync audit", .serialized)
struct FsyncAuditTests {
    static let strace: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = String(directory) + "/strace"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()
    static var ci: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static let missing = "strace is not installed: the fsync audit needs it (apt-get install strace)"

    // MARK: - Reading a trace

    /// One system call as `strace -f -y` printed it, with the paths it names resolved.
    struct Call {
        var index: Int
        /// The process (or thread) that made it.
        var pid = ""
        var name: String
        var args: String
        var result: String
        /// The path of the file descriptor in the first argument (`3</a/b>`), if any.
        var fdPath: String?
        /// The quoted paths among the arguments, made absolute against their directory fd.
        var paths: [String]
        /// The path of the file descriptor returned (`openat` … `= 5</a/b>`), if any.
        var resultPath: String?
        var ok: Bool { !result.hasPrefix("-1") && !result.hasPrefix("?") }
        var isStdout: Bool { (name == "write" || name == "pwrite64") && (args.hasPrefix("1<") || args.hasPrefix("1,")) }
    }

    struct Trace {
        var calls: [Call]
        /// The first write to standard output by the command itself (not by a child such as
        /// git): where it acknowledges.
        var ack: Int? {
            guard let main = calls.first?.pid else { return nil }
            return calls.first { $0.isStdout && $0.pid == main }?.index
        }
    }

    /// The text between `<` and `>` starting at `start` (a `<` in `text`), and the index after it.
    private static func angled(_ text: [Character], from start: Int) -> (String, Int) {
        var end = start + 1
        while end < text.count && text[end] != ">" { end += 1 }
        return (String(text[(start + 1)..<min(end, text.count)]), end + 1)
    }

    static func parseCall(_ text: String, index: Int, cwd: String) -> Call? {
        // `NAME(ARGS) = RESULT`; a call resumed after another thread's line is padded with
        // spaces before its `=` (`<... fsync resumed>)              = 0`).
        guard let open = text.firstIndex(of: "("), let equals = text.range(of: " = ", options: .backwards) else { return nil }
        var close = equals.lowerBound
        while close > open && text[text.index(before: close)] == " " { close = text.index(before: close) }
        guard close > open, text[text.index(before: close)] == ")" else { return nil }
        let name = String(text[..<open])
        let args = String(text[text.index(after: open)..<text.index(before: close)])
        let result = String(text[equals.upperBound...])
        let characters = Array(args)
        var fdPath: String?
        var paths: [String] = []
        var base = cwd
        var i = 0
        var first = true
        while i < characters.count {
            let c = characters[i]
            if c == "<" {
                let (path, next) = angled(characters, from: i)
                if first && fdPath == nil { fdPath = path }
                base = path
                i = next
                continue
            }
            if c == "\"" {
                var value = ""
                i += 1
                while i < characters.count && characters[i] != "\"" {
                    if characters[i] == "\\", i + 1 < characters.count { value.append(characters[i + 1]); i += 2; continue }
                    value.append(characters[i])
                    i += 1
                }
                paths.append(value.hasPrefix("/") ? value : base + "/" + value)
                base = cwd
            }
            if c == "," { first = false }
            i += 1
        }
        var resultPath: String?
        if let lt = result.firstIndex(of: "<"), let gt = result.lastIndex(of: ">"), lt < gt {
            resultPath = String(result[result.index(after: lt)..<gt])
        }
        return Call(index: index, name: name, args: args, result: result, fdPath: fdPath, paths: paths, resultPath: resultPath)
    }

    /// The calls of an `strace -f -o` file, in the order they completed (an `<unfinished …>`
    /// call is joined to its `<… resumed>` line).
    static func parse(_ text: String, cwd: String) -> Trace {
        var pending: [Substring: String] = [:]
        var calls: [Call] = []
        for raw in text.split(separator: "\n") {
            var line = raw[...]
            let pid = line.prefix { $0.isNumber }
            line = line.dropFirst(pid.count).drop { $0 == " " }
            if line.hasPrefix("+++") || line.hasPrefix("---") { continue }
            var whole: String
            if line.hasSuffix("<unfinished ...>") {
                pending[pid] = String(line.dropLast("<unfinished ...>".count))
                continue
            } else if line.hasPrefix("<... "), let resumed = line.range(of: " resumed>") {
                whole = (pending.removeValue(forKey: pid) ?? "") + String(line[resumed.upperBound...])
            } else {
                whole = String(line)
            }
            if var call = parseCall(whole, index: calls.count, cwd: cwd) {
                call.pid = String(pid)
                calls.append(call)
            }
        }
        return Trace(calls: calls)
    }

    // MARK: - Running

    /// Runs `memberships arguments…` under strace in `directory`.
    static func traced(_ arguments: [String], in directory: String, stdin: [UInt8]? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> (RunResult, Trace) {
        let strace = try #require(Self.strace, Comment(rawValue: missing), sourceLocation: sourceLocation)
        let output = directory + "/strace.out"
        let running = try Running(executable: strace,
                                  arguments: ["-f", "-y", "-o", output,
                                              "-e", "trace=%file,write,pwrite64,fsync,fdatasync,rename,link,ftruncate",
                                              try Binary.path(sourceLocation: sourceLocation)] + arguments,
                                  stdin: stdin, environment: [:], directory: directory)
        let result = try running.wait()
        let text = try String(contentsOfFile: output, encoding: .utf8)
        try FileManager.default.removeItem(atPath: output)
        return (result, parse(text, cwd: directory))
    }

    /// A file or folder the command must make durable; `created`: it must also be created
    /// (or renamed into place) by the command.
    struct Target {
        var path: String
        var created: Bool
    }

    static let renames: Set<String> = ["rename", "renameat", "renameat2", "link", "linkat"]
    static let writes: Set<String> = ["write", "pwrite64", "ftruncate"]
    static let syncs: Set<String> = ["fsync", "fdatasync"]

    static func parent(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "/" : folder
    }

    /// Checks the trace for each target: synced after its last write, its folder synced after
    /// it was created or renamed into place, both before the acknowledgement.
    static func expectDurable(_ trace: Trace, _ targets: [Target], _ label: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        guard let ack = trace.ack else {
            Issue.record("\(label): nothing was written to standard output", sourceLocation: sourceLocation)
            return
        }
        let before = trace.calls.prefix(ack)
        for target in targets {
            var names: Set<String> = [target.path]
            for call in before where renames.contains(call.name) && call.ok && call.paths.count >= 2 && call.paths[1] == target.path {
                names.insert(call.paths[0])
            }
            let isFolder = before.contains { $0.name.hasPrefix("mkdir") && $0.ok && $0.paths.first == target.path }
            if !isFolder {
                let lastWrite = before.last { writes.contains($0.name) && $0.fdPath.map(names.contains) == true }
                guard let lastWrite else {
                    Issue.record("\(label): \(target.path) was not written before the acknowledgement", sourceLocation: sourceLocation)
                    continue
                }
                let synced = before.contains { syncs.contains($0.name) && $0.ok && $0.fdPath.map(names.contains) == true
                    && $0.index > lastWrite.index }
                #expect(synced, "\(label): no fsync of \(target.path) after its last write (\(lastWrite.name) #\(lastWrite.index)) and before the acknowledgement (#\(ack))",
                        sourceLocation: sourceLocation)
            }
            let creation = before.last { call in
                guard call.ok else { return false }
                if renames.contains(call.name) { return call.paths.count >= 2 && call.paths[1] == target.path }
                if call.name.hasPrefix("mkdir") { return call.paths.first == target.path }
                if call.name == "openat" || call.name == "open" { return call.args.contains("O_EXCL") && call.resultPath == target.path }
                return false
            }
            #expect((creation != nil) == target.created,
                    "\(label): \(target.path) was \(creation == nil ? "not " : "")created or renamed into place",
                    sourceLocation: sourceLocation)
            if let creation {
                let folder = parent(target.path)
                let synced = before.contains { syncs.contains($0.name) && $0.ok && $0.fdPath == folder && $0.index > creation.index }
                #expect(synced, "\(label): \(target.path) was created (\(creation.name) #\(creation.index)) but its folder \(folder) was not synced before the acknowledgement (#\(ack))",
                        sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: - The commands that write

    static let commands = ["init", "append (flags)", "append --file (a batch)", "append after a torn tail", "repair",
                           "import .jsonl", "import .csv", "snapshot", "snapshot without Snapshots/", "export --to",
                           "report --html", "merge-driver", "git-setup"]

    @Test("each command that writes syncs what it wrote, and the folder of what it created, before it prints the head",
          .enabled(if: strace != nil || ci, Comment(rawValue: missing)), arguments: commands)
    func audit(_ command: String) throws {
        try withTemporaryDirectory { scratch in
            // Paths as the kernel names them (strace -y prints resolved paths).
            let dir = try #require(realpath(scratch, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            })
            try Self.audit(command, in: dir)
        }
    }

    private static func audit(_ command: String, in dir: String) throws {
        if command == "init" {
            let root = dir + "/new"
            let (result, trace) = try traced(["init", root, "--name", "Audited"], in: dir)
            try #require(result.succeeded, "\(result)")
            expectDurable(trace, [Target(path: root + "/Events/ledger.jsonl", created: true),
                                  Target(path: root + "/Events", created: true), Target(path: root, created: true)], command)
            return
        }
        let fixture = try LedgerFixture.make(in: dir)
        let log = Target(path: fixture.logPath, created: false)
        var arguments = ["--ledger", fixture.root]
        var targets = [log]
        var stdin: [UInt8]?
        var torn = false
        switch command {
        case "append (flags)":
            arguments += ["append", "activity", "--member", "paris", "--date", "2016", "--title", "audited"]
        case "append --file (a batch)":
            let input = try fixture.writeInput("batch.jsonl", lines: (1...20).map {
                #"{"type":"activity","member":"paris","date":"2016","title":"audited \#($0)"}"#
            })
            arguments += ["append", "--file", input]
        case "append after a torn tail", "repair":
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.logPath))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"seq":5,"id":"torn""#.utf8))
            try handle.close()
            torn = true
            if command == "repair" {
                arguments += ["repair"]
            } else {
                arguments += ["append"]
                stdin = Array((#"{"type":"activity","member":"paris","date":"2016","title":"after"}"# + "\n").utf8)
            }
        case "import .jsonl":
            let input = try fixture.writeInput("events.jsonl", lines: [#"{"id":"m-lyon","type":"member","member":"lyon","name":"Lyon","kind":"city"}"#])
            arguments += ["import", input]
        case "import .csv":
            let input = try fixture.writeInput("events.csv", Array("type,id,member,name,kind\nmember,m-oslo,oslo,Oslo,city\n".utf8))
            arguments += ["import", input]
        case "snapshot", "snapshot without Snapshots/":
            if command != "snapshot" {
                try FileManager.default.removeItem(atPath: fixture.root + "/Snapshots")
                targets = [Target(path: fixture.root + "/Snapshots", created: true)]
            } else {
                targets = []
            }
            targets.append(Target(path: fixture.root + "/Snapshots/replay-4.snapshot", created: true))
            arguments += ["snapshot"]
        case "export --to":
            targets = [Target(path: dir + "/export.csv", created: true)]
            arguments += ["export", "--log", "--to", dir + "/export.csv"]
        case "report --html":
            targets = [Target(path: dir + "/report.html", created: true)]
            arguments += ["report", "--html", dir + "/report.html"]
        case "merge-driver":
            // OURS is this ledger's log plus one event; THEIRS another copy plus another event.
            let base = try fixture.writeInput("base.jsonl", try fixture.logBytes())
            let theirs = LedgerFixture(workspace: dir, root: dir + "/theirs")
            try FileManager.default.createDirectory(atPath: theirs.eventsPath, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: base, toPath: theirs.logPath)
            for (side, title) in [(fixture, "ours"), (theirs, "theirs")] {
                let appended = try side.run(["append", "activity", "--member", "paris", "--date", "2016", "--title", title])
                try #require(appended.succeeded, "\(appended)")
            }
            let ours = try fixture.writeInput("ours.jsonl", try fixture.logBytes())
            targets = [Target(path: ours, created: true)]
            arguments = ["merge-driver", base, ours, theirs.logPath]
        case "git-setup":
            guard Git.path != nil || ci else { return }
            try Git.run(["init", "-q"], in: fixture.root)
            targets = [Target(path: fixture.root + "/.gitattributes", created: true)]
            arguments += ["git-setup"]
        default:
            Issue.record("unknown command \(command)")
            return
        }
        let (result, trace) = try traced(arguments, in: dir, stdin: stdin)
        try #require(result.succeeded, "\(command): \(result)")
        if torn {
            let quarantined = try fixture.tornFiles()
            try #require(quarantined.count == 1, "\(command): \(quarantined)")
            targets.append(Target(path: quarantined[0], created: true))
        }
        expectDurable(trace, targets, command)
    }

    // MARK: - The audit itself can fail

    @Test("the audit notices a missing fsync, a missing folder sync, and a sync after the acknowledgement")
    func auditCanFail() {
        let cwd = "/w"
        func trace(_ lines: [String]) -> Trace { Self.parse(lines.map { "100 " + $0 }.joined(separator: "\n"), cwd: cwd) }
        let write = #"write(3</w/l/Events/ledger.jsonl>, "{\"seq\":5}\n", 10) = 10"#
        let sync = #"fsync(3</w/l/Events/ledger.jsonl>) = 0"#
        let ack = #"write(1</dev/pts/0>, "head: seq 5 ab\n", 15) = 15"#
        let log = [Target(path: "/w/l/Events/ledger.jsonl", created: false)]
        // Passes: write, fsync, then the head.
        let good = trace([write, sync, ack])
        #expect(good.ack == 2 && good.calls[0].fdPath == "/w/l/Events/ledger.jsonl")
        withKnownIssue("no fsync") { Self.expectDurable(trace([write, ack]), log, "no fsync") }
        withKnownIssue("fsync after the head") { Self.expectDurable(trace([write, ack, sync]), log, "late fsync") }
        // A file renamed into place whose folder is not synced; then one whose folder is.
        let renamed = [#"openat(AT_FDCWD</w>, "out.csv.tmp-1", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = 4</w/out.csv.tmp-1>"#,
                       #"write(4</w/out.csv.tmp-1>, "a,b\n", 4) = 4"#, #"fsync(4</w/out.csv.tmp-1>) = 0"#,
                       #"rename("/w/out.csv.tmp-1", "/w/out.csv") = 0"#]
        let out = [Target(path: "/w/out.csv", created: true)]
        withKnownIssue("no folder sync") { Self.expectDurable(trace(renamed + [ack]), out, "no folder sync") }
        let folderSync = [#"openat(AT_FDCWD</w>, "/w", O_RDONLY|O_DIRECTORY|O_CLOEXEC) = 5</w>"#, #"fsync(5</w>) = 0"#]
        Self.expectDurable(trace(renamed + folderSync + [ack]), out, "folder synced")
        // An unfinished call joined to its resumed line, in completion order.
        let split = Self.parse("100 fsync(3</w/l/Events/ledger.jsonl> <unfinished ...>\n101 write(2</dev/null>, \"x\", 1) = 1\n100 <... fsync resumed>) = 0", cwd: cwd)
        #expect(split.calls.map(\.name) == ["write", "fsync"] && split.calls[1].fdPath == "/w/l/Events/ledger.jsonl" && split.calls[1].ok)
        // strace pads a resumed call's result with spaces: it is still read as one call.
        let padded = Self.parse("100 fsync(3</w/l/Events/ledger.jsonl> <unfinished ...>\n101 write(5<anon_inode:[eventfd]>, \"\\1\", 8) = 8\n100 <... fsync resumed>)              = 0", cwd: cwd)
        #expect(padded.calls.map(\.name) == ["write", "fsync"] && padded.calls[1].fdPath == "/w/l/Events/ledger.jsonl" && padded.calls[1].ok)
        #expect(padded.calls[1].args == "3</w/l/Events/ledger.jsonl> ")
    }
}
