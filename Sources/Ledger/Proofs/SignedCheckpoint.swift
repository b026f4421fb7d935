/// A checkpoint with an SSH signature (SPEC §10): the body, one blank line, then the
/// armored signature that `ssh-keygen -Y sign -n memberships-checkpoint` made of the body.
///
/// ```
/// memberships/<genesis id>
/// <n>
/// <base64 root>
///
/// -----BEGIN SSH SIGNATURE-----
/// …
/// -----END SSH SIGNATURE-----
/// ```
///
/// Reading it checks the body as strictly as a plain checkpoint and the signature's armor;
/// whether the signature holds is for `ssh-keygen -Y verify`.
public struct SignedCheckpoint: Hashable, Sendable {
    /// The namespace the signature is made in, so that it cannot pass for a signature of
    /// anything else (a git commit, a file).
    public static let namespace = "memberships-checkpoint"

    static let begin = Array("-----BEGIN SSH SIGNATURE-----\n".utf8)
    static let end = Array("-----END SSH SIGNATURE-----".utf8)

    /// The body, read.
    public let checkpoint: Checkpoint
    /// The signature, as written after the blank line.
    public let signature: [UInt8]

    /// The body's bytes: exactly what was signed.
    public var body: [UInt8] { Array(checkpoint.text.utf8) }

    /// A checkpoint and its signature; `signature` must be an armored SSH signature.
    public init(checkpoint: Checkpoint, signature: [UInt8]) {
        self.checkpoint = checkpoint
        self.signature = signature
    }

    /// The file's text: the body, one blank line, the signature.
    public var text: [UInt8] { body + [0x0A] + signature }

    /// Reads a signed checkpoint, split at its first blank line.
    /// - Throws: `ProofFileError` naming the line at fault: in the body (as for a plain
    ///   checkpoint), or a signature that is missing or not armored as ssh-keygen writes it.
    public init(parsing bytes: [UInt8]) throws(ProofFileError) {
        guard let blank = Self.blankLine(in: bytes) else {
            throw ProofFileError("no blank line: a signed checkpoint is the checkpoint, one blank line, and its signature")
        }
        do {
            checkpoint = try Checkpoint(parsing: Array(bytes[..<(blank + 1)]))
        } catch {
            throw ProofFileError(line: error.line, error.message)
        }
        let signatureLine = bytes[...blank].count { $0 == 0x0A } + 2
        signature = Array(bytes[(blank + 2)...])
        guard !signature.isEmpty else {
            throw ProofFileError(line: signatureLine, "nothing after the blank line: the signature goes there")
        }
        guard signature.starts(with: Self.begin) else {
            throw ProofFileError(line: signatureLine, "the signature does not start with '-----BEGIN SSH SIGNATURE-----' (as 'ssh-keygen -Y sign' writes it)")
        }
        var trimmed = signature[...]
        while let last = trimmed.last, last == 0x0A { trimmed = trimmed.dropLast() }
        guard trimmed.count > Self.begin.count, trimmed.reversed().starts(with: Self.end.reversed()) else {
            throw ProofFileError(line: signatureLine + trimmed.count { $0 == 0x0A },
                                 "the signature does not end with '-----END SSH SIGNATURE-----'")
        }
    }

    /// The offset of the `\n` that ends the body: the first `\n` followed by another.
    static func blankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        return (0..<(bytes.count - 1)).first { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A }
    }
}
