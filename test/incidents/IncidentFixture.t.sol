// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageCodec} from "../../contracts/bridge/MessageCodec.sol";
import {UpgradePayload} from "../../contracts/bridge/UpgradePayload.sol";
import {GuardianAdapter} from "../../contracts/bridge/adapters/guardian/GuardianAdapter.sol";
import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {VaultV3Malicious} from "../../contracts/example/VaultV3Malicious.sol";
import {GovernanceHub} from "../../contracts/hub/GovernanceHub.sol";
import {IDeploymentRegistry} from "../../contracts/interfaces/IDeploymentRegistry.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {IGuardianAdapter} from "../../contracts/interfaces/IGuardianAdapter.sol";
import {IUpgradeReceiver} from "../../contracts/interfaces/IUpgradeReceiver.sol";
import {UpgradeReceiver} from "../../contracts/receiver/UpgradeReceiver.sol";
import {LockstepFixture} from "../utils/LockstepFixture.sol";

/// @notice Base of every incident test: the whole of Lockstep deployed as the deployment script
/// does (council 6-of-9, timelock, hub, guardian adapter 8-of-15, receiver, registry), reaching the
/// home chain and one satellite chain, with users' money in the example vault and an attacker
/// holding a drainer implementation (VaultV3Malicious). Helpers forge messages the way an attacker
/// would, drive the honest flow, and snapshot everything an attack could change.
abstract contract IncidentFixture is LockstepFixture {
    /// @dev The satellite chain the hub also reaches (same addresses, as on every chain).
    uint64 internal constant SATELLITE_CHAIN = 10;
    uint256 internal constant ALICE_DEPOSIT = 6 ether;
    uint256 internal constant BOB_DEPOSIT = 4 ether;
    /// @dev Salt of the attacker's own guardian keys (disjoint from the real set).
    uint256 internal constant ATTACKER_KEY_SALT = 666;

    address internal attacker = makeAddr("attacker");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    Addresses internal a;
    GuardianAdapter internal adapter;
    UpgradeReceiver internal receiver;
    SecurityCouncil internal council;
    GovernanceHub internal hub;
    /// @dev The attacker's drainer, deployed by the attacker.
    address internal vaultV3;

    /// @dev Everything an attack on the upgrade path could change on one chain.
    struct ChainState {
        address implementation;
        uint256 vaultVersion;
        uint256 vaultBalance;
        uint256 aliceBalance;
        uint256 totalDeposits;
        bool paused;
        address owner;
        bytes32 registryEntry;
        uint32 guardianSetIndex;
    }

    function setUp() public virtual {
        vm.chainId(HUB_CHAIN);
        vm.warp(1_750_000_000);
        uint64[] memory chains = new uint64[](2);
        chains[0] = HUB_CHAIN;
        chains[1] = SATELLITE_CHAIN;
        _setUpKeys(15, 8, chains);
        a = _deployChain();
        adapter = GuardianAdapter(a.guardianAdapter);
        receiver = UpgradeReceiver(a.receiver);
        council = SecurityCouncil(a.council);
        hub = GovernanceHub(a.hub);

        vm.prank(attacker);
        vaultV3 = address(new VaultV3Malicious());
        _depositAs(alice, ALICE_DEPOSIT);
        _depositAs(bob, BOB_DEPOSIT);
    }

    function test_SetUpState() external view {
        assertEq(_implementation(a.vault), a.vaultV1);
        assertEq(VaultV1(a.vault).owner(), a.receiver);
        assertEq(a.vault.balance, ALICE_DEPOSIT + BOB_DEPOSIT);
        assertTrue(receiver.isRegistered(a.vault));
        assertTrue(receiver.bootstrapLocked());
        assertEq(adapter.currentGuardianSetIndex(), 0);
        assertEq(adapter.quorum(0), 8);
        assertEq(council.threshold(), 6);
        assertEq(hub.chainIds().length, 2);
        assertEq(VaultV3Malicious(vaultV3).version(), 3);
    }

    // ─── State snapshots ────────────────────────────────────────────────────────────────────

    function _state() internal view returns (ChainState memory s) {
        VaultV1 vault = VaultV1(a.vault);
        s.implementation = _implementation(a.vault);
        s.vaultVersion = vault.version();
        s.vaultBalance = a.vault.balance;
        s.aliceBalance = vault.balanceOf(alice);
        s.totalDeposits = vault.totalDeposits();
        s.paused = vault.paused();
        s.owner = vault.owner();
        s.registryEntry = keccak256(abi.encode(IDeploymentRegistry(a.registry).entry(a.vault)));
        s.guardianSetIndex = adapter.currentGuardianSetIndex();
    }

    /// @dev The vault (implementation slot, code version, funds, owner, pause) and the registry
    /// entry are exactly as in `before`.
    function _assertUnchanged(ChainState memory before) internal view {
        ChainState memory now_ = _state();
        assertEq(now_.implementation, before.implementation, "implementation slot changed");
        assertEq(now_.vaultVersion, before.vaultVersion, "vault version changed");
        assertEq(now_.vaultBalance, before.vaultBalance, "vault funds moved");
        assertEq(now_.aliceBalance, before.aliceBalance, "user balance changed");
        assertEq(now_.totalDeposits, before.totalDeposits, "total deposits changed");
        assertEq(now_.paused, before.paused, "pause flag changed");
        assertEq(now_.owner, before.owner, "vault owner changed");
        assertEq(now_.registryEntry, before.registryEntry, "registry entry changed");
        assertEq(now_.guardianSetIndex, before.guardianSetIndex, "guardian set changed");
    }

    /// @dev The receiver has no trace of `messageId`: no status, no confirmation, no window.
    function _assertNeverSeen(bytes32 messageId) internal view {
        (
            IUpgradeReceiver.MessageStatus status,
            uint256 confirmations,
            uint40 executableAt,
            uint40 expiresAt
        ) = receiver.messageState(messageId);
        assertEq(uint8(status), uint8(IUpgradeReceiver.MessageStatus.None), "message has a status");
        assertEq(confirmations, 0, "message has confirmations");
        assertEq(executableAt, 0, "message has an executable-at");
        assertEq(expiresAt, 0, "message has an expiry");
    }

    function _assertStatus(bytes32 messageId, IUpgradeReceiver.MessageStatus expected) internal view {
        (IUpgradeReceiver.MessageStatus status,,,) = receiver.messageState(messageId);
        assertEq(uint8(status), uint8(expected), "message status");
    }

    // ─── Forged messages ────────────────────────────────────────────────────────────────────

    /// @dev A message with a perfect envelope (hub origin, this receiver, the hub's next nonce)
    /// that the hub never dispatched.
    function _forge(uint64 dstChainId, bytes memory payload)
        internal
        view
        returns (bytes memory encoded, bytes32 messageId)
    {
        MessageCodec.Message memory message = MessageCodec.Message({
            version: MessageCodec.VERSION,
            nonce: hub.nonce(),
            srcChainId: HUB_CHAIN,
            dstChainId: dstChainId,
            sender: a.hub,
            receiver: a.receiver,
            payload: payload
        });
        return (MessageCodec.encode(message), MessageCodec.id(message));
    }

    /// @dev An upgrade payload with one action, active after the usual margin and delay.
    function _upgradePayload(address proxy, address implementation, bytes32 codehash, bytes memory data)
        internal
        view
        returns (bytes memory)
    {
        UpgradePayload.UpgradeAction[] memory actions = new UpgradePayload.UpgradeAction[](1);
        actions[0] = UpgradePayload.UpgradeAction(
            proxy, _currentImplementation(proxy), implementation, codehash, data
        );
        return UpgradePayload.encodeUpgrade(
            UpgradePayload.Upgrade({
                proposalId: keccak256("never approved"),
                activationTime: uint40(block.timestamp + DELIVERY_MARGIN + MIN_DELAY),
                actions: actions
            })
        );
    }

    /// @dev The attacker's dream: the vault upgraded to the drainer, which drains on initialization.
    function _forgedDrain() internal view returns (bytes memory encoded, bytes32 messageId) {
        return _forge(
            HUB_CHAIN,
            _upgradePayload(
                a.vault, vaultV3, vaultV3.codehash, abi.encodeCall(VaultV3Malicious.initializeV3, (attacker))
            )
        );
    }

    // ─── Honest flow ────────────────────────────────────────────────────────────────────────

    /// @dev One home-chain action on `proxy`.
    function _homeAction(address proxy, address implementation, bytes32 codehash, bytes memory data)
        internal
        view
        returns (IGovernanceHub.ChainAction[] memory actions)
    {
        actions = new IGovernanceHub.ChainAction[](1);
        actions[0] = IGovernanceHub.ChainAction({
            chainId: HUB_CHAIN,
            proxy: proxy,
            previousImplementation: _currentImplementation(proxy),
            implementation: implementation,
            codehash: codehash,
            data: data
        });
    }

    /// @dev What the registry says `proxy` runs now; for an unregistered address a stand-in
    /// (the council refuses a zero one, and the receiver refuses the target anyway).
    function _currentImplementation(address proxy) internal view returns (address current) {
        current = IDeploymentRegistry(a.registry).entry(proxy).implementation;
        if (current == address(0)) current = address(0xdead);
    }

    /// @dev Council approval, timelock, hub dispatch, guardian delivery on the home chain; then
    /// waits for the activation time. Returns the queued home-chain message and its id.
    function _queueApproved(IGovernanceHub.ChainAction[] memory actions)
        internal
        returns (bytes memory message, bytes32 messageId)
    {
        (, bytes[] memory messages) = _approveAndDispatch(a, actions);
        message = _messageFor(messages, HUB_CHAIN);
        messageId = this.idOf(message);
        _deliver(a, message);
        (,, uint40 executableAt,) = receiver.messageState(messageId);
        vm.warp(executableAt);
    }

    /// @dev The first `count` guardians of `pks` sign `messageId` for the adapter on this chain.
    function _signBy(uint256[] memory pks, bytes32 messageId, uint256 count)
        internal
        view
        returns (IGuardianAdapter.GuardianSignature[] memory)
    {
        return sign(adapter, messageId, pks, count);
    }

    /// @dev What `signature` recovers to over the adapter's attestation digest of `messageId`.
    function _recovered(bytes32 messageId, IGuardianAdapter.GuardianSignature memory signature)
        internal
        view
        returns (address)
    {
        return ecrecover(adapter.attestationDigest(messageId), signature.v, signature.r, signature.s);
    }

    /// @dev The first `count` council members (the fallback adapter's members, ascending) sign
    /// `digest` with their ECDSA keys, as the adapter takes them.
    function _signedBy(bytes32 digest, uint256 count)
        internal
        view
        returns (address[] memory signers, bytes[] memory sigs)
    {
        signers = new address[](count);
        sigs = new bytes[](count);
        for (uint256 i; i < count; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(memberKeys[i], digest);
            (signers[i], sigs[i]) = (members[i], abi.encodePacked(r, s, v));
        }
    }

    /// @dev The current guardian set (`keys`, `pks`) rotates the adapter to `newKeys` at quorum 8.
    function _rotate(address[] memory keys, uint256[] memory pks, address[] memory newKeys) internal {
        uint32 current = adapter.currentGuardianSetIndex();
        IGuardianAdapter.GuardianSignature[] memory sigs =
            signRotation(adapter, newKeys, 8, pks, adapter.quorum(current));
        adapter.rotateGuardianSet(newKeys, 8, current, keys, sigs);
    }

    function _depositAs(address user, uint256 amount) internal {
        vm.deal(user, amount);
        vm.prank(user);
        VaultV1(a.vault).deposit{value: amount}();
    }
}
