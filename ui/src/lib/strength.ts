/**
 * A hint, not a rule: the core refuses passphrases under 10 characters; this only nudges toward a
 * longer sentence. Several words and length make a passphrase strong; repeats make it weak.
 */
export type Strength = 'empty' | 'weak' | 'fair' | 'strong';

export function strength(text: string): Strength {
  if (text.length === 0) return 'empty';
  const words = text.trim().split(/\s+/).filter((w) => w.length >= 2);
  const distinct = new Set(text.toLowerCase()).size;
  if (text.length < 10 || distinct < 6) return 'weak';
  if (text.length >= 20 && words.length >= 4) return 'strong';
  return 'fair';
}
