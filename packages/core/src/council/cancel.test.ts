/**
 * The cancel (veto) path on real anvils (ethereum hub, arbitrum) with the default deployment: a
 * cancel needs the emergency threshold (4 of 9), vetoes a pending or scheduled upgrade and cancels
 * its timelock operation, so the upgrade can never run.
 */
import { timelockControllerAbi } from '@lockstep/client';
import { type Address, createPublicClient, type Hex, http, keccak256, toHex, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceTime } from '../devnet/advance-time.js';
import { CouncilError, CouncilRevertError } from '../errors/council.js';
import { approveOnChain } from './approve-on-chain.js';
import { describeApproval } from './describe-approval.js';
import { executeCancel } from './execute-cancel.js';
import { executeProposal } from './execute-proposal.js';
import { getProposalStatus } from './get-proposal-status.js';
import { proposeCancel } from './propose-cancel.js';
import { scheduleProposal } from './schedule-proposal.js';
import { signApproval } from './sign-approval.js';
import { submitApprovals } from './submit-approvals.js';
import { type CouncilFixture, DEPLOY_TIMEOUT, member, startCouncilFixture, TWO_DAYS } from './test-fixture.js';

let fixture: CouncilFixture;
let hubUrl: string;
let council: Address;

const clientOf = (i: number) => fixture.clientOf(i);
const hub = () => createPublicClient({ transport: http(hubUrl) });
/** How many transactions member `i` has sent: unchanged when an action refuses before sending. */
const nonceOf = (i: number) => hub().getTransactionCount({ address: member(i).address });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined).catch((e: unknown) => e);
const propose = () => fixture.propose();

beforeAll(async () => {
  fixture = await startCouncilFixture();
  ({ hubUrl, council } = fixture);
}, DEPLOY_TIMEOUT);

afterAll(async () => {
  await fixture?.stop();
});

/** Members `who` sign offline; member 9 submits the signatures in one transaction. */
async function approve(proposalId: Hex, who: readonly number[]): Promise<number> {
  const described = await describeApproval(clientOf(9), { council, proposalId });
  const signed = await Promise.all(who.map((i) => signApproval(member(i), described)));
  return (await submitApprovals(clientOf(9), { council, proposalId, approvals: signed })).approvals;
}

/** A proposed upgrade with the full threshold (6), handed to the timelock. */
async function scheduled(): Promise<Hex> {
  const proposalId = await propose();
  expect(await approve(proposalId, [1, 2, 3, 4, 5, 6])).toBe(6);
  await scheduleProposal(clientOf(9), { council, proposalId });
  return proposalId;
}

describe('cancel a scheduled upgrade', () => {
  it(
    'vetoed with 4 approvals (refused at 3 with got/need), its timelock operation cancelled, never executable',
    async () => {
      const proposalId = await scheduled();
      const before = await getProposalStatus(hub(), { council, proposalId });
      expect([before.status, before.operation?.state]).toEqual(['scheduled', 'pending']);
      const operationId = before.operation?.id;
      if (!operationId) throw new Error('a scheduled upgrade has a timelock operation');

      const proposed = await proposeCancel(clientOf(7), { council, proposalId });
      expect(proposed.proposalId).toBe(proposalId);
      const block = await hub().getBlock({ blockNumber: proposed.blockNumber });
      expect(BigInt(proposed.expiresAt)).toBe(block.timestamp + 3n * 24n * 3600n);

      // The council's approval actions serve cancels unchanged: kind 4, the emergency quorum.
      const described = await describeApproval(hub(), { council, proposalId: proposed.cancelId });
      expect([described.kind, described.status, described.typedData.message.kind]).toEqual(['cancel', 'pending', 4]);
      const status0 = await getProposalStatus(hub(), { council, proposalId: proposed.cancelId });
      expect(status0).toMatchObject({
        kind: 'cancel',
        status: 'pending',
        approvals: 0,
        quorum: 4,
        operation: undefined,
      });

      // Who can approve: members of the proposal's set only, by signature or on chain.
      const outsiderSig = await signApproval(member(0), described);
      const byOutsider = await failure(
        submitApprovals(clientOf(9), { council, proposalId: proposed.cancelId, approvals: [outsiderSig] }),
      );
      expect(byOutsider).toBeInstanceOf(CouncilRevertError);
      expect(byOutsider).toMatchObject({ errorName: 'CouncilNotMember', args: [member(0).address, 1] });
      const onChain = await failure(approveOnChain(clientOf(0), { council, proposalId: proposed.cancelId }));
      expect(onChain).toMatchObject({ errorName: 'CouncilNotMember' });

      expect(await approve(proposed.cancelId, [7, 8, 9])).toBe(3);
      const nonce = await nonceOf(9);
      const short = await failure(executeCancel(clientOf(9), { council, cancelId: proposed.cancelId }));
      expect(short).toBeInstanceOf(CouncilRevertError);
      expect(short).toMatchObject({ errorName: 'CouncilQuorumNotMet', args: [proposed.cancelId, 3n, 4n] });
      expect((short as CouncilRevertError).shortMessage).toMatch(/^executeCancel reverted .* 3 of 4 approvals/);
      expect(await nonceOf(9)).toBe(nonce);

      expect(await approve(proposed.cancelId, [2])).toBe(4);
      const executed = await executeCancel(clientOf(9), { council, cancelId: proposed.cancelId });
      expect(executed).toMatchObject({ cancelId: proposed.cancelId, proposalId, wasScheduled: true });

      const after = await getProposalStatus(hub(), { council, proposalId });
      expect([after.status, after.operation?.state, after.operation?.readyAt]).toEqual([
        'cancelled',
        'unset',
        undefined,
      ]);
      const cancel = await getProposalStatus(hub(), { council, proposalId: proposed.cancelId });
      expect(cancel.status).toBe('executed');

      // After the delay the upgrade still cannot run: refused here, and the timelock itself refuses.
      await advanceTime(hubUrl, TWO_DAYS + 60);
      const late = await failure(executeProposal(clientOf(9), { council, proposalId }));
      expect(late).toBeInstanceOf(CouncilError);
      expect(late).toMatchObject({ reason: 'not-ready' });
      expect((late as CouncilError).shortMessage).toMatch(/cancelled/);
      const operation = before.operation;
      if (!operation) throw new Error('operation');
      const direct = await failure(
        hub().simulateContract({
          account: member(9),
          address: after.timelock,
          abi: timelockControllerAbi,
          functionName: 'execute',
          args: [operation.target, 0n, operation.data, zeroHash, proposalId],
        }),
      );
      expect(String(direct)).toMatch(/TimelockUnexpectedOperationState/);
      expect(
        await hub().readContract({
          address: after.timelock,
          abi: timelockControllerAbi,
          functionName: 'isOperation',
          args: [operationId],
        }),
      ).toBe(false);
    },
    DEPLOY_TIMEOUT,
  );

  it('vetoes a pending upgrade before it is scheduled (wasScheduled false); scheduling it is refused', async () => {
    const proposalId = await propose();
    const { cancelId } = await proposeCancel(clientOf(2), { council, proposalId });
    expect(await approve(cancelId, [1, 3, 5, 9])).toBe(4);
    const executed = await executeCancel(clientOf(9), { council, cancelId });
    expect(executed).toMatchObject({ proposalId, wasScheduled: false });
    expect((await getProposalStatus(hub(), { council, proposalId })).status).toBe('cancelled');
    const schedule = await failure(scheduleProposal(clientOf(9), { council, proposalId }));
    expect(schedule).toMatchObject({ errorName: 'CouncilNotPending' });
  });
});

describe('who may cancel what', () => {
  it('a non-member cannot propose a cancel', async () => {
    const proposalId = await propose();
    const error = await failure(proposeCancel(clientOf(0), { council, proposalId }));
    expect(error).toBeInstanceOf(CouncilRevertError);
    expect(error).toMatchObject({ errorName: 'CouncilNotMember' });
  });

  it('an executed or already-cancelled proposal is refused with its status named and nothing sent', async () => {
    // A cancel is proposed while the upgrade waits, but the upgrade runs before the cancel has quorum.
    const proposalId = await scheduled();
    const { cancelId } = await proposeCancel(clientOf(3), { council, proposalId });
    expect(await approve(cancelId, [1, 2, 3, 4])).toBe(4);
    await advanceTime(hubUrl, TWO_DAYS);
    await executeProposal(clientOf(9), { council, proposalId });
    // The council keeps it `scheduled`; its timelock operation being done is what marks it executed.
    expect((await getProposalStatus(hub(), { council, proposalId })).operation?.state).toBe('done');

    let nonces = [await nonceOf(3), await nonceOf(9)];
    const again = await failure(proposeCancel(clientOf(3), { council, proposalId }));
    expect(again).toBeInstanceOf(CouncilError);
    expect(again).toMatchObject({ reason: 'not-ready' });
    expect((again as CouncilError).shortMessage).toMatch(/cannot be cancelled: it is already executed/);
    const stale = await failure(executeCancel(clientOf(9), { council, cancelId }));
    expect(stale).toMatchObject({ reason: 'not-ready' });
    expect((stale as CouncilError).shortMessage).toMatch(/already executed/);
    expect([await nonceOf(3), await nonceOf(9)]).toEqual(nonces);

    // Already cancelled: vetoed once, a second cancel is refused up front.
    const pending = await propose();
    const first = await proposeCancel(clientOf(3), { council, proposalId: pending });
    await approve(first.cancelId, [1, 2, 3, 4]);
    await executeCancel(clientOf(9), { council, cancelId: first.cancelId });
    nonces = [await nonceOf(3), await nonceOf(9)];
    const twice = await failure(proposeCancel(clientOf(3), { council, proposalId: pending }));
    expect(twice).toMatchObject({ reason: 'not-ready' });
    expect((twice as CouncilError).shortMessage).toMatch(/cannot be cancelled: it is already cancelled/);
    const reused = await failure(executeCancel(clientOf(9), { council, cancelId: first.cancelId }));
    expect((reused as CouncilError).shortMessage).toMatch(/cancel .* cannot be executed: it is already executed/);
    expect([await nonceOf(3), await nonceOf(9)]).toEqual(nonces);
  });

  it('a cancel proposal cannot itself be cancelled; an unknown id is named', async () => {
    const proposalId = await propose();
    const { cancelId } = await proposeCancel(clientOf(4), { council, proposalId });
    const nonce = await nonceOf(4);
    const ofCancel = await failure(proposeCancel(clientOf(4), { council, proposalId: cancelId }));
    expect(ofCancel).toMatchObject({ reason: 'invalid-input' });
    expect((ofCancel as CouncilError).shortMessage).toMatch(/is a cancel proposal and cannot be cancelled/);
    const notCancel = await failure(executeCancel(clientOf(4), { council, cancelId: proposalId }));
    expect((notCancel as CouncilError).shortMessage).toMatch(/is an upgrade proposal, not a cancel/);
    const unknown = await failure(proposeCancel(clientOf(4), { council, proposalId: keccak256(toHex('nope')) }));
    expect(unknown).toMatchObject({ reason: 'unknown-proposal' });
    expect(await nonceOf(4)).toBe(nonce);
  });
});
