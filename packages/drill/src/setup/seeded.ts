/** Seeded randomness: every random choice of a drill comes from `--seed`, so a run replays exactly. */

/** A mulberry32 stream from `seed`: uniform numbers in [0, 1), the same sequence for the same seed. */
function stream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seed-determined integer in [0, `bound`) for one named choice (`key`, e.g. a chain's name): the
 * same seed and key give the same number, whatever else the drill draws and in whatever order.
 */
export function seededInt(seed: number, key: string, bound: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return Math.floor(stream(h)() * bound);
}

/** `items` in a seed-determined order (mulberry32 + Fisher-Yates): the same seed, the same order. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = stream(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
