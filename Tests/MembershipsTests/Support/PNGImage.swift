/// A PNG decoded to pixels, for the browser test: 8-bit RGB or RGBA, not interlaced (what
/// Chromium's screenshots are). The zlib stream is inflated here (RFC 1950/1951, checked
/// against its Adler-32), so no library is needed.
struct PNGImage {
    let width: Int
    let height: Int
    /// 3 (RGB) or 4 (RGBA).
    let channels: Int
    /// Rows top to bottom, `width * channels` bytes each, filters undone.
    let pixels: [UInt8]

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The red, green and blue of the pixel at (x, y).
    func rgb(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let at = (y * width + x) * channels
        return (pixels[at], pixels[at + 1], pixels[at + 2])
    }

    init(_ bytes: [UInt8]) throws {
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure("not a PNG") }
        func u32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        var at = 8
        var header: ArraySlice<UInt8>?
        var data: [UInt8] = []
        while at + 8 <= bytes.count {
            let length = u32(at), type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
            guard at + 12 + length <= bytes.count else { throw Failure("chunk \(type) runs past the end") }
            let body = bytes[at + 8..<at + 8 + length]
            if type == "IHDR" { header = body }
            if type == "IDAT" { data += body }
            if type == "IEND" { break }
            at += 12 + length
        }
        guard let header, header.count == 13 else { throw Failure("no IHDR") }
        let h = Array(header)
        width = h[0..<4].reduce(0) { $0 << 8 | Int($1) }
        height = h[4..<8].reduce(0) { $0 << 8 | Int($1) }
        guard h[8] == 8, h[9] == 2 || h[9] == 6, h[12] == 0 else {
            throw Failure("only 8-bit RGB or RGBA without interlacing is read here (depth \(h[8]), colour type \(h[9]), interlace \(h[12]))")
        }
        channels = h[9] == 2 ? 3 : 4
        let raw = try Inflate.zlib(data)
        let stride = width * channels
        guard raw.count == height * (stride + 1) else { throw Failure("\(raw.count) bytes inflated, \(height * (stride + 1)) expected") }
        pixels = try PNGImage.unfilter(raw, height: height, stride: stride, bytesPerPixel: channels)
    }

    /// Undoes each row's filter (none, sub, up, average, Paeth).
    private static func unfilter(_ raw: [UInt8], height: Int, stride: Int, bytesPerPixel bpp: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            let source = y * (stride + 1) + 1, row = y * stride, above = row - stride
            for i in 0..<stride {
                let a = i >= bpp ? Int(out[row + i - bpp]) : 0
                let b = y > 0 ? Int(out[above + i]) : 0
                let c = i >= bpp && y > 0 ? Int(out[above + i - bpp]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw PNGImage.Failure("row \(y) has unknown filter \(filter)")
                }
                out[row + i] = UInt8(truncatingIfNeeded: Int(raw[source + i]) + predictor)
            }
        }
        return out
    }
}

/// DEFLATE decompression (RFC 1951) of a zlib stream (RFC 1950), after zlib's `puff.c`.
enum Inflate {
    /// The data of a zlib stream, its Adler-32 checked.
    static func zlib(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.count >= 6, bytes[0] & 0x0F == 8, (Int(bytes[0]) << 8 | Int(bytes[1])) % 31 == 0, bytes[1] & 0x20 == 0 else {
            throw PNGImage.Failure("not a zlib stream")
        }
        var reader = Bits(bytes: bytes, position: 2)
        let out = try inflate(&reader)
        let end = reader.position
        guard end + 4 <= bytes.count else { throw PNGImage.Failure("no Adler-32") }
        let expected = bytes[end..<end + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in out {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        guard b << 16 | a == expected else { throw PNGImage.Failure("Adler-32 mismatch") }
        return out
    }

    /// Bits least significant first, as DEFLATE packs them.
    struct Bits {
        let bytes: [UInt8]
        /// The next whole byte (after `align()`).
        var position: Int
        var buffer = 0, count = 0

        mutating func take(_ n: Int) throws -> Int {
            while count < n {
                guard position < bytes.count else { throw PNGImage.Failure("the stream ends early") }
                buffer |= Int(bytes[position]) << count
                position += 1
                count += 8
            }
            let value = buffer & ((1 << n) - 1)
            buffer >>= n
            count -= n
            return value
        }

        mutating func align() {
            buffer = 0
            count = 0
        }
    }

    /// A canonical Huffman code: how many codes of each length, and the symbols in code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) {
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }

        func decode(_ bits: inout Bits) throws -> Int {
            var code = 0, first = 0, index = 0
            for length in 1...15 {
                code |= try bits.take(1)
                let count = counts[length]
                if code - count < first { return symbols[index + (code - first)] }
                index += count
                first = (first + count) << 1
                code <<= 1
            }
            throw PNGImage.Failure("a code that is not in the table")
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                               2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let fixed = (Huffman(lengths: Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
                            + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8)),
                        Huffman(lengths: Array(repeating: 5, count: 30)))

    /// Every block of the stream, up to the last one.
    static func inflate(_ bits: inout Bits) throws -> [UInt8] {
        var out: [UInt8] = []
        var last = false
        while !last {
            last = try bits.take(1) == 1
            switch try bits.take(2) {
            case 0:
                bits.align()
                let at = bits.position
                guard at + 4 <= bits.bytes.count else { throw PNGImage.Failure("a stored block runs past the end") }
                let length = Int(bits.bytes[at]) | Int(bits.bytes[at + 1]) << 8
                let check = Int(bits.bytes[at + 2]) | Int(bits.bytes[at + 3]) << 8
                guard length == ~check & 0xFFFF, at + 4 + length <= bits.bytes.count else { throw PNGImage.Failure("a bad stored block") }
                out += bits.bytes[at + 4..<at + 4 + length]
                bits.position = at + 4 + length
            case 1:
                try codes(&bits, into: &out, fixed.0, fixed.1)
            case 2:
                let (literals, distances) = try dynamicTables(&bits)
                try codes(&bits, into: &out, literals, distances)
            default:
                throw PNGImage.Failure("block type 3")
            }
        }
        // The Adler-32 starts at the next whole byte.
        bits.align()
        return out
    }

    /// The code tables a dynamic block starts with.
    static func dynamicTables(_ bits: inout Bits) throws -> (Huffman, Huffman) {
        let literalCount = try bits.take(5) + 257, distanceCount = try bits.take(5) + 1, codeCount = try bits.take(4) + 4
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeCount { codeLengths[order[i]] = try bits.take(3) }
        let lengthCode = Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try lengthCode.decode(&bits)
            switch symbol {
            case 0..<16: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw PNGImage.Failure("a repeat with nothing before it") }
                lengths += Array(repeating: previous, count: 3 + (try bits.take(2)))
            case 17: lengths += Array(repeating: 0, count: 3 + (try bits.take(3)))
            default: lengths += Array(repeating: 0, count: 11 + (try bits.take(7)))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw PNGImage.Failure("too many code lengths") }
        return (Huffman(lengths: Array(lengths[..<literalCount])), Huffman(lengths: Array(lengths[literalCount...])))
    }

    /// The literals and copies of one compressed block.
    static func codes(_ bits: inout Bits, into out: inout [UInt8], _ literals: Huffman, _ distances: Huffman) throws {
        while true {
            let symbol = try literals.decode(&bits)
            if symbol < 256 {
                out.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < lengthBase.count else { throw PNGImage.Failure("length symbol \(symbol)") }
                let length = lengthBase[index] + (try bits.take(lengthExtra[index]))
                let d = try distances.decode(&bits)
                guard d < distanceBase.count else { throw PNGImage.Failure("distance symbol \(d)") }
                let distance = distanceBase[d] + (try bits.take(distanceExtra[d]))
                guard distance <= out.count else { throw PNGImage.Failure("a copy from before the start") }
                let from = out.count - distance
                for i in 0..<length { out.append(out[from + i]) }
            }
        }
    }
}
