/**
 * Byte offsets of UTF-16 string positions in bytes that are not all valid UTF-8.
 *
 * `Buffer.toString('utf8')` replaces each maximal invalid subsequence with one U+FFFD (the WHATWG
 * decoder's rule), so string positions and byte positions drift apart by a different amount at each
 * invalid spot. This walks the same decoder over the bytes and reports, for each wanted string
 * position, where it starts in the bytes: an edit can then copy every byte around it untouched.
 */
export function byteOffsetsOf(bytes: Uint8Array, positions: readonly number[]): number[] {
  const wanted = [...positions].sort((a, b) => a - b);
  const result = new Map<number, number>();
  let next = 0;
  let index = 0; // UTF-16 units decoded so far
  const reach = (byte: number): void => {
    while (next < wanted.length && wanted[next]! <= index) {
      if (wanted[next] === index) result.set(index, byte);
      next++;
    }
  };
  let i = 0;
  while (i < bytes.length) {
    reach(i);
    const start = i;
    const lead = bytes[i]!;
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead <= 0x7f) need = 0;
    else if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else {
      index += 1; // an invalid lead byte: one U+FFFD
      i += 1;
      continue;
    }
    i += 1;
    let seen = 0;
    while (seen < need && i < bytes.length && bytes[i]! >= lower && bytes[i]! <= upper) {
      lower = 0x80;
      upper = 0xbf;
      seen++;
      i++;
    }
    // A complete sequence is one code point (two units above the BMP); a cut one is one U+FFFD.
    index += seen === need && need === 3 ? 2 : 1;
    void start;
  }
  reach(bytes.length);
  return positions.map((position) => {
    const byte = result.get(position);
    if (byte === undefined) throw new RangeError(`position ${position} is not at a character boundary`);
    return byte;
  });
}
