import Ledger

/// `check FILE [--checkpoint CP]… [--allowed-signers F]`: checks a proof or a checkpoint
/// alone, with no ledger (SPEC §10). FILE (`-`: standard input) is an inclusion or
/// consistency proof as `prove` prints it, a checkpoint, or a signed checkpoint — whose
/// signature is checked with `ssh-keygen -Y verify` against the allowed-signers file F.
///
/// A proof holds by its own hashes, but its tree size is bound only by the root it is
/// checked against (RFC 9162's root does not commit to the size): `--checkpoint CP` names a
/// checkpoint obtained otherwise (signed, or kept from before), which the file must state
/// exactly — origin, size and root. A signed CP is checked against F too.
///
/// Exit 0 when it all holds; 65 when it does not, saying what differs (a hash, the sizes,
/// a signature that does not verify, F given where nothing is signed); 64 for a file that is
/// not one of these, or a signature to check without F; 66 when a file is missing; 69
/// without `ssh-keygen` (signatures only).
struct CheckCommand: Command {
    let file: String
    let trusted: [String]
    let allowedSigners: String?

    static let valued: [String] = ["allowed-signers", "checkpoint"]
    static let repeatable: [String] = ["checkpoint"]

    init(_ args: Arguments) throws(LedgerError) {
        try args.requirePositionals(1, 1, command: "check", what: "a proof or checkpoint file (memberships check FILE)")
        file = args.positionals[0]
        trusted = args.values["checkpoint"] ?? []
        allowedSigners = args.value("allowed-signers")
    }

    func run(_ context: Context) throws(LedgerError) -> Int32 {
        let name = Self.name(file)
        let parsed = try Self.read(file)
        var signed: [(name: String, checkpoint: SignedCheckpoint)] = []
        if case .signedCheckpoint(let checkpoint) = parsed { signed.append((name, checkpoint)) }
        var trustedCheckpoints: [(name: String, checkpoint: Checkpoint)] = []
        for path in trusted {
            switch try Self.read(path) {
            case .checkpoint(let checkpoint): trustedCheckpoints.append((Self.name(path), checkpoint))
            case .signedCheckpoint(let checkpoint):
                trustedCheckpoints.append((Self.name(path), checkpoint.checkpoint))
                signed.append((Self.name(path), checkpoint))
            case .inclusion, .consistency:
                throw LedgerError(.usage, "--checkpoint \(Self.name(path)) is a proof, not a checkpoint",
                                  hint: "'memberships checkpoint' writes a checkpoint")
            }
        }
        if let allowedSigners, signed.isEmpty {
            throw LedgerError(.badData, "nothing here is signed to check against \(Console.safe(allowedSigners))",
                              hint: "'memberships checkpoint --sign KEY' writes a signed checkpoint")
        }
        if allowedSigners == nil, let first = signed.first {
            throw LedgerError(.usage, "\(first.name) is a signed checkpoint: checking it needs --allowed-signers F",
                              hint: "F holds lines 'PRINCIPAL namespaces=\"\(SignedCheckpoint.namespace)\" ssh-ed25519 AAAA…'; see 'memberships help check'")
        }
        // Without ssh-keygen, say so before checking anything.
        let keygen = signed.isEmpty ? nil : try SSHKeygen()

        // Everything is checked before anything is printed: "ok" only when it all holds.
        var report: [String] = []
        // A proof that does not hold is bad data (65), named by the file.
        func holds(_ name: String, _ check: () throws(ProofMismatch) -> Void) throws(LedgerError) {
            do {
                try check()
            } catch {
                throw LedgerError(.badData, "\(name): \(error.message)")
            }
        }
        switch parsed {
        case .inclusion(let proof):
            try holds(name, proof.check)
            let id = (try? JSONReader.parse(proof.line))?["id"]?.stringValue.map { ", event \(SafeText.quoted($0))" } ?? ""
            report.append("ok: line \(proof.index + 1) (index \(proof.index)\(id)) is in the tree of size \(proof.checkpoint.size) of \(Console.safe(proof.checkpoint.origin)), root \(proof.checkpoint.root.hex)")
        case .consistency(let proof):
            try holds(name, proof.check)
            report.append("ok: the tree of size \(proof.from.size) (root \(proof.from.root.hex)) is a prefix of the tree of size \(proof.to.size) (root \(proof.to.root.hex)) of \(Console.safe(proof.to.origin))")
        case .checkpoint(let checkpoint):
            report.append("ok: a checkpoint of \(Console.safe(checkpoint.origin)), size \(checkpoint.size), root \(checkpoint.root.hex) (not signed: its form is all there is to check)")
        case .signedCheckpoint(let signed):
            let checkpoint = signed.checkpoint
            report.append("ok: a checkpoint of \(Console.safe(checkpoint.origin)), size \(checkpoint.size), root \(checkpoint.root.hex)")
        }
        for (trustedName, checkpoint) in trustedCheckpoints {
            try holds(name) { () throws(ProofMismatch) in try parsed.requireCheckpoint(checkpoint) }
            report.append("ok: \(name) states the checkpoint \(trustedName) (size \(checkpoint.size))")
        }
        if let allowedSigners, let keygen {
            for (signedName, checkpoint) in signed {
                let principal = try keygen.verify(checkpoint, allowedSigners: allowedSigners, name: signedName)
                report.append("ok: \(signedName) is signed by \(SafeText.quoted(principal)) (allowed by \(Console.safe(allowedSigners)))")
            }
        }
        for line in report { context.console.out(line) }
        return 0
    }

    /// How a file is named in messages.
    static func name(_ file: String) -> String { file == "-" ? "<stdin>" : Console.safe(file) }

    /// Reads and parses a proof or checkpoint file (`-`: standard input).
    /// - Throws: `.noLedger` (66) when it does not exist; `.usage` (64) when it is not a proof
    ///   or checkpoint, as `FILE:LINE: message` where a line is at fault.
    static func read(_ file: String) throws(LedgerError) -> ProofFile {
        let bytes = file == "-" ? try InputFile.readStandardInput() : try InputFile.read(file)
        do {
            return try ProofFile(parsing: bytes)
        } catch {
            if let line = error.line {
                throw LedgerError(.usage, "not a proof or checkpoint: \(error.message)", file: name(file), line: line)
            }
            throw LedgerError(.usage, "\(name(file)): not a proof or checkpoint: \(error.message)")
        }
    }
}
