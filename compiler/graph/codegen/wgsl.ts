import type { Affine, UniformLayout } from '../../../runtime/compiled/plan.js';
import type { DType } from '../ir.js';
import { isBatch, type Shape } from '../shape.js';

/**
 * WGSL building blocks shared by the kernel templates: literals, the bindings and uniform block
 * every kernel declares (one f32 arena, one i32 arena, the uniforms), index arithmetic over
 * shapes with a run-time batch, and the math helpers with tfjs's semantics.
 */

export const WORKGROUP = 256;

export function f32Literal(value: number): string {
  const v = Math.fround(value);
  // WGSL rejects constant expressions that evaluate to NaN or infinity: build them at run time.
  if (Number.isNaN(v)) return runtimeBits(0x7fc00000);
  if (v === Infinity) return runtimeBits(0x7f800000);
  if (v === -Infinity) return runtimeBits(0xff800000);
  if (Object.is(v, -0)) return '-0.0f';
  // The shortest decimal of the double equal to this float parses back to the same float.
  return `${v}f`;
}

function runtimeBits(bits: number): string {
  return `bitcast<f32>(0x${bits.toString(16)}u | (U.batch & 0u))`;
}

export function literal(value: number, dtype: DType): string {
  if (dtype === 'f32') return f32Literal(value);
  return dtype === 'i32' ? `${value | 0}i` : `${value >>> 0}u`;
}

/** perBatch * B + fixed as a u32 expression. */
export function affineU32(a: Affine): string {
  if (a.perBatch === 0) return `${a.fixed}u`;
  const scaled = a.perBatch === 1 ? 'U.batch' : `${a.perBatch}u * U.batch`;
  return a.fixed === 0 ? `(${scaled})` : `(${scaled} + ${a.fixed}u)`;
}

/** Words of a list of n scalars or site hashes: whole vec4s, at least one (WGSL has no empty arrays). */
const listWords = (n: number) => Math.max(4, Math.ceil(n / 4) * 4);

/** The uniform block's layout for a plan with `scalars` run-time scalars and `sites` Philox sites. */
export function uniformLayout(scalars: number, sites: number): UniformLayout {
  return { scalarsAt: 4, sitesAt: 4 + listWords(scalars), words: 4 + listWords(scalars) + listWords(sites) };
}

export function header(scalars: number, sites: number): string {
  return [
    'struct Uniforms {',
    '  batch: u32,',
    '  iteration: u32,',
    '  seed_lo: u32,',
    '  seed_hi: u32,',
    `  scalars: array<vec4<f32>, ${listWords(scalars) / 4}>,`,
    `  sites: array<vec4<u32>, ${listWords(sites) / 4}>,`,
    '}',
    '@group(0) @binding(0) var<storage, read_write> F: array<f32>;',
    '@group(0) @binding(1) var<storage, read_write> I: array<i32>;',
    '@group(0) @binding(2) var<uniform> U: Uniforms;',
    '',
  ].join('\n');
}

export function scalarRef(index: number): string {
  return `U.scalars[${index >> 2}][${index & 3}]`;
}

export function siteRef(index: number): string {
  return `U.sites[${index >> 2}][${index & 3}]`;
}

/**
 * Statements that split flat index `index` into coordinates `${prefix}0..` of `shape`. Only
 * axis 0 may be batched, and it is the slowest, so every divisor is a constant.
 */
export function decompose(index: string, shape: Shape, prefix: string): string[] {
  if (shape.length === 0) return [];
  const lines: string[] = [];
  let rest = index;
  for (let axis = shape.length - 1; axis >= 1; axis--) {
    const d = shape[axis];
    if (isBatch(d)) throw new Error('decompose: a batch axis past axis 0');
    lines.push(`let ${prefix}${axis} = ${rest} % ${d}u;`);
    const next = `${prefix}q${axis}`;
    lines.push(`let ${next} = ${rest} / ${d}u;`);
    rest = next;
  }
  lines.push(`let ${prefix}0 = ${rest};`);
  return lines;
}

/** Row-major flat index of coordinate expressions over `shape`. */
export function linearize(coords: string[], shape: Shape): string {
  if (shape.length === 0) return '0u';
  let stride = 1;
  const terms: string[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const coord = /^[\w.]+$/.test(coords[axis]) ? coords[axis] : `(${coords[axis]})`;
    terms.unshift(stride === 1 ? coord : `${coord} * ${stride}u`);
    if (axis > 0) stride *= shape[axis] as number;
  }
  return terms.join(' + ');
}

/** Helpers with tfjs's semantics where WGSL's builtins differ or are missing. */
export const MATH_HELPERS = `
fn tf_log1p(x: f32) -> f32 {
  // Kahan: log(u) * x / (u - 1) keeps log1p's precision for small x.
  let u = 1.0f + x;
  if (u == 1.0f) { return x; }
  return log(u) * x / (u - 1.0f);
}
fn tf_tanh(x: f32) -> f32 {
  // Some drivers overflow inside tanh for large |x|; tanh(15) is 1 in f32.
  return tanh(clamp(x, -15.0f, 15.0f));
}
fn tf_sigmoid(x: f32) -> f32 {
  return 1.0f / (1.0f + exp(-x));
}
fn tf_sign(x: f32) -> f32 {
  return select(select(0.0f, -1.0f, x < 0.0f), 1.0f, x > 0.0f);
}
fn tf_pow(a: f32, b: f32) -> f32 {
  // WGSL's pow is undefined for a < 0; tfjs gives (-a)^b with b's parity for integer b.
  if (a >= 0.0f) { return pow(a, b); }
  if (floor(b) != b) { return bitcast<f32>(0x7fc00000u | (U.batch & 0u)); }
  let p = pow(-a, b);
  return select(p, -p, (i32(b) & 1) == 1);
}
`;

/** Philox-4x32-10 with the run's key and the counter (element, iteration, site, 0). */
export const PHILOX_HELPERS = `
fn mulhi32(a: u32, b: u32) -> u32 {
  let al = a & 0xffffu;
  let ah = a >> 16u;
  let bl = b & 0xffffu;
  let bh = b >> 16u;
  let ll = al * bl;
  let lh = al * bh;
  let hl = ah * bl;
  let hh = ah * bh;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}
fn philox(counter: vec4<u32>) -> vec4<u32> {
  var c = counter;
  var k = vec2<u32>(U.seed_lo, U.seed_hi);
  for (var round = 0u; round < 10u; round++) {
    let hi0 = mulhi32(0xd2511f53u, c.x);
    let lo0 = 0xd2511f53u * c.x;
    let hi1 = mulhi32(0xcd9e8d57u, c.z);
    let lo1 = 0xcd9e8d57u * c.z;
    c = vec4<u32>(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
  }
  return c;
}
fn philox_uniform(element: u32, site: u32) -> f32 {
  let w = philox(vec4<u32>(element, U.iteration, site, 0u));
  return f32(w.x >> 8u) * 5.9604644775390625e-8f;
}
fn philox_normal(element: u32, site: u32) -> f32 {
  let w = philox(vec4<u32>(element, U.iteration, site, 0u));
  let u1 = f32((w.x >> 8u) + 1u) * 5.9604644775390625e-8f;
  let u2 = f32(w.y >> 8u) * 5.9604644775390625e-8f;
  return sqrt(-2.0f * philox_log(u1)) * philox_cos_two_pi(u2);
}
// log and cos from + and * (correctly rounded in WGSL), not the builtins, whose accuracy WGSL
// leaves loose (cos within 2^-11): so every GPU draws the JS Philox's normals to ~1e-7.
fn philox_log(x: f32) -> f32 {
  let parts = frexp(x);
  var m = parts.fract;
  var e = f32(parts.exp);
  if (m < 0.70710678f) {
    m = m * 2.0f;
    e = e - 1.0f;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172.
  let s = (m - 1.0f) / (m + 1.0f);
  let s2 = s * s;
  let tail = s2 * (0.33333333f + s2 * (0.2f + s2 * (0.14285714f + s2 * (0.11111111f + s2 * 0.09090909f))));
  // ln 2 as a float plus its remainder.
  return e * 0.693145752f + (e * 1.42860677e-6f + (2.0f * s + 2.0f * s * tail));
}
fn philox_cos_two_pi(u: f32) -> f32 {
  // u in [0, 1): fold to a in [0, 1/4] with a sign, then cos or sin of an angle within pi/4.
  var a = abs(select(u, u - 1.0f, u >= 0.5f));
  var sign = 1.0f;
  if (a > 0.25f) {
    a = 0.5f - a;
    sign = -1.0f;
  }
  if (a > 0.125f) {
    let t = 6.28318531f * (0.25f - a);
    let t2 = t * t;
    return sign * t * (1.0f - t2 * (0.16666667f - t2 * (0.0083333333f - t2 * (0.00019841270f - t2 * 2.7557319e-6f))));
  }
  let t = 6.28318531f * a;
  let t2 = t * t;
  return sign * (1.0f - t2 * (0.5f - t2 * (0.041666667f - t2 * (0.0013888889f - t2 * (0.000024801587f - t2 * 2.7557319e-7f)))));
}
`;
