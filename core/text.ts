/** Small text helpers shared by the row builder and the parsers' callers. */

/**
 * Cuts a string so its UTF-8 encoding fits `maxBytes`, never splitting a character.
 * Returns the input itself when it already fits (the common case costs one length check).
 */
export function truncateUtf8(value: string, maxBytes: number): string {
  // A UTF-16 code unit encodes to at most 3 UTF-8 bytes, so short strings cannot overflow.
  if (value.length * 3 <= maxBytes) return value;
  // Buffer.byteLength counts without allocating: most values (ids, ASCII text) fit and leave here.
  if (value.length <= maxBytes && Buffer.byteLength(value, "utf8") <= maxBytes) return value;
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length <= maxBytes) return value;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}
