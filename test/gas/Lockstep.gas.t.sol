// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GuardianAdapter} from "../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {GasMeter} from "../utils/GasMeter.sol";
import {LockstepFixture} from "../utils/LockstepFixture.sol";

/// @notice Lockstep's own paths, on the deployed system, measured like the baselines (see GasMeter):
/// receive + verify + queue one message, execute one upgrade, a council approval round.
/// Numbers land in `snapshots/lockstep.json`.
abstract contract LockstepGasBase is LockstepFixture, GasMeter {
    Addresses internal a;
    bytes[] internal messages;

    function _setUp(uint256 guardianCount, uint8 quorum) internal {
        vm.chainId(HUB_CHAIN);
        vm.warp(1_750_000_000);
        uint64[] memory chains = new uint64[](1);
        chains[0] = HUB_CHAIN;
        _setUpKeys(guardianCount, quorum, chains);
        a = _deployChain();
        (, messages) = _approveAndDispatch(a, _upgradeEverywhere(a, a.vaultV2));
    }

    /// @dev Delivers the dispatched message with exactly a quorum of signatures and meters it.
    function _meterDelivery(string memory name) internal {
        bytes memory message = messages[0];
        IGuardianAdapter.GuardianSignature[] memory sigs = _attest(a, this.idOf(message), guardianQuorum);
        vm.prank(relayer);
        GuardianAdapter(a.guardianAdapter).deliver(message, 0, guardians, sigs);
        _meter("lockstep", name, abi.encodeCall(GuardianAdapter.deliver, (message, 0, guardians, sigs)));
        (IUpgradeReceiver.MessageStatus status,,,) =
            UpgradeReceiver(a.receiver).messageState(this.idOf(message));
        assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.Queued));
    }
}

contract LockstepGas8of15Test is LockstepGasBase {
    function setUp() public {
        _setUp(15, 8);
    }

    function test_Gas_ReceiveVerifyQueue_8of15() external {
        _meterDelivery("receive_verify_queue_8of15");
    }

    function test_Gas_ExecuteOneUpgrade() external {
        _deliver(a, messages[0]);
        vm.warp(block.timestamp + DELIVERY_MARGIN + MIN_DELAY);
        UpgradeReceiver(a.receiver).execute(messages[0]);
        _meter("lockstep", "execute_one_upgrade", abi.encodeCall(UpgradeReceiver.execute, (messages[0])));
        assertEq(_implementation(a.vault), a.vaultV2);
    }

    function test_Gas_CouncilApprovalRound_6of9() external {
        SecurityCouncil council = SecurityCouncil(a.council);
        IGovernanceHub.ChainAction[] memory actions = _upgradeEverywhere(a, a.vaultV2);
        vm.prank(members[0]);
        bytes32 id = council.proposeUpgrade(actions, keccak256("audit"), "ipfs://audit");
        (address[] memory signers, bytes[] memory sigs) = _councilSignatures(council, id, 6);
        council.approveBySig(id, signers, sigs);
        uint256 approve = _meter(
            "lockstep",
            "council_approveBySig_6of9",
            abi.encodeCall(SecurityCouncil.approveBySig, (id, signers, sigs))
        );
        council.schedule(id);
        uint256 schedule =
            _meter("lockstep", "council_schedule", abi.encodeCall(SecurityCouncil.schedule, (id)));
        vm.snapshotValue("lockstep", "council_approval_round_6of9", approve + schedule);
    }
}

contract LockstepGas13of19Test is LockstepGasBase {
    function setUp() public {
        _setUp(19, 13);
    }

    function test_Gas_ReceiveVerifyQueue_13of19() external {
        _meterDelivery("receive_verify_queue_13of19");
    }
}
