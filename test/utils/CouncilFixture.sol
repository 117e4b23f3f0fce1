// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SecurityCouncil} from "../../contracts/council/SecurityCouncil.sol";
import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";
import {CouncilRecordingHub} from "./CouncilRecordingHub.sol";
import {SortedKeys} from "./SortedKeys.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Deploys a real OpenZeppelin timelock, a recording hub and a 6-of-9 (emergency 4-of-9)
/// council with generated keys, and offers helpers to propose and sign approvals.
abstract contract CouncilFixture is Test {
    uint256 internal constant MIN_DELAY = 2 days;
    uint40 internal constant TERM = 365 days;

    TimelockController internal timelock;
    CouncilRecordingHub internal hub;
    SecurityCouncil internal council;

    /// @dev Members ascending by address, with their keys at the same index.
    address[] internal members;
    uint256[] internal keys;
    address internal outsider;
    uint256 internal outsiderKey;

    function setUp() public virtual {
        (outsider, outsiderKey) = makeAddrAndKey("outsider");
        (members, keys) = _sortedKeys("member", 9);
        _deploy(members, _terms(9, TERM), 6, 4);
    }

    /// @dev Deploys hub, timelock and council with each other's addresses predicted in advance.
    function _deploy(address[] memory members_, uint40[] memory terms, uint8 threshold, uint8 emergency)
        internal
    {
        uint256 nonce = vm.getNonce(address(this));
        address predictedTimelock = vm.computeCreateAddress(address(this), nonce + 1);
        address predictedCouncil = vm.computeCreateAddress(address(this), nonce + 2);
        hub = new CouncilRecordingHub(predictedTimelock, predictedCouncil);
        address[] memory proposers = new address[](1);
        proposers[0] = predictedCouncil;
        address[] memory executors = new address[](1); // address(0): anyone may execute
        timelock = new TimelockController(MIN_DELAY, proposers, executors, address(0));
        council = new SecurityCouncil(
            members_, terms, threshold, emergency, timelock, IGovernanceHub(address(hub))
        );
    }

    function _sortedKeys(string memory prefix, uint256 n)
        internal
        returns (address[] memory addrs, uint256[] memory pks)
    {
        addrs = new address[](n);
        pks = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            (addrs[i], pks[i]) = makeAddrAndKey(string.concat(prefix, vm.toString(i)));
        }
        SortedKeys.sortByAddress(addrs, pks);
    }

    function _terms(uint256 n, uint40 length) internal view returns (uint40[] memory terms) {
        terms = new uint40[](n);
        for (uint256 i; i < n; ++i) {
            // Staggered, one cohort per member (the council refuses seats ending together).
            terms[i] = uint40(block.timestamp) + length + uint40(i) * 31 days;
        }
    }

    function _actions(uint256 n) internal returns (IGovernanceHub.ChainAction[] memory actions) {
        actions = new IGovernanceHub.ChainAction[](n);
        for (uint256 i; i < n; ++i) {
            actions[i] = IGovernanceHub.ChainAction({
                chainId: uint64(10 + i),
                proxy: makeAddr(string.concat("proxy", vm.toString(i))),
                previousImplementation: makeAddr(string.concat("previous", vm.toString(i))),
                implementation: makeAddr(string.concat("impl", vm.toString(i))),
                codehash: keccak256(abi.encode("impl", i)),
                data: ""
            });
        }
    }

    function _targets(uint256 n) internal returns (IGovernanceHub.EmergencyTarget[] memory targets) {
        targets = new IGovernanceHub.EmergencyTarget[](n);
        for (uint256 i; i < n; ++i) {
            targets[i] = IGovernanceHub.EmergencyTarget({
                chainId: uint64(10 + i), target: makeAddr(string.concat("pausable", vm.toString(i)))
            });
        }
    }

    function _proposeUpgrade(IGovernanceHub.ChainAction[] memory actions) internal returns (bytes32 id) {
        vm.prank(members[0]);
        id = council.proposeUpgrade(actions, keccak256("audit"), "ipfs://audit");
    }

    function _proposeEmergency(bool pause) internal returns (bytes32 id) {
        vm.prank(members[0]);
        id = council.proposeEmergency(pause, _targets(2));
    }

    /// @dev On-chain approvals by the members whose bit is set in `mask`.
    function _approveMask(bytes32 id, uint256 mask) internal {
        for (uint256 i; i < members.length; ++i) {
            if ((mask >> i) & 1 == 1) {
                vm.prank(members[i]);
                council.approve(id);
            }
        }
    }

    /// @dev On-chain approvals by the first `count` members.
    function _approveFirst(bytes32 id, uint256 count) internal {
        _approveMask(id, (1 << count) - 1);
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev Ascending signers and their signatures for the members whose bit is set in `mask`.
    function _signMask(bytes32 id, uint256 mask)
        internal
        view
        returns (address[] memory signers, bytes[] memory sigs)
    {
        uint256 count;
        for (uint256 i; i < members.length; ++i) {
            if ((mask >> i) & 1 == 1) ++count;
        }
        signers = new address[](count);
        sigs = new bytes[](count);
        bytes32 digest = council.approvalDigest(id);
        uint256 k;
        for (uint256 i; i < members.length; ++i) {
            if ((mask >> i) & 1 == 1) {
                signers[k] = members[i];
                sigs[k] = _sign(keys[i], digest);
                ++k;
            }
        }
    }
}
