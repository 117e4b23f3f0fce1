// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultV1} from "../../contracts/example/VaultV1.sol";
import {VaultV2} from "../../contracts/example/VaultV2.sol";
import {GasMeter} from "../utils/GasMeter.sol";
import {SortedKeys} from "../utils/SortedKeys.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import {Safe} from "@safe-global/safe-contracts/contracts/Safe.sol";
import {Enum} from "@safe-global/safe-contracts/contracts/common/Enum.sol";
import {SafeProxyFactory} from "@safe-global/safe-contracts/contracts/proxies/SafeProxyFactory.sol";

/// @notice Baselines for the gas benchmark: the same vault upgrade (`upgradeToAndCall` to
/// VaultV2) done the usual single-chain ways, measured in the same run as Lockstep's own paths.
/// Numbers land in `snapshots/baselines.json` (see GasMeter: run under FOUNDRY_PROFILE=gas).
contract BaselinesGasTest is GasMeter {
    VaultV2 internal v2 = new VaultV2();
    SafeProxyFactory internal factory = new SafeProxyFactory();
    Safe internal safeSingleton = new Safe();

    function _vaultOwnedBy(address owner) internal returns (address) {
        return address(new ERC1967Proxy(address(new VaultV1()), abi.encodeCall(VaultV1.initialize, (owner))));
    }

    function _upgradeCall() internal view returns (bytes memory) {
        return abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (address(v2), ""));
    }

    /// @notice A bare UUPS upgrade by the vault's owner: the floor every path pays.
    function test_Gas_BareUupsUpgrade() external {
        address vault = _vaultOwnedBy(address(this));
        UUPSUpgradeable(vault).upgradeToAndCall(address(v2), "");
        _meter("baselines", "uups_upgradeToAndCall_by_owner", _upgradeCall());
        assertEq(VaultV1(vault).version(), 2);
    }

    /// @notice OpenZeppelin TimelockController: schedule, wait, execute the same upgrade.
    function test_Gas_TimelockScheduleAndExecute() external {
        address[] memory roles = new address[](1);
        roles[0] = address(this);
        TimelockController timelock = new TimelockController(2 days, roles, roles, address(0));
        address vault = _vaultOwnedBy(address(timelock));
        bytes memory call = _upgradeCall();

        timelock.schedule(vault, 0, call, bytes32(0), bytes32(0), 2 days);
        uint256 scheduleGas = _meter(
            "baselines",
            "oz_timelock_schedule",
            abi.encodeCall(TimelockController.schedule, (vault, 0, call, bytes32(0), bytes32(0), 2 days))
        );
        vm.warp(block.timestamp + 2 days);
        timelock.execute(vault, 0, call, bytes32(0), bytes32(0));
        uint256 executeGas = _meter(
            "baselines",
            "oz_timelock_execute",
            abi.encodeCall(TimelockController.execute, (vault, 0, call, bytes32(0), bytes32(0)))
        );
        vm.snapshotValue("baselines", "oz_timelock_schedule_plus_execute", scheduleGas + executeGas);
        assertEq(VaultV1(vault).version(), 2);
    }

    function test_Gas_Safe_6of9_ExecTransaction() external {
        _safeUpgrade(9, 6, "safe_6of9_execTransaction");
    }

    function test_Gas_Safe_13of19_ExecTransaction() external {
        _safeUpgrade(19, 13, "safe_13of19_execTransaction");
    }

    /// @dev A Safe 1.4.1 with `n` owners, `threshold` of them signing the vault upgrade.
    function _safeUpgrade(uint256 n, uint256 threshold, string memory name) internal {
        (address[] memory owners, uint256[] memory keys) = _sortedOwners(n);
        bytes memory setup = abi.encodeCall(
            Safe.setup, (owners, threshold, address(0), "", address(0), address(0), 0, payable(address(0)))
        );
        Safe safe = Safe(payable(address(factory.createProxyWithNonce(address(safeSingleton), setup, 0))));
        address vault = _vaultOwnedBy(address(safe));
        bytes memory call = _upgradeCall();

        bytes32 txHash = safe.getTransactionHash(
            vault, 0, call, Enum.Operation.Call, 0, 0, 0, address(0), payable(address(0)), safe.nonce()
        );
        bytes memory signatures;
        for (uint256 i = 0; i < threshold; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[i], txHash);
            signatures = abi.encodePacked(signatures, r, s, v);
        }
        safe.execTransaction(
            vault, 0, call, Enum.Operation.Call, 0, 0, 0, address(0), payable(address(0)), signatures
        );
        _meter(
            "baselines",
            name,
            abi.encodeCall(
                Safe.execTransaction,
                (vault, 0, call, Enum.Operation.Call, 0, 0, 0, address(0), payable(address(0)), signatures)
            )
        );
        assertEq(VaultV1(vault).version(), 2);
    }

    /// @dev `n` owners sorted ascending by address (Safe requires ascending signers).
    function _sortedOwners(uint256 n) internal returns (address[] memory owners, uint256[] memory keys) {
        owners = new address[](n);
        keys = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            (owners[i], keys[i]) = makeAddrAndKey(string.concat("owner", vm.toString(i)));
        }
        SortedKeys.sortByAddress(owners, keys);
    }
}
