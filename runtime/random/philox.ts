/**
 * Philox-4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the
 * counter-based generator the compiled training step draws from. A draw is a pure function of
 * (key, counter), so the tfjs path and the WebGPU kernels produce the same numbers for the same
 * (run seed, iteration, site, element) without sharing any state. The WGSL twin lives in
 * `compiler/graph/codegen/philox-wgsl.ts`; both follow the conventions below exactly.
 *
 * - key = (seed mod 2^32, floor(seed / 2^32))
 * - counter = (element index, iteration, site, 0); site = FNV-1a 32-bit hash of a site name
 * - uniform = (x0 >>> 8) * 2^-24 in [0, 1)
 * - normal: u1 = ((x0 >>> 8) + 1) * 2^-24 in (0, 1], u2 = (x1 >>> 8) * 2^-24,
 *   n = sqrt(-2 ln u1) * cos(2 pi u2)
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_24 = 1 / 16777216;
const UTF8 = new TextEncoder();

export type Words4 = [number, number, number, number];

/** High 32 bits of the 64-bit product of two unsigned 32-bit words, from 16-bit halves as in WGSL. */
export function mulHi32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0;
}

/** The ten-round Philox-4x32 bijection of `counter` under `key`; all words unsigned 32-bit. */
export function philox4x32(counter: Words4, key: [number, number]): Words4 {
  let [c0, c1, c2, c3] = counter;
  let [k0, k1] = key;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulHi32(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulHi32(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  return [c0, c1, c2, c3];
}

/** FNV-1a, 32-bit, over the UTF-8 bytes of a site name. */
export function siteHash(site: string): number {
  let hash = 0x811c9dc5;
  for (const byte of UTF8.encode(site)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The Philox key of a run seed (a non-negative safe integer). */
export function philoxKey(seed: number): [number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`a Philox seed must be a non-negative safe integer, got ${seed}`);
  return [seed % TWO_POW_32 >>> 0, Math.floor(seed / TWO_POW_32) >>> 0];
}

/** Where a stream of draws comes from: the run seed, the iteration and the site's name. */
export interface DrawSite {
  seed: number;
  iteration: number;
  site: string;
}

/** The counter of element `element` at a site: its words after the first, checked and hashed once per call. */
function siteCounter(site: DrawSite): (element: number) => Words4 {
  if (!Number.isInteger(site.iteration) || site.iteration < 0 || site.iteration >= TWO_POW_32) {
    throw new RangeError(`iteration must be an integer in [0, 2^32), got ${site.iteration}`);
  }
  const iteration = site.iteration >>> 0;
  const hash = siteHash(site.site);
  return (element) => [element >>> 0, iteration, hash, 0];
}

/** The raw Philox words of elements [0, count) at a site. */
export function philoxWords(site: DrawSite, count: number): Uint32Array {
  const key = philoxKey(site.seed);
  const counter = siteCounter(site);
  const out = new Uint32Array(count * 4);
  for (let i = 0; i < count; i++) out.set(philox4x32(counter(i), key), i * 4);
  return out;
}

/**
 * Uniform draws in [0, 1), one per element, as the compiled kernels make them: elements
 * [first, first + count) of the site (a part of a tensor the compiled step draws whole).
 */
export function philoxUniform(site: DrawSite, count: number, first = 0): Float32Array {
  const key = philoxKey(site.seed);
  const counter = siteCounter(site);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (philox4x32(counter(first + i), key)[0] >>> 8) * TWO_POW_MINUS_24;
  return out;
}

/** Standard normal draws by Box-Muller from the first two words of each element's block, elements [first, first + count). */
export function philoxNormal(site: DrawSite, count: number, first = 0): Float32Array {
  const key = philoxKey(site.seed);
  const counter = siteCounter(site);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const [x0, x1] = philox4x32(counter(first + i), key);
    const u1 = ((x0 >>> 8) + 1) * TWO_POW_MINUS_24;
    const u2 = (x1 >>> 8) * TWO_POW_MINUS_24;
    out[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return out;
}
