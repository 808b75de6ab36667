/**
 * Seeded, serialisable randomness for the runtime: sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator, 128-bit state) seeded through splitmix32, so nearby seeds give unrelated
 * streams. The whole state is four 32-bit words plus the cached second Box-Muller normal, which
 * a checkpoint stores as JSON so a resumed run draws exactly what the uninterrupted run would.
 */

export interface RngState {
  algorithm: 'sfc32';
  /** The generator's four 32-bit words, as unsigned integers. */
  words: [number, number, number, number];
  /** Box-Muller makes normals in pairs; the unused one waits here. */
  spareNormal: number | null;
}

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Standard normal, N(0, 1). */
  normal(): number;
  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number;
  /** A copy of the current state, plain JSON. */
  state(): RngState;
}

const TWO_POW_32 = 4294967296;

class Sfc32 implements Rng {
  constructor(
    private a: number,
    private b: number,
    private c: number,
    private d: number,
    private spareNormal: number | null,
  ) {}

  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`rng.int needs an integer n in [1, 2^32], got ${n}`);
    }
    // Reject the top sliver of the 32-bit range that would make small values likelier.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const draw = this.nextUint32();
      if (draw < limit) return draw % n;
    }
  }

  state(): RngState {
    return {
      algorithm: 'sfc32',
      words: [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0],
      spareNormal: this.spareNormal,
    };
  }
}

function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`a random seed must be a safe integer, got ${seed}`);
  }
  // Fold both halves of the seed in, so seeds beyond 2^32 stay distinct.
  const low = splitmix32(seed >>> 0);
  const high = splitmix32(Math.floor(seed / TWO_POW_32) >>> 0);
  const rng = new Sfc32(low() ^ high(), low() ^ high(), low() ^ high(), low() ^ high(), null);
  // sfc32's documented warm-up: mixes the seed words before the first output is used.
  for (let i = 0; i < 12; i++) rng.next();
  return rng;
}

export function restoreRng(state: RngState): Rng {
  const words = state?.words;
  const wordsValid =
    Array.isArray(words) &&
    words.length === 4 &&
    words.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32);
  const spareValid = state?.spareNormal === null || Number.isFinite(state?.spareNormal);
  if (state?.algorithm !== 'sfc32' || !wordsValid || !spareValid) {
    throw new Error(
      `not a saved random state: expected { algorithm: 'sfc32', words: four unsigned 32-bit integers, spareNormal: number or null }, got ${JSON.stringify(state)}`,
    );
  }
  return new Sfc32(words[0], words[1], words[2], words[3], state.spareNormal);
}
