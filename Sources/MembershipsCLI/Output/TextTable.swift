import Ledger

/// A text table aligned by display width (accents and wide characters count right), every
/// cell made terminal-safe, written without holding its text: one pass over the rows
/// measures the columns, on every core, and a second writes the lines a piece at a time.
/// A row's cells are made in both passes rather than kept, so a table of a million rows
/// holds none of its text at once.
enum TextTable {
    /// One row's cells, and the marks it carries that a legend under the table explains
    /// (mark `k` is bit `k`).
    struct Line: Sendable {
        var cells: [String]
        var marks: UInt8

        init(_ cells: [String], marks: UInt8 = 0) {
            self.cells = cells
            self.marks = marks
        }
    }

    /// How many rows carry each of the eight marks a `Line` can carry.
    struct Marks: Sendable {
        fileprivate var counts = [Int](repeating: 0, count: 8)

        /// The rows that carry mark `k`.
        subscript(k: Int) -> Int { counts[k] }
    }

    /// Writes the header line, then a line feed and the line of each row (no line feed after
    /// the last), each cell but a line's last padded to its column's width and two spaces.
    /// - Parameter line: the cells and marks of a row; called twice per row, from several
    ///   threads at once.
    /// - Returns: how many rows carry each mark.
    @discardableResult
    static func write<Rows: RandomAccessCollection>(headers: [String], rows: Rows,
                                                    line: @escaping @Sendable (Rows.Element) -> Line,
                                                    flush: (UnsafeBufferPointer<UInt8>) -> Void) -> Marks {
        write(headers: headers, rows: AllRows(rows), line: line, flush: flush)
    }

    /// As above, the rows made a piece at a time by `source`, in each pass.
    @discardableResult
    static func write<Source: PieceRows>(headers: [String], rows source: Source,
                                         line: @escaping @Sendable (Source.Row) -> Line,
                                         flush: (UnsafeBufferPointer<UInt8>) -> Void) -> Marks {
        // Through a closure made here, as in `RowPieces.write`.
        nonisolated(unsafe) let make: (Range<Int>) -> [Source.Row] = { source.rows(in: $0) }
        let columns = headers.count
        // The widest cell of each column, and the marks, over every row.
        let measured = Parallel.map(source.positions) { range in
            var widths = [Int](repeating: 0, count: columns), marks = Marks()
            for row in make(range) {
                let line = line(row)
                for (k, cell) in line.cells.enumerated() where k < columns {
                    widths[k] = max(widths[k], DisplayWidth.of(Console.safe(cell)))
                }
                for k in 0..<8 where line.marks & (1 << k) != 0 { marks.counts[k] += 1 }
            }
            return (widths, marks)
        }
        var widths = headers.map(DisplayWidth.of), marks = Marks()
        for (pieceWidths, pieceMarks) in measured {
            for k in 0..<columns { widths[k] = max(widths[k], pieceWidths[k]) }
            for k in 0..<8 { marks.counts[k] += pieceMarks.counts[k] }
        }
        var top = ByteSink(keeping: 256)
        append(headers, widths: widths, to: &top)
        withExtendedLifetime(top.handedOver()) { flush($0.buffer) }
        RowPieces.write(source, bytesPerRow: 192, flush: { bytes, _ in flush(bytes) }) { [widths] row, sink in
            sink.byte(0x0A)
            append(line(row).cells, widths: widths, to: &sink)
        }
        return marks
    }

    /// The table of a few rows as one string: what `Table` and a profile's commitments show.
    static func text<Rows: RandomAccessCollection>(headers: [String], rows: Rows,
                                                   line: @escaping @Sendable (Rows.Element) -> Line) -> String {
        var out: [UInt8] = []
        write(headers: headers, rows: rows, line: line) { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// One line: each cell made safe, and each but the last followed by the spaces that
    /// reach its column's end and two more.
    private static func append(_ cells: [String], widths: [Int], to sink: inout ByteSink) {
        for (k, cell) in cells.enumerated() {
            let safe = Console.safe(cell)
            sink.utf8(safe)
            if k < cells.count - 1 { sink.spaces(widths[k] - DisplayWidth.of(safe) + 2) }
        }
    }
}
