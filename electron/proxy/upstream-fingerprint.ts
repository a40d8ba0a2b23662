/**
 * A stable 16-hex-digit fingerprint of an upstream label (the redacted URL, or `stdio: <command>`).
 *
 * It only tells whether a cache file belongs to the same upstream, so a name reused for another server
 * never serves the wrong tools: no secret goes in (labels are redacted) and nothing depends on it being
 * hard to invert. 64-bit FNV-1a rather than SHA-256 because `node:crypto` is the largest module a plain
 * HTTP proxy would otherwise load at start-up (~1 MB of RSS per proxy process, docs/benchmarks.md).
 */
export function upstreamFingerprint(label: string): string {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of Buffer.from(label, 'utf8')) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & UINT64_MASK;
  return hash.toString(16).padStart(16, '0');
}

const FNV_OFFSET_BASIS = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const UINT64_MASK = 0xffffffffffffffffn;
