// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {ISecurityCouncil} from "../../contracts/interfaces/ISecurityCouncil.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {IncidentFixture} from "./IncidentFixture.t.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";

/// @title Qubit Finance QBridge, January 2022
/// @notice What happened: QBridge whitelisted native ETH as token address zero. Its deposit path
/// called `safeTransferFrom` on the token, and a call to an address without code "succeeds" and
/// returns nothing, so the attacker deposited nothing, got credited, and minted $80M of xETH on
/// BNB Chain.
/// @notice Lockstep's defence: an address without code is never trusted to have done anything. The
/// council refuses a zero implementation and a codehash of zero or of empty code; the receiver, at
/// execution, refuses them again and refuses any implementation that has no code, so a proxy can
/// never be pointed at an EOA, a precompile or an address whose code does not exist yet, even when
/// the council and the guardians were fooled.
contract QubitTest is IncidentFixture {
    bytes32 internal constant EMPTY_CODEHASH = keccak256("");

    function test_RevertWhen_CouncilProposesAnImplementationWithoutCode() external {
        address[3] memory implementations = [attacker, attacker, address(0)];
        bytes32[3] memory codehashes = [bytes32(0), EMPTY_CODEHASH, a.vaultV2.codehash];
        for (uint256 i; i < implementations.length; ++i) {
            IGovernanceHub.ChainAction[] memory upgrade =
                _homeAction(a.vault, implementations[i], codehashes[i], "");
            vm.prank(members[0]);
            vm.expectRevert(
                abi.encodeWithSelector(
                    ISecurityCouncil.CouncilInvalidAction.selector,
                    0,
                    HUB_CHAIN,
                    a.vault,
                    implementations[i],
                    codehashes[i]
                )
            );
            council.proposeUpgrade(upgrade, keccak256("audit"), "");
        }
    }

    function test_RevertWhen_ApprovedImplementationHasNoCode() external {
        // An EOA, the identity precompile, and the attacker's next (not yet deployed) contract.
        address[3] memory codeless =
            [attacker, address(0x04), vm.computeCreateAddress(attacker, vm.getNonce(attacker))];
        for (uint256 i; i < codeless.length; ++i) {
            address implementation = codeless[i];
            // Qubit's trap: calling it "works" and returns no error.
            (bool ok,) = implementation.call(abi.encodeCall(UUPSUpgradeable.proxiableUUID, ()));
            assertTrue(ok, "a call to no code succeeds");

            // The council was told it is V2 and approved V2's codehash.
            (bytes memory message, bytes32 id) =
                _queueApproved(_homeAction(a.vault, implementation, a.vaultV2.codehash, ""));
            ChainState memory before = _state();

            vm.expectRevert(
                abi.encodeWithSelector(
                    IUpgradeReceiver.ReceiverImplementationWithoutCode.selector, implementation
                )
            );
            receiver.execute(message);

            _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
            _assertUnchanged(before);
        }
    }

    function test_RevertWhen_ForgedCodelessUpgradeReachesTheReceiver() external {
        // Defence in depth: a compromised guardian quorum delivers what the council never saw.
        address[3] memory implementations = [address(0), attacker, attacker];
        bytes32[3] memory codehashes = [EMPTY_CODEHASH, bytes32(0), a.vaultV2.codehash];
        bytes[3] memory errors = [
            abi.encodeWithSelector(
                IUpgradeReceiver.ReceiverInvalidCodehash.selector, address(0), EMPTY_CODEHASH
            ),
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverInvalidCodehash.selector, attacker, bytes32(0)),
            abi.encodeWithSelector(IUpgradeReceiver.ReceiverImplementationWithoutCode.selector, attacker)
        ];
        for (uint256 i; i < implementations.length; ++i) {
            (bytes memory forged, bytes32 id) =
                _forge(HUB_CHAIN, _upgradePayload(a.vault, implementations[i], codehashes[i], ""));
            adapter.deliver(forged, 0, guardians, _signBy(guardianPks, id, 8));
            (,, uint40 executableAt,) = receiver.messageState(id);
            vm.warp(executableAt);
            ChainState memory before = _state();

            vm.expectRevert(errors[i]);
            receiver.execute(forged);

            _assertStatus(id, IUpgradeReceiver.MessageStatus.Queued);
            _assertUnchanged(before);
        }
    }
}
