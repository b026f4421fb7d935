import Foundation
import Testing
@testable import Ledger

/// Where `ssh-keygen` is for these tests, and whether a missing one may skip them.
enum SSHKeygenForTests {
    /// Its path on this process's PATH, or nil.
    static let path: String? = {
        let search = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return search.split(separator: ":").map { $0 + "/ssh-keygen" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// In CI (`CI=true`) a missing ssh-keygen fails the tests instead of skipping them.
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Run the test when ssh-keygen is there, or in CI (where its absence then fails).
    static var runnable: Bool { path != nil || inCI }

    static let skipped: Comment = "ssh-keygen is not on PATH: install OpenSSH's client ('apt-get install openssh-client') to run the signing tests"

    /// ssh-keygen's path; fails the test (in CI) when there is none.
    static func required(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(path, "ssh-keygen is not on PATH and CI=true: install openssh-client ('apt-get install openssh-client')",
                     sourceLocation: sourceLocation)
    }

    /// Runs ssh-keygen with `arguments`; fails unless it exits 0.
    static func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try required(sourceLocation: sourceLocation))
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ssh-keygen \(arguments) exited \(process.terminationStatus)",
                     sourceLocation: sourceLocation)
    }

    /// Makes an ed25519 key without a passphrase at `directory/name` (and `.pub`).
    static func makeKey(_ directory: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let key = directory + "/" + name
        try run(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key], sourceLocation: sourceLocation)
        return key
    }

    /// Writes an allowed-signers file: one `principal namespaces="…" key` line per entry.
    static func allowedSigners(_ path: String, _ entries: [(principal: String, key: String)],
                               namespaces: String = SignedCheckpoint.namespace) throws -> String {
        var text = ""
        for (principal, key) in entries {
            let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            text += "\(principal) namespaces=\"\(namespaces)\" \(publicKey)\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Signed checkpoints (SPEC §10): `checkpoint --sign KEY` through `ssh-keygen -Y sign`, and
/// `check --allowed-signers F` through `-Y find-principals` and `-Y verify`.
@Suite("Signed checkpoints")
struct CheckpointSigningTests {
    @Test("a checkpoint signed with a key checks against an allowed-signers file holding it",
          .enabled(if: SSHKeygenForTests.runnable, SSHKeygenForTests.skipped))
    func signAndCheck() throws {
        _ = try SSHKeygenForTests.required()
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let key = try SSHKeygenForTests.makeKey(dir, "office")
            let allowed = try SSHKeygenForTests.allowedSigners(dir + "/allowed_signers", [("office@paris.fr", key)])
            let body = try fixture.run(["checkpoint", "--size", "7"]).stdout
            let signed = try fixture.run(["checkpoint", "--size", "7", "--sign", key])
            #expect(signed.succeeded, "\(signed)")
            #expect(signed.stdout.hasPrefix(body + "\n-----BEGIN SSH SIGNATURE-----\n"), "\(signed)")
            #expect(signed.stdout.hasSuffix("-----END SSH SIGNATURE-----\n"), "\(signed)")
            let file = try fixture.writeInput("signed.txt", Array(signed.stdout.utf8))

            let checked = try Binary.run(["check", file, "--allowed-signers", allowed], directory: dir)
            #expect(checked.succeeded, "\(checked)")
            #expect(checked.stdout.contains("signed by 'office@paris.fr'"), "\(checked)")
            let needsSigners = try Binary.run(["check", file], directory: dir)
            #expect(needsSigners.status == 64 && needsSigners.stderr.contains("needs --allowed-signers F"), "\(needsSigners)")

            // The signed checkpoint is a trusted checkpoint for a proof, and for verify.
            let proof = try fixture.writeInput("proof.json", Array(try fixture.run(["prove", "--event", "net-n1", "--size", "7"]).stdout.utf8))
            let trusted = try Binary.run(["check", proof, "--checkpoint", file, "--allowed-signers", allowed], directory: dir)
            #expect(trusted.succeeded && trusted.stdout.contains("signed by 'office@paris.fr'"), "\(trusted)")
            let verified = try fixture.run(["verify", "--checkpoint", file])
            #expect(verified.succeeded && verified.stdout.contains("its signature is not checked here"), "\(verified)")
            let unsignedProof = try Binary.run(["check", proof, "--allowed-signers", allowed], directory: dir)
            #expect(unsignedProof.status == 65 && unsignedProof.stderr.contains("nothing here is signed"), "\(unsignedProof)")
        }
    }

    @Test("a changed signature, a changed body, another key or another namespace fail with 65",
          .enabled(if: SSHKeygenForTests.runnable, SSHKeygenForTests.skipped))
    func refusals() throws {
        _ = try SSHKeygenForTests.required()
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let key = try SSHKeygenForTests.makeKey(dir, "office")
            let other = try SSHKeygenForTests.makeKey(dir, "intruder")
            let allowed = try SSHKeygenForTests.allowedSigners(dir + "/allowed_signers", [("office@paris.fr", key)])
            let gitOnly = try SSHKeygenForTests.allowedSigners(dir + "/git_signers", [("office@paris.fr", key)], namespaces: "git")
            let signed = try fixture.run(["checkpoint", "--sign", key]).stdout
            var lines = signed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

            // The last base64 line of the armor holds the signature bytes: change one character.
            let last = lines.count - 3
            var characters = Array(lines[last])
            characters[10] = characters[10] == "A" ? "B" : "A"
            lines[last] = String(characters)
            let tamperedSignature = lines.joined(separator: "\n")
            let smaller = signed.replacingOccurrences(of: "\n11\n", with: "\n10\n")
            let byOther = try fixture.run(["checkpoint", "--sign", other]).stdout

            let cases: [(String, String, String, String)] = [
                ("a changed signature", tamperedSignature, allowed, "the signature does not verify"),
                ("a changed body", smaller, allowed, "the signature does not verify"),
                ("another key", byOther, allowed, "no principal in \(allowed) has the key that made the signature"),
                ("a key allowed only for git", signed, gitOnly, "the signature does not verify"),
            ]
            for (what, text, signers, message) in cases {
                let file = try fixture.writeInput("case.txt", Array(text.utf8))
                let result = try Binary.run(["check", file, "--allowed-signers", signers], directory: dir)
                #expect(result.status == 65, "\(what): \(result)")
                #expect(result.stderr.contains(message), "\(what): \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(what): \(result)")
            }

            // A key ssh-keygen cannot use, and one that is not there.
            let garbage = try fixture.writeInput("not-a-key", Array("not a key\n".utf8))
            let bad = try fixture.run(["checkpoint", "--sign", garbage])
            #expect(bad.status == 65 && bad.stderr.contains("ssh-keygen could not sign with"), "\(bad)")
            let missing = try fixture.run(["checkpoint", "--sign", dir + "/nowhere"])
            #expect(missing.status == 66, "\(missing)")
            let missingSigners = try Binary.run(["check", dir + "/case.txt", "--allowed-signers", dir + "/nowhere"], directory: dir)
            #expect(missingSigners.status == 66, "\(missingSigners)")
        }
    }

    @Test("without ssh-keygen on PATH, signing and checking a signature exit 69 and say how to install it")
    func missingKeygen() throws {
        try withTemporaryDirectory { dir in
            let fixture = try Proofs.smallLedger(in: dir)
            let empty = dir + "/empty-bin"
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
            let key = try fixture.writeInput("key", Array("a key file\n".utf8))
            let body = try fixture.run(["checkpoint"]).stdout
            let signed = try fixture.writeInput("signed.txt", Array((body + "\n-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n").utf8))
            let signers = try fixture.writeInput("allowed_signers", Array("x namespaces=\"memberships-checkpoint\" ssh-ed25519 AAAA\n".utf8))
            for arguments in [["checkpoint", "--sign", key], ["check", signed, "--allowed-signers", signers]] {
                let result = try fixture.run(arguments, environment: ["PATH": empty])
                #expect(result.status == 69, "\(arguments): \(result)")
                #expect(!result.signaled)
                #expect(result.stderr.contains("ssh-keygen was not found on PATH"), "\(arguments): \(result.stderr)")
                #expect(result.stderr.contains("apt-get install openssh-client"), "\(arguments): \(result.stderr)")
                #expect(result.stdout.isEmpty)
            }
            // What needs no signature needs no ssh-keygen.
            #expect(try fixture.run(["checkpoint"], environment: ["PATH": empty]).succeeded)
            let help = try Binary.run(["help", "checkpoint"])
            #expect(help.stdout.contains("exit 69"), "\(help)")
        }
    }
}
