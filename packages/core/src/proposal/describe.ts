/**
 * What a member signs, made readable: the EIP-712 domain and message, the digest, and the actions
 * per chain with every address labelled (`labels.ts`) and every call that moves control (ownership,
 * roles, proxy administration, initialisation), every undecodable call and every unknown address
 * flagged. `lockstep approve` shows it before signing; `lockstep verify-digest` prints it from the
 * file alone. Pure: the chain reads (registry names, codehash checks) come in with the actions.
 */
import type { Address, Hex } from 'viem';
import type { ApprovalTypedData, DescribedAction } from '../council/describe-approval.js';
import type { ChainAction } from '../council/types.js';
import { type CallFlagKind, type DecodedArgument, type DecodedCall, decodeActionData } from './describe-call.js';
import { type AddressLabel, addressBook, formatLabel, type LabelEntry, type LabelledAddress } from './labels.js';

/** Why an action needs a second look. `unknown-address`: an address no label source knows. */
export type ActionFlagKind = CallFlagKind | 'unknown-address';

export type ActionFlag = { kind: ActionFlagKind; chainId: number; proxy: Address; message: string };

/** A decoded argument; an address argument carries its label. */
export type ReadableArgument = DecodedArgument & { label?: AddressLabel };

export type ReadableAction = {
  chainId: number;
  proxy: LabelledAddress;
  /** The proposal file's own name for the proxy (its author's word, not checked). */
  claimedLabel?: string;
  previousImplementation: LabelledAddress;
  implementation: LabelledAddress;
  codehash: Hex;
  data: Hex;
  call?: Omit<DecodedCall, 'args'> & { args: ReadableArgument[] };
  /** Present when the action was checked on its chain (`describeApproval`). */
  codehashCheck?: DescribedAction['codehashCheck'];
  previousImplementationCheck?: DescribedAction['previousImplementationCheck'];
  flags: ActionFlag[];
};

export type ReadableProposal = {
  domain: ApprovalTypedData['domain'];
  message: ApprovalTypedData['message'];
  digest: Hex;
  verifyingContract: LabelledAddress;
  chains: { chainId: number; network?: string; actions: ReadableAction[] }[];
  /** Every action's flags, in order: what the member must look at before signing. */
  flags: ActionFlag[];
};

/** An action as the file or the chain holds it, with whatever was checked on its chain. */
export type DescribableAction = ChainAction &
  Partial<Pick<DescribedAction, 'codehashCheck' | 'previousImplementationCheck' | 'proxyName'>> & { label?: string };

export type DescribeProposalParameters = {
  typedData: ApprovalTypedData;
  digest: Hex;
  actions: readonly DescribableAction[];
  /** Known addresses (deployment files, config), most trusted first. Registry names are added from the actions. */
  labels: readonly LabelEntry[];
  /** Network names by chain id. */
  networks?: ReadonlyMap<number, string>;
};

const FLAG_WORDS: Readonly<Record<CallFlagKind, string>> = {
  ownership: 'OWNERSHIP CHANGE',
  role: 'ROLE CHANGE',
  'proxy-admin': 'PROXY ADMIN / UPGRADE CHANGE',
  initializer: 'INITIALISER CALL',
  'unknown-call': 'UNDECODED CALL',
};

/** The readable description of an approval (see the module comment). */
export function describeProposal(parameters: DescribeProposalParameters): ReadableProposal {
  const { typedData, digest, actions, labels, networks } = parameters;
  const registered: LabelEntry[] = actions.flatMap((a) =>
    a.proxyName ? [{ chainId: a.chainId, address: a.proxy, label: { kind: 'registry', name: a.proxyName } }] : [],
  );
  const running: LabelEntry[] = actions.flatMap((a) =>
    a.proxyName && a.previousImplementationCheck?.status === 'current'
      ? [
          {
            chainId: a.chainId,
            address: a.previousImplementation,
            label: { kind: 'registry', name: `running implementation of ${a.proxyName}` },
          },
        ]
      : [],
  );
  const book = addressBook([...registered, ...labels, ...running]);
  const readable = actions.map((action) => readableAction(action, book));
  const chains: ReadableProposal['chains'] = [];
  for (const action of readable) {
    const chain = chains.find((c) => c.chainId === action.chainId);
    if (chain) chain.actions.push(action);
    else {
      const network = networks?.get(action.chainId);
      chains.push({ chainId: action.chainId, ...(network ? { network } : {}), actions: [action] });
    }
  }
  return {
    domain: typedData.domain,
    message: typedData.message,
    digest,
    verifyingContract: book.label(typedData.domain.chainId, typedData.domain.verifyingContract),
    chains,
    flags: readable.flatMap((a) => a.flags),
  };
}

function readableAction(action: DescribableAction, book: ReturnType<typeof addressBook>): ReadableAction {
  const { chainId } = action;
  const proxy = book.label(chainId, action.proxy);
  const previousImplementation = book.label(chainId, action.previousImplementation);
  const implementation = book.label(chainId, action.implementation);
  const decoded = decodeActionData(action.data);
  const call = decoded && {
    ...decoded,
    args: decoded.args.map(
      (arg): ReadableArgument =>
        arg.type === 'address' ? { ...arg, label: book.label(chainId, arg.value as Address).label } : arg,
    ),
  };
  const flag = (kind: ActionFlagKind, message: string): ActionFlag => ({
    kind,
    chainId,
    proxy: proxy.address,
    message,
  });
  const where = `${proxy.address} ${formatLabel(proxy.label)} on chain ${chainId}`;
  const flags: ActionFlag[] = [];
  if (call?.flag === 'unknown-call') {
    flags.push(
      flag(
        'unknown-call',
        `${FLAG_WORDS['unknown-call']}: ${where} is called with data of unknown function ${call.selector} — get its source and decode it before signing`,
      ),
    );
  } else if (call?.flag) {
    const args = call.args.map((a) => `${a.name}=${formatArgument(a)}`).join(', ');
    flags.push(flag(call.flag, `${FLAG_WORDS[call.flag]}: ${where} runs ${call.functionName}(${args})`));
  }
  const addresses: [string, LabelledAddress][] = [
    ['proxy', proxy],
    ['previous implementation', previousImplementation],
    ['implementation', implementation],
    ...(call?.args ?? []).flatMap((a): [string, LabelledAddress][] =>
      a.label ? [[`argument ${a.name}`, { address: a.value as Address, label: a.label }]] : [],
    ),
  ];
  for (const [role, { address, label }] of addresses) {
    if (label.kind === 'unknown') {
      flags.push(
        flag(
          'unknown-address',
          `⚠ unknown ${role} ${address} (chain ${chainId}): no registry entry, deployment or config names it`,
        ),
      );
    }
  }
  return {
    chainId,
    proxy,
    ...(action.label ? { claimedLabel: action.label } : {}),
    previousImplementation,
    implementation,
    codehash: action.codehash,
    data: action.data,
    ...(call ? { call } : {}),
    ...(action.codehashCheck ? { codehashCheck: action.codehashCheck } : {}),
    ...(action.previousImplementationCheck ? { previousImplementationCheck: action.previousImplementationCheck } : {}),
    flags,
  };
}

/** An argument as text: an address with its label, a role id with its name. */
export function formatArgument(arg: ReadableArgument): string {
  if (arg.label) return `${arg.value} ${formatLabel(arg.label)}`;
  if (arg.role) return `${arg.value} (${arg.role})`;
  return arg.value;
}
