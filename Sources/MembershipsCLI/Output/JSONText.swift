import Ledger

/// JSON for people and scripts: two-space indentation, keys in the order given,
/// strings escaped as the canonical writer does.
enum JSONText {
    static func pretty(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        write(value, indent: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes `{members…, "rows": [rows…]}` as `pretty` would, followed by a newline, handing
    /// the bytes to `flush` in pieces as they fill: a million rows are never held as text at
    /// once, and each row exists only while it is written.
    static func stream<Rows: Collection>(_ members: [JSONMember], rowsKey: String, rows: Rows,
                                         writeRow: (Rows.Element, _ indent: Int, _ sink: inout ByteSink) -> Void,
                                         flush: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        var stream = RowStream(members, rowsKey: rowsKey, flush: flush)
        stream.write(rows, writeRow: writeRow)
        stream.finish()
    }

    /// The object up to its rows' array: `{`, the other members, and the rows' key.
    private static func head(_ members: [JSONMember], rowsKey: String) -> [UInt8] {
        var head: [UInt8] = [UInt8(ascii: "{")]
        for member in members {
            head.append(contentsOf: [0x0A, 0x20, 0x20])
            JSONWriter.writeString(member.key, into: &head)
            head.append(contentsOf: [UInt8(ascii: ":"), 0x20])
            write(member.value, indent: 1, into: &head)
            head.append(UInt8(ascii: ","))
        }
        head.append(contentsOf: [0x0A, 0x20, 0x20])
        JSONWriter.writeString(rowsKey, into: &head)
        head.append(contentsOf: [UInt8(ascii: ":"), 0x20])
        return head
    }

    /// The indentation (in levels) of each row's braces: the rows are items of an array that
    /// is a member of the top object.
    static let rowIndent = 2

    /// What goes before each row written in pieces: a comma, a new line, the row's indent.
    static func separate(_ sink: inout ByteSink) {
        sink.byte(UInt8(ascii: ","))
        sink.newline(rowIndent)
    }

    /// As `stream`, the same bytes, with the rows made and written on every core: pieces of
    /// rows are turned into bytes ahead, on other threads, and handed on in order. `rows`
    /// is read from several threads at once, so reading a row must change nothing shared
    /// (the views' rows are computed from a replay that no longer changes).
    static func streamInPieces<Source: PieceRows>(
        _ members: [JSONMember], rowsKey: String, rows: Source,
        writeRow: @escaping @Sendable (Source.Row, _ indent: Int, _ sink: inout ByteSink) -> Void,
        flush: @escaping (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var stream = RowStream(members, rowsKey: rowsKey, flush: flush)
        stream.writeInPieces(rows, writeRow: writeRow)
        stream.finish()
    }

    /// `{members…, "rows": [rows…]}`, the rows given a batch at a time, on this thread
    /// (`write`) or made and written on every core (`writeInPieces`): what `stream` and
    /// `streamInPieces` write, and what writes rows that are made a batch at a time, none
    /// held once written.
    struct RowStream: ~Copyable {
        private var sink: ByteSink
        private let flush: (UnsafeBufferPointer<UInt8>) -> Void
        /// Rows written so far.
        private var written = 0

        /// Starts the object: `{`, the other members, the rows' key.
        init(_ members: [JSONMember], rowsKey: String, flush: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
            self.flush = flush
            sink = ByteSink(flush: flush)
            sink.bytes(head(members, rowsKey: rowsKey))
        }

        /// Writes `rows` after those written before, one at a time on this thread.
        mutating func write<Rows: Collection>(_ rows: Rows, writeRow: (Rows.Element, _ indent: Int, _ sink: inout ByteSink) -> Void) {
            for row in rows {
                sink.text(written == 0 ? "[" : ",")
                written += 1
                sink.newline(rowIndent)
                writeRow(row, rowIndent, &sink)
                sink.drainIfFull()
            }
        }

        /// Writes `rows` after those written before, made and written on every core when they
        /// are more than a piece.
        mutating func writeInPieces<Rows: RandomAccessCollection>(
            _ rows: Rows, writeRow: @escaping @Sendable (Rows.Element, _ indent: Int, _ sink: inout ByteSink) -> Void
        ) {
            writeInPieces(AllRows(rows), writeRow: writeRow)
        }

        /// Writes the rows of `source` after those written before, made and written on
        /// every core when they are more than a piece.
        mutating func writeInPieces<Source: PieceRows>(
            _ source: Source, writeRow: @escaping @Sendable (Source.Row, _ indent: Int, _ sink: inout ByteSink) -> Void
        ) {
            guard source.positions > RowPieces.rowsPerPiece else {
                write(source.rows(in: 0..<source.positions), writeRow: writeRow)
                return
            }
            sink.drain()
            // Each row after a comma: the very first row written drops its piece's first byte.
            RowPieces.write(source, bytesPerRow: 1024, flush: { bytes, rows in flushPiece(bytes, rows: rows) }) { row, piece in
                JSONText.separate(&piece)
                writeRow(row, rowIndent, &piece)
            }
        }

        /// Writes the rows at `0..<positions` after those written before, made and written
        /// on every core: `rows` writes those of a range of positions, each after
        /// `JSONText.separate`, at `rowIndent`, and says how many it wrote.
        mutating func writeInPieces(positions: Int, rows: @escaping @Sendable (Range<Int>, _ sink: inout ByteSink) -> Int) {
            sink.drain()
            RowPieces.write(positions: positions, bytesPerRow: 1024, flush: { bytes, count in flushPiece(bytes, rows: count) },
                            rows: rows)
        }

        /// Hands on a piece of rows, each after a comma: the very first row written drops
        /// its piece's first byte, after the array's `[`.
        private mutating func flushPiece(_ bytes: UnsafeBufferPointer<UInt8>, rows: Int) {
            guard rows > 0 else { return }
            if written == 0 {
                sink.text("[")
                sink.drain()
                flush(UnsafeBufferPointer(rebasing: bytes.dropFirst()))
            } else {
                flush(bytes)
            }
            written += rows
        }

        /// Ends the rows' array and the object.
        mutating func finish() {
            if written == 0 {
                sink.text("[]")
            } else {
                sink.newline(1)
                sink.text("]")
            }
            sink.text("\n}\n")
            sink.drain()
        }
    }

    static func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        func newline(_ level: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: level * 2))
        }
        switch value {
        case .array(let items) where !items.isEmpty:
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                write(item, indent: indent + 1, into: &out)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                JSONWriter.writeString(member.key, into: &out)
                out.append(contentsOf: Array(": ".utf8))
                write(member.value, indent: indent + 1, into: &out)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        default:
            JSONWriter.write(value, into: &out)
        }
    }
}
