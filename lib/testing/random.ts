/**
 * A small seeded pseudo-random generator for test data: the same seed gives the same numbers on
 * every machine and Node version (sfc32, seeded through cyrb128; no dependency, not for secrets).
 */

/** Four 32-bit words from a string (cyrb128): nearby seeds give unrelated streams. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/**
 * Deterministic random values: `new Random(42)` draws the same sequence in every run.
 *
 * @example
 * const random = new Random('bookstore');
 * const stock = random.int(0, 20);
 * const tag = random.pick(['sf', 'fiction', 'classic']);
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number | string) {
    [this.#a, this.#b, this.#c, this.#d] = hash128(String(seed));
    // The first outputs of sfc32 still carry the seed's shape: draw them away.
    for (let i = 0; i < 12; i++) this.float();
  }

  /** A float in [0, 1). */
  float(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`Random.int(${min}, ${max}): give two integers, the smaller first.`);
    }
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p` (default one half). */
  chance(p = 0.5): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new RangeError('Random.pick: the list is empty.');
    return values[this.int(0, values.length - 1)] as T;
  }

  /** A shuffled copy of a list. */
  shuffle<T>(values: readonly T[]): T[] {
    const out = [...values];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
