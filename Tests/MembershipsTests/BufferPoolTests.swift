import Testing
import Ledger
@testable import MembershipsCLI

/// The buffers that pieces of rows are written into, taken back once written: a buffer is
/// used again only once its bytes are freed, and rows written through reused buffers come
/// out whole and in order.
@Suite("Buffers of row pieces")
struct BufferPoolTests {
    @Test("a buffer handed back is taken again when large enough; a larger request gets a new one")
    func reuse() throws {
        let pool = BufferPool()
        var sink = ByteSink(keeping: 100, pool: pool)
        sink.bytes([1, 2, 3])
        var held: HeldBytes? = sink.handedOver()
        #expect(Array(held!.buffer) == [1, 2, 3])
        let first = try #require(held?.buffer.baseAddress)
        // Not back in the pool while its bytes are held: a take gets another buffer.
        let (other, _) = pool.take(10)
        #expect(UnsafePointer(other) != first)
        pool.put(other, capacity: 10)
        held = nil
        // Freed: the newest handed back is the 100-byte one, and it serves 50 bytes.
        let (again, capacity) = pool.take(50)
        #expect(UnsafePointer(again) == first)
        #expect(capacity >= 100)
        // Too small for 10,000 bytes: a new buffer, the pool left as it was.
        let (larger, largerCapacity) = pool.take(10_000)
        #expect(UnsafePointer(larger) != first && largerCapacity == 10_000)
        pool.put(again, capacity: capacity)
        pool.put(larger, capacity: largerCapacity)
    }

    @Test("rows written a piece at a time through reused buffers: every byte, in order, some pieces grown")
    func piecesInOrder() {
        let count = 7 * RowPieces.rowsPerPiece + 5
        // Rows of 1 to 40 bytes, and every hundredth of 3,000: a piece that holds one grows
        // past the room it began with, and its larger buffer goes back to the pool.
        @Sendable func row(_ k: Int) -> [UInt8] {
            let length = k % 100 == 99 ? 3_000 : 1 + k % 40
            return (0..<length).map { UInt8(truncatingIfNeeded: k &* 31 &+ $0) }
        }
        var written: [UInt8] = [], rows = 0
        RowPieces.write(positions: count, bytesPerRow: 16, flush: { bytes, n in
            written += bytes
            rows += n
        }, rows: { range, sink in
            for k in range { sink.bytes(row(k)) }
            return range.count
        })
        #expect(rows == count)
        #expect(written == (0..<count).flatMap(row))
    }
}
