/** Deterministic randomness for tests: a seeded generator (mulberry32) and incompressible text. */

/** A generator of numbers in [0, 1) that gives the same sequence for the same seed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Incompressible text: random BMP characters (3 UTF-8 bytes each), the worst case for gzip. */
export function noise(random: () => number, length: number): string {
  let s = "";
  while (s.length < length) {
    const c = 0x800 + Math.floor(random() * (0xffff - 0x800));
    if (c < 0xd800 || c > 0xdfff) s += String.fromCharCode(c);
  }
  return s;
}
