import Foundation
import Testing
import TestSupport
@testable import Ledger

@Suite("SHA-256")
struct SHA256Tests {
    /// Hex digest of a string's UTF-8 bytes.
    private func hex(_ text: String) -> String {
        SHA256.hash(Array(text.utf8)).hex
    }

    @Test("FIPS 180-2 example: \"abc\"")
    func abc() {
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("FIPS 180-2 example: the 448-bit message that needs two blocks of padding")
    func twoBlocks() {
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("FIPS 180-2 example: one million 'a', fed in uneven chunks")
    func millionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hash(message).hex == expected)
        var hasher = SHA256()
        var offset = 0
        var chunk = 1
        while offset < message.count {
            let end = min(offset + chunk, message.count)
            hasher.update(message[offset..<end])
            offset = end
            chunk = chunk * 7 % 1000 + 1
        }
        #expect(hasher.finalize().hex == expected)
    }

    @Test("the empty message")
    func empty() {
        let expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        #expect(hex("") == expected)
        var hasher = SHA256()
        hasher.update([UInt8]())
        #expect(hasher.finalize().hex == expected)
    }

    @Test("streaming equals one-shot when a 200-byte message is split at every offset")
    func streamingSplits() {
        let message = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let oneShot = SHA256.hash(message)
        for split in 0...message.count {
            var hasher = SHA256()
            hasher.update(message[..<split])
            message.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[split...])) }
            #expect(hasher.finalize() == oneShot, "split at \(split)")
        }
    }

    @Test("every message length around the block and padding boundaries, against a plain re-hash")
    func lengthsAroundBoundaries() {
        // Lengths 0...130 cross 55/56 (padding spills into a new block) and 64/128.
        // Byte-at-a-time feeding must agree with the one-shot digest.
        for length in 0...130 {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
            var hasher = SHA256()
            for byte in message { hasher.update([byte]) }
            #expect(hasher.finalize() == SHA256.hash(message), "length \(length)")
        }
    }

    @Test("runs of 'a' at the padding boundaries (55/56, 63/64/65, 119/120, 128 bytes)",
          arguments: [
              (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
              (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
              (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
              (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
              (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
              (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
              (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
              (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
          ])
    func paddingBoundaries(length: Int, expected: String) {
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: length)).hex == expected)
    }

    @Test("finalize resets the hasher for reuse")
    func finalizeResets() {
        var hasher = SHA256()
        hasher.update(Array("abc".utf8))
        _ = hasher.finalize()
        hasher.update(Array("abc".utf8))
        #expect(hasher.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("digest hex: zero, round-trip, and only 64 lowercase hex digits accepted")
    func digestHex() {
        #expect(SHA256Digest.zero.hex == String(repeating: "0", count: 64))
        #expect(SHA256Digest.zero.bytes == [UInt8](repeating: 0, count: 32))
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(digest.description == digest.hex)
        #expect(SHA256Digest(hex: digest.hex) == digest)
        #expect(SHA256Digest(hex: digest.hex.uppercased()) == nil)
        #expect(SHA256Digest(hex: String(digest.hex.dropLast())) == nil)
        #expect(SHA256Digest(hex: digest.hex + "0") == nil)
        #expect(SHA256Digest(hex: String(digest.hex.dropLast()) + "g") == nil)
        #expect(SHA256Digest(hex: "") == nil)
    }

    @Test("digest hex: every byte at every position, accepted exactly when a lowercase hex digit")
    func digestHexEveryByte() {
        let base = Array(SHA256.hash(Array("abc".utf8)).hex.utf8)
        let digits = Array("0123456789abcdef".utf8)
        var accepted = 0
        for position in 0..<64 {
            for byte in 0...255 {
                var text = base
                text[position] = UInt8(byte)
                let parsed = text.withUnsafeBufferPointer { SHA256Digest(hex: $0) }
                if let value = digits.firstIndex(of: UInt8(byte)) {
                    // The digit lands where it was written: read back, the hex is the text.
                    #expect(parsed?.hex == String(decoding: text, as: UTF8.self), "position \(position), digit \(value)")
                    accepted += 1
                } else {
                    #expect(parsed == nil, "position \(position), byte \(byte)")
                }
            }
        }
        #expect(accepted == 64 * 16)
    }

    @Test("NIST CAVP SHA256ShortMsg.rsp: every vector", .enabled(if: Conformance.enabled))
    func nistShortMessages() throws {
        let folder = try #require(Conformance.folder)
        let path = folder + "/sha256/SHA256ShortMsg.rsp"
        let data = try #require(FileManager.default.contents(atPath: path), "missing \(path)")
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)

        // Count the vectors independently of the parser below, so a parser bug can't skip any.
        let expectedCount = lines.filter { $0.hasPrefix("Len = ") }.count
        #expect(expectedCount == 65)

        var checked = 0
        var bitLength: Int?
        var message: [UInt8]?
        for line in lines {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "Len":
                let bits: Int = try #require(Int(parts[1]))
                bitLength = bits
            case "Msg":
                let bits = try #require(bitLength, "Msg before Len")
                // Len = 0 means the empty message, whatever the Msg line shows ("00" or nothing).
                message = bits == 0 ? [] : try #require(bytes(fromHex: parts[1]))
                #expect(message?.count == bits / 8, "Len \(bits)")
            case "MD":
                let msg = try #require(message, "MD before Msg")
                for engine in SHA256.Engine.available {
                    #expect(digest(msg, engine: engine).hex == parts[1], "Len \(bitLength ?? -1), \(engine)")
                }
                // Many at once: this message beside two others, so every lane has work.
                let three = msg + [0x61, 0x62, 0x63] + msg
                for batch in SHA256.Batch.available {
                    let digests = three.withUnsafeBytes {
                        SHA256.hash($0, ranges: [0..<msg.count, msg.count..<(msg.count + 3), (msg.count + 3)..<three.count],
                                    batch: batch)
                    }
                    #expect(digests.map(\.hex) == [parts[1], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", parts[1]],
                            "Len \(bitLength ?? -1), \(batch)")
                }
                checked += 1
                bitLength = nil
                message = nil
            default:
                continue
            }
        }
        #expect(checked == expectedCount)
    }

    /// The digest of `bytes` with the given compression engine.
    private func digest(_ bytes: [UInt8], engine: SHA256.Engine) -> SHA256Digest {
        var hasher = SHA256(engine: engine)
        hasher.update(bytes)
        return hasher.finalize()
    }

    @Test("each engine this processor has gives the FIPS 180-2 digests", arguments: SHA256.Engine.available)
    func engineExamples(engine: SHA256.Engine) {
        #expect(digest(Array("abc".utf8), engine: engine).hex
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8), engine: engine).hex
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000), engine: engine).hex
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(digest([], engine: engine).hex
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("the SHA instructions and the portable routine agree on random messages fed in random chunks")
    func enginesAgree() throws {
        // On a processor without the instructions there is nothing to compare (the lanes
        // are compared below; CI's machine has one or the other).
        guard SHA256.Engine.available.contains(.extensions) else {
            Self.expectAnAcceleratedPathInCI()
            return
        }
        var random = SplitMix64(seed: 256)
        for round in 0..<400 {
            let length = round < 300 ? round : Int.random(in: 0..<5000, using: &random)
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            var fast = SHA256(engine: .extensions)
            var offset = 0
            while offset < message.count {
                let end = min(message.count, offset + Int.random(in: 1...200, using: &random))
                fast.update(message[offset..<end])
                offset = end
            }
            #expect(fast.finalize() == digest(message, engine: .portable), "length \(length)")
        }
    }

    /// On an x86-64 machine in CI, at least one of the two faster ways is there to be tested
    /// (the SHA extensions, or AVX2 for the lanes): a CI machine without either would test
    /// neither, and should say so.
    private static func expectAnAcceleratedPathInCI() {
        #if arch(x86_64)
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            #expect(SHA256.Engine.available.contains(.extensions) || SHA256.Batch.available.contains(.lanes),
                    "CI's machine has neither the SHA extensions nor AVX2: neither fast path is tested")
        }
        #endif
    }

    @Test("many messages at once: every length from 0 to 300 and some longer, at odd offsets, each way this processor has, equal to one at a time")
    func manyMessagesAgree() throws {
        if !SHA256.Batch.available.contains(.lanes) { Self.expectAnAcceleratedPathInCI() }
        var random = SplitMix64(seed: 8)
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        for round in 0..<420 {
            let length = round <= 300 ? round : Int.random(in: 0..<3000, using: &random)
            buffer.append(contentsOf: (0..<Int.random(in: 0..<5, using: &random)).map { _ in 0xA5 })
            let start = buffer.count
            buffer.append(contentsOf: (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
            ranges.append(start..<buffer.count)
        }
        let expected = ranges.map { digest(Array(buffer[$0]), engine: .portable) }
        for batch in SHA256.Batch.available {
            // The whole lot, then every small count (so that lanes sit idle at the end).
            let all = buffer.withUnsafeBytes { SHA256.hash($0, ranges: ranges, batch: batch) }
            #expect(all == expected, "\(batch)")
            for count in 0...17 {
                let some = buffer.withUnsafeBytes { SHA256.hash($0, ranges: ranges.suffix(count), batch: batch) }
                #expect(some == Array(expected.suffix(count)), "\(batch), \(count) messages")
            }
        }
        // The known digests, with messages of several lengths side by side.
        let known: [(String, String)] = [
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ]
        let text = Array(known.map(\.0).joined().utf8)
        var offset = 0
        let knownRanges = known.map { pair -> Range<Int> in
            defer { offset += pair.0.utf8.count }
            return offset..<(offset + pair.0.utf8.count)
        }
        for batch in SHA256.Batch.available {
            let digests = text.withUnsafeBytes { SHA256.hash($0, ranges: knownRanges, batch: batch) }
            #expect(digests.map(\.hex) == known.map(\.1), "\(batch)")
        }
    }

    /// Bytes from an even-length hex string, or nil.
    private func bytes(fromHex text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let byte = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            result.append(byte)
        }
        return result
    }
}
