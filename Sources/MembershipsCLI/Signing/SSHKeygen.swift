#if canImport(Glibc)
import Glibc
#endif
import Ledger

/// Signing and checking checkpoints with `ssh-keygen -Y` (SPEC §10), the mechanism git
/// uses for SSH-signed commits, in the namespace `memberships-checkpoint`.
///
/// Missing `ssh-keygen` is `.unavailable` (69, EX_UNAVAILABLE). When it fails, its stderr
/// is summarised on one line: a key it cannot use, or a signature that does not verify, is
/// `.badData` (65).
struct SSHKeygen {
    /// The path of `ssh-keygen` on `$PATH`.
    let path: String

    /// Finds `ssh-keygen`.
    /// - Throws: `.unavailable` (69) when it is not on `$PATH`.
    init() throws(LedgerError) {
        guard let path = Subprocess.locate("ssh-keygen") else {
            throw LedgerError(.unavailable, "ssh-keygen was not found on PATH; signed checkpoints need it",
                              hint: "install OpenSSH's client (Debian, Ubuntu: 'apt-get install openssh-client')")
        }
        self.path = path
    }

    /// The armored signature of `body` by the private key `key` (or by ssh-agent, when
    /// `key` is a public key whose private half the agent holds).
    /// - Throws: `.noLedger` (66) when `key` does not exist; `.badData` (65) when ssh-keygen
    ///   cannot sign with it, with its stderr; `.io` (74).
    func sign(_ body: [UInt8], key: String) throws(LedgerError) -> [UInt8] {
        try Self.requireFile(key)
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let message = try scratch.write("checkpoint", body)
        let signature = scratch.expect("checkpoint.sig")
        let run = try Subprocess.run(path, ["-Y", "sign", "-n", SignedCheckpoint.namespace, "-f", key, message], scratch: scratch)
        guard run.succeeded else {
            throw LedgerError(.badData, "ssh-keygen could not sign with \(Console.safe(key)) (exit \(run.status)): \(Self.summary(run.stderr))")
        }
        let signed = try scratch.read(signature)
        guard !signed.isEmpty else { throw LedgerError(.io, "ssh-keygen wrote no signature") }
        return signed
    }

    /// Checks a signed checkpoint against an allowed-signers file: the principal that
    /// `-Y find-principals` names for the signature's key, then `-Y verify` as that principal.
    /// - Parameter name: how messages name the signed file.
    /// - Returns: the principal whose key made the signature.
    /// - Throws: `.noLedger` (66) when `allowedSigners` does not exist; `.badData` (65) when
    ///   no allowed signer has the key, or the signature does not verify (a changed body, a
    ///   changed signature, another namespace), with ssh-keygen's stderr; `.io` (74).
    func verify(_ signed: SignedCheckpoint, allowedSigners: String, name: String) throws(LedgerError) -> String {
        try Self.requireFile(allowedSigners)
        let scratch = try ScratchFolder()
        defer { scratch.remove() }
        let message = try scratch.write("checkpoint", signed.body)
        let signature = try scratch.write("checkpoint.sig", signed.signature)

        let found = try Subprocess.run(path, ["-Y", "find-principals", "-s", signature, "-f", allowedSigners], scratch: scratch)
        let principals = String(decoding: found.stdout, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        guard found.succeeded, !principals.isEmpty else {
            throw LedgerError(.badData, "\(name): no principal in \(Console.safe(allowedSigners)) has the key that made the signature: \(Self.summary(found.stderr))")
        }
        var failures: [String] = []
        for principal in principals {
            let run = try Subprocess.run(path, ["-Y", "verify", "-f", allowedSigners, "-I", principal,
                                                "-n", SignedCheckpoint.namespace, "-s", signature],
                                         stdinPath: message, scratch: scratch)
            if run.succeeded { return principal }
            failures.append(Self.summary(run.stderr))
        }
        throw LedgerError(.badData, "\(name): the signature does not verify: \(failures.joined(separator: "; "))")
    }

    /// Fails with `.noLedger` (66, as for any input file) unless `path` exists.
    static func requireFile(_ path: String) throws(LedgerError) {
        guard access(path, F_OK) == 0 else {
            throw LedgerError(.noLedger, "cannot read \(Console.safe(path)): no such file")
        }
    }

    /// ssh-keygen's stderr on one line, made safe for the terminal and cut short.
    static func summary(_ stderr: [UInt8]) -> String {
        let lines = String(decoding: stderr, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return "ssh-keygen said nothing" }
        let text = lines.joined(separator: "; ")
        return Console.safe(text.count > 300 ? String(text.prefix(300)) + "…" : text)
    }
}

private extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
