/**
 * A guardian node: watches the GovernanceHub's `MessageDispatched` logs on the hub chain, signs each
 * message once its block is final, and serves the signatures over HTTP on 127.0.0.1. Its cursor
 * and signatures live in one atomically replaced file, and a signature is served only once that
 * file holds it, so a node killed at any time resumes where it stopped and never forgets what it
 * served. It signs only what it reads from the hub chain itself.
 */
import { governanceHubAbi } from '@lockstep/client';
import { type Address, createPublicClient, getAddress, type Hex, type LocalAccount } from 'viem';
import { rpcHttp } from '../chain/clients.js';
import type { LockstepConfig } from '../config/schema.js';
import type { GuardianStoreErrorType } from '../errors/guardian.js';
import { GuardianNodeError, type GuardianNodeErrorType, GuardianRefusalError } from '../errors/guardian.js';
import { decodeMessage, messageId } from '../message/codec.js';
import { type Attestation, signAttestation } from './attestation.js';
import { type GuardianHealth, startAttestationServer } from './server.js';
import { guardianStorePath, readGuardianStore, writeGuardianStore } from './store.js';

/** What a node reports while it runs (the library never prints; the CLI logs these). */
export type GuardianNodeEvent =
  | { type: 'started'; guardian: Address; url: string; cursor: bigint; signed: number }
  | { type: 'signed'; messageId: Hex; dstChainId: number; blockNumber: bigint }
  | { type: 'refused'; messageId: Hex; blockNumber: bigint; reason: string; error: GuardianRefusalError }
  | { type: 'poll-failed'; error: unknown }
  /**
   * The hub chain no longer holds the blocks the store scanned (a devnet restarted from genesis):
   * the cursor is past the head, or the block before it has another hash. The node dropped its
   * cursor and signatures and scans again from `cursor` (the `fromBlock`).
   */
  | {
      type: 'chain-reset';
      reason: 'cursor-past-head' | 'block-hash-changed';
      previousCursor: bigint;
      head: bigint;
      cursor: bigint;
      message: string;
    }
  | { type: 'stopped' };

export type CreateGuardianNodeParameters = {
  /** The config: the hub network (chain id, finality depth) and the destinations. */
  config: Pick<LockstepConfig, 'networks'>;
  /** The guardian's key. */
  account: LocalAccount;
  hubRpcUrl: string;
  /** The GovernanceHub and the GuardianAdapter (the same address on every chain). */
  addresses: { hub: Address; guardianAdapter: Address };
  /** Port on 127.0.0.1; 0 picks a free one. Default: 0. */
  port?: number;
  /** Milliseconds between polls of the hub. Default: 1000. */
  pollIntervalMs?: number;
  /** Folder of the store file (`guardian-<hubChainId>-<hub>-<address>.json`). */
  storeDir: string;
  /** First hub block to scan when there is no store yet. Default: 0. */
  fromBlock?: bigint;
  /** Most blocks asked for in one `eth_getLogs`. Default: 2000. */
  maxBlockRange?: bigint;
  onEvent?: (event: GuardianNodeEvent) => void;
};

export type GuardianNode = {
  guardian: Address;
  /** Always `127.0.0.1`. */
  host: string;
  port: number;
  url: string;
  /** What `GET /health` answers. */
  health(): GuardianHealth;
  /** The attestation of `messageId`, if signed. */
  attestation(messageId: Hex): Attestation | undefined;
  /** Scans the hub now (queued behind a running scan) and resolves once done. */
  poll(): Promise<void>;
  /** Stops polling and closes the server; the store stays. */
  stop(): Promise<void>;
};

export type CreateGuardianNodeReturnType = GuardianNode;

export type CreateGuardianNodeErrorType = GuardianNodeErrorType | GuardianStoreErrorType;

/**
 * Starts a guardian node and resolves once its HTTP server listens and it knows the hub answers
 * with the configured chain id. Polls until `stop()`.
 *
 * @example
 * const node = await createGuardianNode({ config, account, hubRpcUrl, addresses, port: 7001, storeDir: '.lockstep/guardian' })
 */
export async function createGuardianNode(
  parameters: CreateGuardianNodeParameters,
): Promise<CreateGuardianNodeReturnType> {
  const { config, account, hubRpcUrl, storeDir, onEvent } = parameters;
  const pollIntervalMs = parameters.pollIntervalMs ?? 1000;
  const maxBlockRange = parameters.maxBlockRange ?? 2000n;
  const hub = getAddress(parameters.addresses.hub);
  const adapter = getAddress(parameters.addresses.guardianAdapter);
  const guardian = getAddress(account.address);
  const hubNetwork = config.networks.find((network) => network.role === 'hub');
  if (!hubNetwork) throw new GuardianNodeError('the config has no hub network');

  const client = createPublicClient({ transport: rpcHttp(hubRpcUrl, { retryCount: 0 }) });
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (cause) {
    throw new GuardianNodeError(`the hub RPC does not answer eth_chainId — start the hub node or fix its URL`, {
      cause,
    });
  }
  if (chainId !== hubNetwork.chainId) {
    throw new GuardianNodeError(
      `the hub RPC reports chain id ${chainId}, the hub network ${hubNetwork.name} is chain ${hubNetwork.chainId}`,
    );
  }

  const storePath = guardianStorePath(storeDir, { hubChainId: chainId, hub }, guardian);
  const stored = await readGuardianStore(storePath);
  if (stored && (stored.guardian !== guardian || stored.hub !== hub || stored.hubChainId !== chainId)) {
    throw new GuardianNodeError(
      `${storePath} belongs to guardian ${stored.guardian} of hub ${stored.hub} on chain ${stored.hubChainId}, not to guardian ${guardian} of hub ${hub} on chain ${chainId} — move the file away`,
    );
  }
  const startBlock = parameters.fromBlock ?? 0n;
  let cursor = stored?.cursor ?? startBlock;
  let cursorHash = stored?.cursorHash;
  const attestations = new Map<Hex, Attestation>(
    stored?.attestations.map((a) => [a.messageId.toLowerCase() as Hex, a]),
  );
  /** A signature made in the block range being scanned, not yet on disk nor served. */
  type Signed = { attestation: Attestation; blockNumber: bigint };
  const save = (next: { cursor: bigint; cursorHash: Hex | undefined }, signed: readonly Signed[] = []) =>
    writeGuardianStore(storePath, {
      guardian,
      hubChainId: chainId,
      hub,
      cursor: next.cursor,
      cursorHash: next.cursorHash,
      attestations: [...attestations.values(), ...signed.map((s) => s.attestation)],
    });
  let hubBlock: bigint | undefined;
  let finalizedBlock: bigint | undefined;

  const health = (): GuardianHealth => ({
    guardian,
    hubChainId: chainId,
    hub,
    cursor: Number(cursor),
    hubBlock: hubBlock === undefined ? null : Number(hubBlock),
    finalizedBlock: finalizedBlock === undefined ? null : Number(finalizedBlock),
    signed: attestations.size,
  });
  const attestation = (id: Hex) => attestations.get(id.toLowerCase() as Hex);

  async function scan(): Promise<void> {
    const head = await client.getBlockNumber({ cacheTime: 0 });
    await detectRewind(head);
    hubBlock = head;
    const finalized = head - BigInt(hubNetwork?.finalityDepth ?? 0);
    if (finalized < 0n) return;
    finalizedBlock = finalized;
    while (cursor <= finalized) {
      const toBlock = cursor + maxBlockRange - 1n < finalized ? cursor + maxBlockRange - 1n : finalized;
      const logs = await client.getContractEvents({
        address: hub,
        abi: governanceHubAbi,
        eventName: 'MessageDispatched',
        fromBlock: cursor,
        toBlock,
        strict: true,
      });
      // SECURITY: this range's signatures are served only once the store on disk holds them with the
      // cursor past their blocks: a node killed after serving one has it on disk, and a failed write
      // moves neither the cursor nor a signature out, so the next scan signs the range again.
      const pending = new Map<Hex, Signed>();
      for (const log of logs) await handle(log.args.messageId, log.args.message, log.blockNumber, head, pending);
      const last = await client.getBlock({ blockNumber: toBlock });
      const next = { cursor: toBlock + 1n, cursorHash: last.hash ?? undefined };
      const signed = [...pending.values()];
      await save(next, signed);
      cursor = next.cursor;
      cursorHash = next.cursorHash;
      for (const { attestation, blockNumber } of signed) {
        attestations.set(attestation.messageId.toLowerCase() as Hex, attestation);
        onEvent?.({
          type: 'signed',
          messageId: attestation.messageId,
          dstChainId: attestation.dstChainId,
          blockNumber,
        });
      }
    }
  }

  /**
   * SECURITY: a cursor from a chain that is gone would skip (never sign) every message of the new
   * chain below it. When the head is below the last scanned block, or that block's hash changed,
   * the store is dropped and the scan starts again from `fromBlock`.
   */
  async function detectRewind(head: bigint): Promise<void> {
    if (cursor === startBlock && cursorHash === undefined) return;
    const last = cursor - 1n;
    let reason: 'cursor-past-head' | 'block-hash-changed' | undefined;
    if (last > head) reason = 'cursor-past-head';
    else if (cursorHash !== undefined && last >= 0n) {
      const block = await client.getBlock({ blockNumber: last });
      if (block.hash?.toLowerCase() !== cursorHash.toLowerCase()) reason = 'block-hash-changed';
    }
    if (!reason) return;
    const previousCursor = cursor;
    const why =
      reason === 'cursor-past-head'
        ? `the store's cursor is block ${previousCursor} but the hub chain's head is block ${head}`
        : `block ${last} of the hub chain has another hash than the one the store scanned`;
    cursor = startBlock;
    cursorHash = undefined;
    attestations.clear();
    await save({ cursor, cursorHash });
    onEvent?.({
      type: 'chain-reset',
      reason,
      previousCursor,
      head,
      cursor,
      message: `the hub chain went backwards (${why}, e.g. a devnet restarted): dropped the store ${storePath} and scanning again from block ${cursor}`,
    });
  }

  async function handle(
    announcedId: Hex,
    encoded: Hex,
    blockNumber: bigint,
    head: bigint,
    pending: Map<Hex, Signed>,
  ): Promise<void> {
    const key = announcedId.toLowerCase() as Hex;
    if (attestations.has(key) || pending.has(key)) return;
    try {
      const message = decodeMessage(encoded);
      const id = messageId(message);
      if (id.toLowerCase() !== announcedId.toLowerCase()) {
        throw new GuardianRefusalError(`the message's id is ${id}, the hub's event says ${announcedId}`, {
          reason: 'id-mismatch',
        });
      }
      const signed = await signAttestation(account, { message, adapter, config, hub, finality: { blockNumber, head } });
      pending.set(signed.messageId.toLowerCase() as Hex, { attestation: signed, blockNumber });
    } catch (error) {
      if (!(error instanceof GuardianRefusalError)) throw error;
      onEvent?.({ type: 'refused', messageId: announcedId, blockNumber, reason: error.reason, error });
    }
  }

  // One scan at a time: the loop and `poll()` queue behind each other.
  let queue: Promise<void> = Promise.resolve();
  const poll = (): Promise<void> => {
    const run = queue.then(scan);
    queue = run.catch(() => undefined);
    return run;
  };

  const server = await startAttestationServer({ port: parameters.port ?? 0, attestation, health });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    try {
      await poll();
    } catch (error) {
      onEvent?.({ type: 'poll-failed', error });
    }
    if (!stopped) timer = setTimeout(loop, pollIntervalMs);
  };
  onEvent?.({ type: 'started', guardian, url: server.url, cursor, signed: attestations.size });
  void loop();

  return {
    guardian,
    host: server.host,
    port: server.port,
    url: server.url,
    health,
    attestation,
    poll,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await queue;
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.server.close(() => resolve()));
      onEvent?.({ type: 'stopped' });
    },
  };
}
