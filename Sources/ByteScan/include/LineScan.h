// Splitting a line of the log's plain form into its keys and values: one pass over the line
// marks, sixteen bytes at a time (thirty-two where the CPU has AVX2), every quote, backslash
// and control byte (and every byte of 0x80 or above, for the UTF-8 check), and the keys and
// values are then read from mark to mark. Swift has no portable way to turn a vector comparison into a bit mask, which is what
// makes this fast.
#ifndef LINESCAN_H
#define LINESCAN_H

#include <stddef.h>
#include <stdint.h>

/// The slots of a plain line: 0–7 the envelope (seq, id, type, recorded, by, source, note,
/// prev), then 8 + each of the types' own fields in the order of Swift's `FieldName`.
enum { LINE_SCAN_SLOTS = 34, LINE_SCAN_ENVELOPE = 8 };

/// How a value is written.
enum { LINE_SCAN_NUMBER = 0, LINE_SCAN_STRING = 1, LINE_SCAN_ESCAPED = 2, LINE_SCAN_NESTED = 3 };

/// A value as read: a string's content (without its quotes), an integer's digits, or an
/// object's or array's bytes (brackets included), as offsets into the line, and how it is
/// written (`LINE_SCAN_NUMBER`, `_STRING`, `_ESCAPED`, `_NESTED`).
typedef struct {
    int32_t start;
    int32_t end;
    uint8_t form;
} line_scan_value;

/// Splits `b[0..<n]` when it is in the plain form: one object, no whitespace, every key one
/// of the slots' (each at most once), every value a string, an integer with no leading zero,
/// or an object or array (only its extent is found: brackets counted outside its strings, no
/// raw control byte), escapes valid JSON escapes other than a surrogate's, no raw control byte, and the
/// whole line UTF-8 (RFC 3629: outside its strings a plain line is ASCII, so its strings are
/// UTF-8 when it is).
///
/// Fills `values[slot]` for each key present and answers the slots present as a bit set
/// (bit k: slot k); 0 when the line is not plain.
uint64_t line_scan_plain(const uint8_t *b, size_t n, line_scan_value *values);

/// The marks `line_scan_plain` reads a line by (a bit a byte in 64-bit words, (n + 63) / 64
/// of each: `stops`, every quote, backslash and control byte; `high`, every byte of 0x80 or
/// above), found thirty-two bytes at a time when `wide` and the CPU has AVX2, else sixteen;
/// answers whether any byte is 0x80 or above. `line_scan_plain` asks for them wide; both
/// ways give the same marks (tests compare them).
int line_scan_marks(const uint8_t *b, size_t n, uint64_t *stops, uint64_t *high, int wide);

/// Whether `line_scan_plain` finds its marks thirty-two bytes at a time (AVX2) here.
int line_scan_wide_marks(void);

/// The slot of the key `k[0..<n]`, or -1 when it is none.
int line_scan_key_slot(const uint8_t *k, size_t n);

#endif
