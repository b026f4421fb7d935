import Ledger
import Projections

/// Rows made a piece at a time, by position: what the writers of large views take. A
/// position may give no row (a timeline row whose line can no longer be read), so a piece
/// may hold fewer rows than positions. Pieces are made from several threads at once:
/// making rows must change nothing shared.
protocol PieceRows<Row> {
    associatedtype Row
    /// How many positions there are: the most rows there can be.
    var positions: Int { get }
    /// The rows at the positions `range`, in order.
    func rows(in range: Range<Int>) -> [Row]
    /// Calls `body` with each row at the positions `range`, in order; returns how many.
    func forEachRow(in range: Range<Int>, _ body: (borrowing Row) -> Void) -> Int
}

extension PieceRows {
    func forEachRow(in range: Range<Int>, _ body: (borrowing Row) -> Void) -> Int {
        let rows = rows(in: range)
        for k in rows.indices { body(rows[k]) }
        return rows.count
    }
}

/// Every element of a collection, one row per position.
struct AllRows<Rows: RandomAccessCollection>: PieceRows {
    let elements: Rows

    init(_ elements: Rows) { self.elements = elements }

    var positions: Int { elements.count }

    func rows(in range: Range<Int>) -> [Rows.Element] {
        range.map { elements[elements.index(elements.startIndex, offsetBy: $0)] }
    }

    /// Each row made and handed on in turn, none held in an array (each of a status's
    /// rows is judged as it is read).
    func forEachRow(in range: Range<Int>, _ body: (borrowing Rows.Element) -> Void) -> Int {
        for k in range { body(elements[elements.index(elements.startIndex, offsetBy: k)]) }
        return range.count
    }
}

/// A timeline's rows, made from their lines a piece at a time.
extension TimelineRows: PieceRows {
    var positions: Int { count }
}

/// Rows turned into bytes a piece at a time, ahead on other cores, and handed on in order:
/// how every format writes a large view, none of its text held once written, and none of
/// its rows held but a window of pieces when they are made as they are written.
enum RowPieces {
    /// Positions per piece: a few hundred kilobytes of text each.
    static let rowsPerPiece = 512

    /// Hands `flush` the bytes of every row of `source`, in order, a piece at a time with
    /// the number of rows in it (none for a piece whose positions gave no row); `write`
    /// appends one row's bytes.
    /// - Parameter bytesPerRow: room a piece starts with per row (pages never written cost
    ///   nothing).
    static func write<Source: PieceRows>(
        _ source: Source, bytesPerRow: Int, flush: (UnsafeBufferPointer<UInt8>, _ rows: Int) -> Void,
        _ write: @escaping @Sendable (Source.Row, _ sink: inout ByteSink) -> Void
    ) {
        // The rows made through a closure made here: the pieces' threads then need nothing
        // of the source's type.
        nonisolated(unsafe) let each: (Range<Int>, (borrowing Source.Row) -> Void) -> Int = { source.forEachRow(in: $0, $1) }
        self.write(positions: source.positions, bytesPerRow: bytesPerRow, flush: flush) { range, piece in
            each(range) { row in write(row, &piece) }
        }
    }

    /// Hands `flush` the bytes of the rows at `0..<positions`, in order, a piece at a time
    /// with the number of rows in it; `rows` writes the rows of a range of positions and says
    /// how many it wrote. For a writer that makes and writes each row in place: a row
    /// handed from closure to closure was copied at each (a status row is 200 bytes).
    static func write(positions: Int, bytesPerRow: Int, flush: (UnsafeBufferPointer<UInt8>, _ rows: Int) -> Void,
                      rows: @escaping @Sendable (Range<Int>, _ sink: inout ByteSink) -> Int) {
        // Each piece's buffer taken back once written, for a later piece.
        let pool = BufferPool()
        Pipeline.run(positions, piece: rowsPerPiece, { range in
            var piece = ByteSink(keeping: max(1, range.count) * bytesPerRow, pool: pool)
            let count = rows(range, &piece)
            return Piece(bytes: piece.handedOver(), rows: count)
        }, consume: { piece in
            // Written from where it was made: no copy.
            flush(piece.bytes.buffer, piece.rows)
        })
    }

    /// One piece's bytes and how many rows they hold.
    private struct Piece: Sendable {
        let bytes: HeldBytes
        let rows: Int
    }
}
