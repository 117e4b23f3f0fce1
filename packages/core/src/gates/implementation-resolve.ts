/**
 * Which compiled artifact an action's implementation (or the one it replaces) is: the one the
 * proposal names in `artifacts`, or else the project's artifact whose runtime code is the code at
 * the address on chain (metadata and immutables aside). Shared by the storage-layout and
 * implementation gates.
 */
import type { Address, Hex } from 'viem';
import { getCode } from 'viem/actions';
import type { ProposalAction } from '../proposal/document.js';
import { type ForgeArtifact, findArtifact, matchArtifactsByCode } from './implementation-artifacts.js';
import type { GateContext, GateFinding } from './types.js';

export type ImplementationSide = 'previous' | 'implementation';

/** The artifact, how it was found (for the record), or the finding that says why none was. */
export type ResolvedArtifact =
  | { artifact: ForgeArtifact; finding: GateFinding }
  | { artifact?: undefined; finding: GateFinding };

/** The runtime code at `address` on `chainId`, `0x` when there is none. */
export async function codeAt(context: GateContext, chainId: number, address: Address): Promise<Hex> {
  return (await getCode(context.clientFor(chainId), { address })) ?? '0x';
}

/** Resolves one side of `action` to an artifact; never throws for a missing or unknown artifact. */
export async function resolveArtifact(
  context: GateContext,
  action: ProposalAction,
  side: ImplementationSide,
): Promise<ResolvedArtifact> {
  const address = side === 'previous' ? action.previousImplementation : action.implementation;
  const subject = `${action.label ?? action.proxy} ${side === 'previous' ? 'running' : 'new'} implementation ${address}`;
  const named = action.artifacts?.[side];
  if (named) {
    try {
      const artifact = await findArtifact(context.projectRoot, named);
      return {
        artifact,
        finding: {
          severity: 'info',
          chainId: action.chainId,
          subject,
          message: `artifact ${named} (named in the proposal)`,
        },
      };
    } catch (error) {
      return { finding: { severity: 'error', chainId: action.chainId, subject, message: (error as Error).message } };
    }
  }
  const code = await codeAt(context, action.chainId, address);
  if (code === '0x') {
    return { finding: { severity: 'error', chainId: action.chainId, subject, message: 'has no code on chain' } };
  }
  const matches = await matchArtifactsByCode(context.projectRoot, code);
  const [first, ...others] = matches;
  if (!first) {
    return {
      finding: {
        severity: 'error',
        chainId: action.chainId,
        subject,
        message:
          `no compiled artifact of this project has its runtime code: name it in the proposal's action ` +
          `(artifacts.${side}: "path/File.sol:Contract") after building those sources with \`forge build\``,
      },
    };
  }
  const also = others.length ? ` (identical code: ${others.map((a) => a.id).join(', ')})` : '';
  return {
    artifact: first,
    finding: {
      severity: 'info',
      chainId: action.chainId,
      subject,
      message: `matched artifact ${first.id} by its runtime code${also}`,
    },
  };
}
