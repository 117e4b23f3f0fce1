import { LockstepError } from '@lockstep/core/errors';
import { type ChainConsistencyReport, type CheckedChain, checkChainConsistency } from '@lockstep/core/gates';
import { type ProposalAction, readProposalFile } from '@lockstep/core/proposal';
import { networkRpcUrl } from '@lockstep/core/relay';
import { createPublicClient, http } from 'viem';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { commandFlags, commonFlags, configFlag, rootFlag, rpcFlag, stringFlag } from '../flags.js';
import { table } from '../logger.js';
import { chosenNetworks, networkFlag } from '../shared/chosen-networks.js';

const declared = commandFlags(
  {
    proposal: stringFlag(
      z.string().min(1).optional(),
      '<file>',
      'also check that each proxy of this proposal file runs the implementation it replaces',
      '(and check only the hub and the chains it targets, unless --network says otherwise)',
    ),
    ...networkFlag,
    ...rpcFlag,
    ...rootFlag,
    ...configFlag,
    ...commonFlags,
  },
  {
    epilogue: [
      '',
      'Reads only. Exit 0 when every chain agrees with the config, the deployment files and the other',
      'chains; 1 with a finding per difference (the chain, the expected and actual values, the fix).',
    ],
  },
);

/** `lockstep preflight`: the chain-consistency gate's check, over the deployment (and a proposal's proxies). */
export const preflight = defineCommand({
  path: ['preflight'],
  ...declared,
  async run(options, logger) {
    const usage = ['usage: lockstep preflight [--proposal <file>] [flags]', '', ...declared.help].join('\n');
    const { config, rpcUrls } = await chosenNetworks(options, usage);
    const actions: ProposalAction[] = options.proposal ? (await readProposalFile(options.proposal)).actions : [];
    const clientFor = (chainId: number) => {
      const network = config.networks.find((n) => n.chainId === chainId);
      if (!network) throw new LockstepError(`chain ${chainId} is not a network of the config`);
      return createPublicClient({ transport: http(networkRpcUrl(network, rpcUrls), { retryCount: 0 }) });
    };
    logger.info(
      `checking ${options.network.length > 0 ? options.network.join(', ') : 'every network'}${options.proposal ? ` and the proxies of ${options.proposal}` : ''}…`,
    );
    const report = await checkChainConsistency({
      config,
      clientFor,
      actions,
      ...(options.network.length > 0 ? { networks: options.network } : {}),
      ...(options.root === undefined ? {} : { root: options.root }),
    });
    for (const chain of report.chains) {
      const errors = report.findings.filter((f) => f.network === chain.network && f.severity === 'error').length;
      if (errors === 0) logger.success(`${chain.network}: consistent`);
      else logger.fail(`${chain.network}: ${errors} difference(s)`);
    }
    logger.result({ ...(options.proposal ? { proposal: options.proposal } : {}), ...report }, () => human(report));
    return report.consistent ? 0 : 1;
  },
});

function human(report: ChainConsistencyReport): string {
  const errorsOf = (network: string) =>
    report.findings.filter((f) => f.network === network && f.severity === 'error').length;
  const chains = table(
    ['network', 'chain id', 'receiver', 'guardian set', 'fallback set', 'result'],
    report.chains.map((chain) => {
      const errors = errorsOf(chain.network);
      return [
        chain.network,
        String(chain.chainId),
        short(chain.state?.receiver?.address),
        guardianCell(chain),
        fallbackCell(chain),
        !chain.reachable ? 'unreachable' : errors === 0 ? 'consistent' : `${errors} difference(s)`,
      ];
    }),
  );
  const sections = [chains];
  if (report.proxies.length > 0) {
    sections.push(
      table(
        ['network', 'proxy', 'replaces', 'registry', 'EIP-1967 slot'],
        report.proxies.map((p) => [
          p.network,
          p.label ?? short(p.proxy),
          short(p.replaces),
          short(p.registry),
          short(p.slot),
        ]),
      ),
    );
  }
  if (report.findings.length > 0) {
    sections.push(
      report.findings.map((f) => `${f.severity === 'error' ? '✗' : '⚠'} ${f.network}: ${f.message}`).join('\n'),
    );
  }
  const errors = report.findings.filter((f) => f.severity === 'error');
  sections.push(
    report.consistent
      ? `consistent: ${report.chains.length} chain(s) agree with the config, the deployment files and each other`
      : `${errors.length} difference(s): fix them before anyone signs`,
  );
  return sections.join('\n\n');
}

function guardianCell(chain: CheckedChain): string {
  const set = chain.state?.guardianSet;
  return set ? `set ${set.index}: ${set.threshold} of ${set.members.length}` : '-';
}

function fallbackCell(chain: CheckedChain): string {
  const set = chain.state?.fallbackSet;
  return set ? `${set.threshold} of ${set.members.length}, nonce ${set.rotationNonce}` : '-';
}

/** `0x6D1B…9aBb`. */
function short(address: string | undefined): string {
  return address ? `${address.slice(0, 6)}…${address.slice(-4)}` : '-';
}
