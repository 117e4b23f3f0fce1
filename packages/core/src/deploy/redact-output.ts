/**
 * Makes tool output safe to show: every given secret (and, for a hex private key, its forms with
 * and without `0x` and in decimal) becomes `***`, and so does anything else that looks like a
 * 32-byte hex key. Transaction hashes have that shape too and are redacted with it: better a lost
 * hash than a leaked key.
 */
export function redactOutput(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const form of secretForms(secrets)) out = out.split(form).join('***');
  return out.replace(/(?<![0-9a-fA-F])(0x)?[0-9a-fA-F]{64}(?![0-9a-fA-F])/g, '***');
}

/** The last `count` non-empty lines of `text`. */
export function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0)
    .slice(-count)
    .join('\n');
}

function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    const hex = secret.replace(/^0x/i, '');
    if (/^[0-9a-fA-F]{64}$/.test(hex)) {
      forms.add(hex);
      forms.add(hex.toLowerCase());
      forms.add(BigInt(`0x${hex}`).toString(10));
    }
  }
  // Longest first, so a form that contains another is replaced whole.
  return [...forms].sort((a, b) => b.length - a.length);
}
