import Ledger

/// Rows turned into bytes a piece at a time, ahead on other cores, and handed on in order:
/// how every format writes a large view, none of its text held once written.
enum RowPieces {
    /// Rows per piece: a few hundred kilobytes of text each.
    static let rowsPerPiece = 512

    /// Hands `flush` the bytes of every row of `rows`, in order; `write` appends one row's
    /// bytes, told its place among `rows`. `rows` is read from several threads at once, so
    /// reading a row must change nothing shared.
    /// - Parameter bytesPerRow: room a piece starts with per row (pages never written cost
    ///   nothing).
    static func write<Rows: RandomAccessCollection>(
        _ rows: Rows, bytesPerRow: Int, flush: (UnsafeBufferPointer<UInt8>) -> Void,
        _ write: @escaping @Sendable (Rows.Element, _ place: Int, _ sink: inout ByteSink) -> Void
    ) {
        // The rows read by position through a closure made here: the pieces' threads then
        // need nothing of the collection's type.
        nonisolated(unsafe) let row: (Int) -> Rows.Element = { rows[rows.index(rows.startIndex, offsetBy: $0)] }
        Pipeline.run(rows.count, piece: rowsPerPiece, { range in
            var piece = ByteSink(keeping: range.count * bytesPerRow)
            for i in range { write(row(i), i, &piece) }
            return piece.handedOver()
        }, consume: { piece in
            // Written from where it was made: no copy.
            flush(piece.buffer)
        })
    }
}
