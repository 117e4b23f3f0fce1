/**
 * The implementation gate: each new implementation is a contract fit to sit behind a proxy. Read on
 * chain: it is not an EIP-7702 delegated account, its codehash is the one the proposal commits to
 * (recorded), its constructor disabled its initializers (no one can take over the implementation
 * itself: OpenZeppelin 5's namespaced Initializable, or 4's variables where the matched artifact's
 * storage layout has them), and its code holds no SELFDESTRUCT. Read from its source (upgrades-core's validation
 * over forge's build info): no `selfdestruct`, no `delegatecall` outside OpenZeppelin's annotated
 * UUPS paths. Not overridable: none of these is a judgement call.
 */
import { codeHash } from '../crypto/code-hash.js';
import type { ProposalAction } from '../proposal/document.js';
import { delegationTarget, selfdestructOffsets } from './implementation-bytecode.js';
import { type InitializerState, readInitializerState } from './implementation-initializers.js';
import { codeAt, resolveArtifact } from './implementation-resolve.js';
import { validateContract } from './implementation-validation.js';
import type { GateContext, GateFinding, GateOutcome, ProposalGate } from './types.js';

/** upgrades-core findings that refuse an implementation; the others are reported as warnings. */
const BLOCKING_KINDS = new Set(['selfdestruct', 'delegatecall']);

export const implementationGate: ProposalGate = {
  name: 'implementation',
  title:
    'each new implementation disables its initializers, cannot selfdestruct or delegatecall, and has the codehash the proposal records',
  overridable: false,
  run: async (context) => {
    const findings: GateFinding[] = [];
    const seen = new Set<string>();
    for (const action of context.document.actions) {
      const key = `${action.chainId}:${action.implementation.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(...(await checkImplementation(context, action)));
    }
    const failed = findings.filter((f) => f.severity === 'error');
    return {
      status: failed.length ? 'failed' : 'passed',
      summary: failed.length
        ? `${failed.length} problem(s) with the new implementation(s)`
        : `${seen.size} implementation(s): initializers disabled, no selfdestruct or delegatecall, codehash as proposed`,
      findings,
    } satisfies GateOutcome;
  },
};

async function checkImplementation(context: GateContext, action: ProposalAction): Promise<GateFinding[]> {
  const { chainId, implementation } = action;
  const subject = `${action.label ?? action.proxy} new implementation ${implementation}`;
  const finding = (severity: GateFinding['severity'], message: string): GateFinding => ({
    severity,
    chainId,
    subject,
    message,
  });
  const code = await codeAt(context, chainId, implementation);
  if (code === '0x') return [finding('error', 'has no code on chain: deploy it before proposing')];
  const delegate = delegationTarget(code);
  if (delegate) {
    return [
      finding(
        'error',
        `is an EIP-7702 delegated account (code 0xef0100…, delegating to ${delegate}), not a contract: its code can be changed by its key's owner at any time`,
      ),
    ];
  }
  const findings: GateFinding[] = [];
  const codehash = codeHash(code);
  findings.push(
    codehash === action.codehash.toLowerCase()
      ? finding('info', `codehash ${codehash} (as the proposal records)`)
      : finding('error', `codehash on chain is ${codehash}, the proposal says ${action.codehash}`),
  );
  for (const offset of selfdestructOffsets(code)) {
    findings.push(finding('error', `SELFDESTRUCT opcode at code offset ${offset}`));
  }
  const resolved = await resolveArtifact(context, action, 'implementation');
  findings.push(resolved.finding);
  const initializers = await readInitializerState(context.clientFor(chainId), {
    address: implementation,
    code,
    projectRoot: context.projectRoot,
    ...(resolved.artifact ? { artifact: resolved.artifact } : {}),
  });
  const initializerFinding = describeInitializers(initializers);
  if (initializerFinding) findings.push(finding(initializerFinding.severity, initializerFinding.message));
  if (!resolved.artifact) return findings;
  const { errors } = await validateContract(context.projectRoot, resolved.artifact);
  for (const error of errors) {
    findings.push(
      finding(
        BLOCKING_KINDS.has(error.kind) ? 'error' : 'warning',
        `${error.kind} at ${error.src} (@openzeppelin/upgrades-core)`,
      ),
    );
  }
  return findings;
}

/**
 * The finding about the implementation's initializers: an error when they are open, a warning when
 * unknown, none for OpenZeppelin 5's disabled slot (the usual case, as before 4.x was read).
 */
function describeInitializers(state: InitializerState): Pick<GateFinding, 'severity' | 'message'> | undefined {
  const fix = 'its constructor must call `_disableInitializers()`';
  if (state.layout === 'unknown') {
    return {
      severity: 'warning',
      message:
        `cannot tell whether its initializers are disabled: ${state.reason}. Name the implementation's artifact in the proposal ` +
        '(artifacts.implementation: "path/File.sol:Contract", built with `forge build`), or check by hand that no one can initialize the implementation itself',
    };
  }
  if (state.layout === 'oz5') {
    return state.disabled
      ? undefined
      : {
          severity: 'error',
          message: `initializers are not disabled (OpenZeppelin Initializable version ${state.version} at the implementation): anyone can initialize the implementation itself; ${fix}`,
        };
  }
  const where = `\`_initialized\` = ${state.version} at slot ${state.slot}, offset ${state.offset}, from ${state.artifact}'s storage layout`;
  return state.disabled
    ? { severity: 'info', message: `initializers disabled (OpenZeppelin 4 Initializable: ${where})` }
    : {
        severity: 'error',
        message: `initializers are not disabled (OpenZeppelin 4 Initializable: ${where}${state.initializing ? ', `_initializing` set' : ''}): anyone can initialize the implementation itself; ${fix}`,
      };
}
