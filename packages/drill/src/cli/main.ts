/** `lockstep-drill`: placeholder until the drill engine lands; exits 2 with its usage. */
export async function main(_argv: readonly string[]): Promise<number> {
  process.stderr.write('usage: lockstep-drill <scenario|path> [--seed n] [--chains n] [--keep] [--json]\n');
  return 2;
}
