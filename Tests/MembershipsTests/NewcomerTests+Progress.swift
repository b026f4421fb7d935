import Foundation
import Testing

/// Where `script` (util-linux; Debian's bsdutils) is, to run the CLI on a pseudo-terminal.
enum ScriptForTests {
    static let path: String? = {
        let search = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return search.split(separator: ":").map { $0 + "/script" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// In CI (`CI=true`) a missing `script` fails the test instead of skipping it.
    static var runnable: Bool { path != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    static let skipped: Comment = "script is not on PATH: install util-linux's script ('apt-get install bsdutils') to run the progress test"
}

extension NewcomerTests {
    /// Runs `memberships ARGS` with stdin, stdout and stderr on a pseudo-terminal
    /// (`script -qc CMD /dev/null`), returning all it printed there, as a terminal gets it.
    static func onTerminal(_ arguments: [String], fixture: LedgerFixture) throws -> RunResult {
        let script = try #require(ScriptForTests.path, "script is not on PATH and CI=true: apt-get install bsdutils")
        let quoted = ([try Binary.path(), "--ledger", fixture.root] + arguments)
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let running = try Running(executable: script, arguments: ["-qec", quoted, "/dev/null"], stdin: nil,
                                  environment: ["TERM": "xterm"], directory: fixture.workspace)
        return try running.wait()
    }

    @Test("verify, snapshot, views and a cold append show progress on a terminal, and print nothing extra without one",
          .enabled(if: ScriptForTests.runnable, ScriptForTests.skipped))
    func progress() throws {
        try withTemporaryDirectory { dir in
            let fixture = try LedgerFixture.make(in: dir)
            // Enough lines for several pieces of the parallel read (registrations: quick to check).
            let lines = (1...20_000).map { i in #"{"id":"m-\#(i)","type":"member","member":"m-\#(i)","name":"M \#(i)","kind":"city"}"# }
            let path = try fixture.writeInput("many.jsonl", lines: lines)
            try #require(try fixture.run(["append", "--file", path]).succeeded)
            let total = "20,004"

            for arguments in [["verify"], ["timeline", "--format", "json"], ["snapshot"]] {
                let terminal = try Self.onTerminal(arguments, fixture: fixture)
                #expect(terminal.succeeded, "\(arguments): \(terminal)")
                let shown = terminal.stdout
                #expect(shown.contains("memberships: reading ") && shown.contains(" of \(total) events, "), "\(arguments): \(shown.prefix(400))")
                #expect(shown.contains("%") && shown.contains("events/s"), "\(arguments): \(shown.prefix(400))")
                // The line is taken away (carriage return, erase to the end of the line) before the
                // output, which follows alone.
                let cleared = try #require(shown.range(of: "\r\u{1B}[K", options: .backwards), "\(arguments): never cleared")
                let after = shown[cleared.upperBound...]
                #expect(!after.contains("events/s") && !after.isEmpty, "\(arguments): \(after.prefix(200))")
                #expect(after.hasPrefix(arguments[0] == "verify" ? "ok: " : arguments[0] == "snapshot" ? "wrote " : "{"),
                        "\(arguments): \(after.prefix(200))")

                let piped = try fixture.run(arguments)
                #expect(piped.succeeded, "\(arguments): \(piped)")
                #expect(piped.stderr.isEmpty, "\(arguments): stderr is not a terminal, yet: \(piped.stderr)")
                #expect(!piped.stdout.contains("events/s"), "\(arguments)")
            }

            // A cold append: no writer's cache, so the whole log is read.
            try FileManager.default.removeItem(atPath: fixture.root + "/Snapshots")
            try FileManager.default.createDirectory(atPath: fixture.root + "/Snapshots", withIntermediateDirectories: false)
            let cold = try Self.onTerminal(["append", "activity", "--member", "paris", "--date", "2016", "--title", "cold"], fixture: fixture)
            #expect(cold.succeeded && cold.stdout.contains("appended seq"), "\(cold)")
            #expect(cold.stdout.contains("memberships: reading "), "\(cold.stdout.prefix(400))")
        }
    }
}
