/**
 * IEEE 754 half-precision bits of each float32, rounded to nearest even; what tfjs's weight
 * loader decodes for a manifest entry quantized as `float16`.
 */
export function toFloat16Bits(values: Float32Array): Uint16Array {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const sign = (word >>> 16) & 0x8000;
    const exponent = (word >>> 23) & 0xff;
    const mantissa = word & 0x7fffff;
    if (exponent === 0xff) {
      out[i] = sign | 0x7c00 | (mantissa ? 0x200 : 0); // infinity or NaN
      continue;
    }
    const halfExponent = exponent - 127 + 15;
    if (halfExponent >= 0x1f) {
      out[i] = sign | 0x7c00; // too large: infinity
    } else if (halfExponent <= 0) {
      if (halfExponent < -10) {
        out[i] = sign; // too small: zero
        continue;
      }
      // Subnormal: shift the mantissa, with its implicit 1, into place and round.
      const full = mantissa | 0x800000;
      const shift = 14 - halfExponent;
      let half = full >>> shift;
      const rest = full & ((1 << shift) - 1);
      const halfway = 1 << (shift - 1);
      if (rest > halfway || (rest === halfway && half & 1)) half++;
      out[i] = sign | half;
    } else {
      let half = (halfExponent << 10) | (mantissa >>> 13);
      const rest = mantissa & 0x1fff;
      // A carry out of the mantissa correctly bumps the exponent (up to infinity).
      if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
      out[i] = sign | half;
    }
  }
  return out;
}
