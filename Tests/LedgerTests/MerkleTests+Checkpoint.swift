import Foundation
import Testing
import TestSupport
@testable import Ledger

extension MerkleTests {
    /// SPEC §10's checkpoint text, the C2SP tlog-checkpoint body.
    @Suite("Checkpoint text")
    struct Checkpoints {
        /// The CT reference tree's root, 5dc9da79…, in base64.
        static let ctRoot = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
        static let good = "memberships/ledger-paris.2014:01\n8\n\(ctRoot)\n"

        @Test("a checkpoint is written as three lines, and read back to the same value")
        func roundTrip() throws {
            let root = SHA256Digest(hex: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")!
            let checkpoint = Checkpoint(genesis: EventID("ledger-paris.2014:01"), size: 8, root: root)
            #expect(checkpoint.origin == "memberships/ledger-paris.2014:01")
            #expect(checkpoint.text == Self.good)
            #expect(checkpoint.description == Self.good)
            #expect(try Checkpoint(parsing: Self.good) == checkpoint)
            #expect(try Checkpoint(parsing: Array(Self.good.utf8)) == checkpoint)

            // The empty tree, the largest size, and C2SP's own example root.
            let empty = Checkpoint(genesis: EventID("g"), size: 0, root: MerkleHash.emptyRoot)
            #expect(empty.text == "memberships/g\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")
            #expect(try Checkpoint(parsing: empty.text) == empty)
            let huge = Checkpoint(genesis: EventID(String(repeating: "x", count: 128)), size: Int.max, root: root)
            #expect(try Checkpoint(parsing: huge.text) == huge)
            let c2sp = try Checkpoint(parsing: "memberships/e1\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
            #expect(c2sp.size == 20_852_163)
            #expect(c2sp.root.hex == "0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62")
            #expect(c2sp.genesis == EventID("e1"))
        }

        @Test("a checkpoint made from a tree carries that tree's root", arguments: [1, 2, 7, 8])
        func fromTree(size: Int) throws {
            let tree = MerkleTree(leafHashes: CTReference.leaves.map(MerkleHash.leaf))
            let checkpoint = Checkpoint(genesis: EventID("genesis"), size: size, root: try tree.root(size: size))
            let read = try Checkpoint(parsing: checkpoint.text)
            #expect(read.root.hex == CTReference.roots[size])
        }

        /// Malformed texts, each with the line it must be blamed on (nil: the whole text).
        static let malformed: [(String, String, Int?)] = [
            ("empty", "", nil),
            ("missing final newline", "memberships/g\n8\n\(ctRoot)", nil),
            ("only two lines", "memberships/g\n8\n", nil),
            ("one line", "memberships/g\n", nil),
            ("CRLF line ends", "memberships/g\r\n8\r\n\(ctRoot)\r\n", 1),
            ("CRLF on the root line", "memberships/g\n8\n\(ctRoot)\r\n", 3),
            ("an extension line", "memberships/g\n8\n\(ctRoot)\nextension\n", 4),
            ("a blank line then a signature", "memberships/g\n8\n\(ctRoot)\n\n— memberships/g AAAA\n", 4),
            ("a trailing blank line", "memberships/g\n8\n\(ctRoot)\n\n", 4),
            ("a leading blank line", "\nmemberships/g\n8\n\(ctRoot)\n", 1),
            ("an empty origin", "\n8\n\(ctRoot)\n", 1),
            ("another log's origin", "example.com/behind-the-sofa\n8\n\(ctRoot)\n", 1),
            ("no genesis id", "memberships/\n8\n\(ctRoot)\n", 1),
            ("a space in the id", "memberships/my ledger\n8\n\(ctRoot)\n", 1),
            ("a capitalised prefix", "Memberships/g\n8\n\(ctRoot)\n", 1),
            ("an id of 129 characters", "memberships/\(String(repeating: "x", count: 129))\n8\n\(ctRoot)\n", 1),
            ("a NUL in the id", "memberships/g\u{0}\n8\n\(ctRoot)\n", 1),
            ("an empty size", "memberships/g\n\n\(ctRoot)\n", 2),
            ("a negative size", "memberships/g\n-1\n\(ctRoot)\n", 2),
            ("a plus sign", "memberships/g\n+8\n\(ctRoot)\n", 2),
            ("a space before the size", "memberships/g\n 8\n\(ctRoot)\n", 2),
            ("a space after the size", "memberships/g\n8 \n\(ctRoot)\n", 2),
            ("a hexadecimal size", "memberships/g\n0x10\n\(ctRoot)\n", 2),
            ("an exponent", "memberships/g\n1e3\n\(ctRoot)\n", 2),
            ("a fraction", "memberships/g\n8.0\n\(ctRoot)\n", 2),
            ("Arabic-Indic digits", "memberships/g\n\u{0668}\n\(ctRoot)\n", 2),
            ("a leading zero", "memberships/g\n08\n\(ctRoot)\n", 2),
            ("two zeros", "memberships/g\n00\n\(ctRoot)\n", 2),
            ("a size past Int.max", "memberships/g\n9223372036854775808\n\(ctRoot)\n", 2),
            ("a size of 20 nines", "memberships/g\n99999999999999999999\n\(ctRoot)\n", 2),
            ("an empty root", "memberships/g\n8\n\n", 3),
            ("a blank line instead of the size", "memberships/g\n\n8\n\(ctRoot)\n", 2),
            ("a root without its padding", "memberships/g\n8\n\(ctRoot.dropLast())\n", 3),
            ("a root with stray bits before the padding", "memberships/g\n8\n\(ctRoot.dropLast(2))h=\n", 3),
            ("a URL-safe root", "memberships/g\n8\n\(ctRoot.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))\n", 3),
            ("a space in the root", "memberships/g\n8\nXcnaeacGWamtVZy3 Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", 3),
            ("a root in hex", "memberships/g\n8\n5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\n", 3),
            ("a 31-byte root", "memberships/g\n8\n\(Base64.encode(Array(repeating: 7, count: 31)))\n", 3),
            ("a 33-byte root", "memberships/g\n8\n\(Base64.encode(Array(repeating: 7, count: 33)))\n", 3),
            ("a 64-byte root", "memberships/g\n8\n\(Base64.encode(Array(repeating: 7, count: 64)))\n", 3),
            ("padding inside the root", "memberships/g\n8\nXcna=acGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", 3),
        ]

        @Test("malformed texts are refused, naming the line at fault", arguments: 0..<malformed.count)
        func refused(index: Int) {
            let (what, text, line) = Self.malformed[index]
            do {
                let parsed = try Checkpoint(parsing: text)
                Issue.record("\(what): read as \(parsed)")
            } catch {
                #expect(error.line == line, "\(what): \(error)")
                #expect(!error.message.isEmpty)
            }
        }

        @Test("refusals say what is wrong")
        func messages() {
            func message(_ text: String) -> String {
                do { _ = try Checkpoint(parsing: text) } catch { return error.description }
                return "accepted"
            }
            #expect(message("memberships/g\n8\n\(Self.ctRoot)") == "the checkpoint does not end with a newline; each of its 3 lines must")
            #expect(message("memberships/g\n08\n\(Self.ctRoot)\n") == "line 2: size '08' has a leading zero")
            #expect(message("memberships/g\nten\n\(Self.ctRoot)\n") == "line 2: size 'ten' is not a decimal number")
            #expect(message("example.com/log\n8\n\(Self.ctRoot)\n")
                == "line 1: origin 'example.com/log' is not memberships/<id of the genesis event>")
            #expect(message("memberships/g\n8\nAAAA\n") == "line 3: root hash is 3 bytes; a SHA-256 hash is 32")
            #expect(message("memberships/g\n8\n\(Self.ctRoot)\next\n")
                == "line 4: a checkpoint has 3 lines (origin, size, root hash); this has 4")
        }

        @Test("base64: RFC 4648 §10's vectors both ways; anything but the one padded spelling is refused")
        func base64() {
            let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
                           ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
            for (plain, encoded) in vectors {
                #expect(Base64.encode(Array(plain.utf8)) == encoded)
                #expect(Base64.decode(Array(encoded.utf8)) == Array(plain.utf8))
            }
            var rng = SplitMix64(seed: 4648)
            for length in 0..<100 {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                let encoded = Base64.encode(bytes)
                #expect(encoded == Data(bytes).base64EncodedString())
                #expect(Base64.decode(Array(encoded.utf8)) == bytes)
            }
            for bad in ["Zg", "Zg=", "Zh==", "Zm9=", "Z===", "====", "=Zg=", "Zg==Zg==", "Zm9v\n", " Zm9v",
                        "Zm9-", "Zm9_", "Zm\u{0}v", "Zm9vY===", "Zm9vYg=A"] {
                #expect(Base64.decode(Array(bad.utf8)) == nil, "\(bad)")
            }
        }
    }
}
