// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GuardianAdapter} from "../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {IBridgeAdapter} from "../../contracts/interfaces/IBridgeAdapter.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {IMessageReceiver} from "../../contracts/interfaces/IMessageReceiver.sol";
import {GuardianAdapterFixture} from "./GuardianAdapterFixture.sol";

/// @notice Deployment checks: trusted origin, expiry window and the rules every guardian set obeys.
contract GuardianAdapterConstructorTest is GuardianAdapterFixture {
    function _deployWith(address[] memory keys_, uint8 quorum_, uint32 window)
        internal
        returns (GuardianAdapter)
    {
        return new GuardianAdapter(
            IMessageReceiver(address(receiver)), HUB_CHAIN_ID, hub, keys_, quorum_, window
        );
    }

    function test_Constructor_EmitsGuardianSetAdded() external {
        vm.expectEmit();
        emit IGuardianAdapter.GuardianSetAdded(0, guardianKeysHash(keys), QUORUM, keys);
        _deploy(keys, QUORUM);
    }

    function test_Constructor_SingleGuardian() external {
        (address[] memory one,) = guardianKeys(1);
        assertEq(_deploy(one, 1).quorum(0), 1);
    }

    function test_Constructor_MaxGuardiansStrictMajority() external {
        (address[] memory many,) = guardianKeys(32);
        assertEq(_deploy(many, 17).quorum(0), 17);
    }

    function test_RevertWhen_ReceiverZero() external {
        vm.expectRevert(
            abi.encodeWithSelector(IBridgeAdapter.AdapterInvalidConfiguration.selector, 0, HUB_CHAIN_ID, hub)
        );
        new GuardianAdapter(IMessageReceiver(address(0)), HUB_CHAIN_ID, hub, keys, QUORUM, EXPIRY_WINDOW);
    }

    function test_RevertWhen_TrustedChainIdZero() external {
        vm.expectRevert(
            abi.encodeWithSelector(
                IBridgeAdapter.AdapterInvalidConfiguration.selector, address(receiver), 0, hub
            )
        );
        new GuardianAdapter(IMessageReceiver(address(receiver)), 0, hub, keys, QUORUM, EXPIRY_WINDOW);
    }

    function test_RevertWhen_TrustedSenderZero() external {
        vm.expectRevert(
            abi.encodeWithSelector(
                IBridgeAdapter.AdapterInvalidConfiguration.selector,
                address(receiver),
                HUB_CHAIN_ID,
                address(0)
            )
        );
        new GuardianAdapter(
            IMessageReceiver(address(receiver)), HUB_CHAIN_ID, address(0), keys, QUORUM, EXPIRY_WINDOW
        );
    }

    function test_RevertWhen_ExpiryWindowTooLong() external {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianAdapter.GuardianSetExpiryWindowTooLong.selector, 7 days + 1, 7 days
            )
        );
        _deployWith(keys, QUORUM, 7 days + 1);
    }

    function test_RevertWhen_SetEmpty() external {
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianSetInvalidSize.selector, 0, 32));
        _deploy(new address[](0), 1);
    }

    function test_RevertWhen_SetTooLarge() external {
        (address[] memory many,) = guardianKeys(33);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianSetInvalidSize.selector, 33, 32));
        _deploy(many, 17);
    }

    function test_RevertWhen_KeyZero() external {
        address[] memory withZero = keys;
        withZero[0] = address(0);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianKeyZero.selector, 0));
        _deploy(withZero, QUORUM);
    }

    function test_RevertWhen_DuplicateKey() external {
        address[] memory duplicated = keys;
        duplicated[6] = duplicated[5];
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianKeysNotAscending.selector, 6, keys[5], keys[5])
        );
        _deploy(duplicated, QUORUM);
    }

    function test_RevertWhen_QuorumIsHalf() external {
        (address[] memory even,) = guardianKeys(16);
        vm.expectRevert(abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumInvalid.selector, 8, 16));
        _deploy(even, 8);
    }

    function test_RevertWhen_QuorumAboveSize() external {
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumInvalid.selector, SIZE + 1, SIZE)
        );
        _deploy(keys, SIZE + 1);
    }

    function testFuzz_QuorumMustBeStrictMajority(uint8 size, uint8 quorum) external {
        size = uint8(bound(size, 1, 32));
        (address[] memory set,) = guardianKeys(size);
        bool valid = uint256(quorum) * 2 > size && quorum <= size;
        if (!valid) {
            vm.expectRevert(
                abi.encodeWithSelector(IGuardianAdapter.GuardianQuorumInvalid.selector, quorum, size)
            );
        }
        GuardianAdapter deployed = _deploy(set, quorum);
        if (valid) assertEq(deployed.quorum(0), quorum);
    }
}
