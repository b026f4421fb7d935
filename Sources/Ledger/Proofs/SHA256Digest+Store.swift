extension SHA256Digest {
    /// Writes the digest's 32 bytes into `block` from `offset` on.
    func store(into block: inout InlineArray<65, UInt8>, at offset: Int) {
        let bytes = self.bytes
        for i in 0..<32 { block[offset + i] = bytes[i] }
    }
}
