// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernanceHub} from "../../contracts/interfaces/IGovernanceHub.sol";

/// @notice What the per-transaction gas cap tests share: Ethereum's cap, a whole transaction's gas
/// from its calldata and execution, and a realistic upgrade proposal to measure.
library TxGas {
    /// @dev EIP-7825 (live on Ethereum mainnet since Fusaka).
    uint256 internal constant CAP = 1 << 24;

    /// @dev A whole transaction's gas: execution plus intrinsic cost (EIP-2028), or the EIP-7623
    /// calldata floor when that is higher.
    function txGas(bytes memory callData, uint256 execution) internal pure returns (uint256) {
        uint256 zeros;
        for (uint256 i = 0; i < callData.length; ++i) {
            if (callData[i] == 0) ++zeros;
        }
        uint256 nonZeros = callData.length - zeros;
        uint256 standard = 21_000 + 4 * zeros + 16 * nonZeros + execution;
        uint256 floor = 21_000 + 10 * (zeros + 4 * nonZeros);
        return standard > floor ? standard : floor;
    }

    /// @dev One action per chain, on chains `firstChainId`, `firstChainId + 1`, ..., each with a
    /// realistic `upgradeToAndCall` payload: an initializer taking an address and a number (68 bytes).
    function realisticActions(uint64 firstChainId, uint256 n)
        internal
        pure
        returns (IGovernanceHub.ChainAction[] memory actions)
    {
        actions = new IGovernanceHub.ChainAction[](n);
        for (uint256 i = 0; i < n; ++i) {
            actions[i] = IGovernanceHub.ChainAction({
                chainId: uint64(firstChainId + i),
                proxy: address(uint160(uint256(keccak256(abi.encode("proxy", i))))),
                previousImplementation: address(uint160(uint256(keccak256(abi.encode("previous", i))))),
                implementation: address(uint160(uint256(keccak256(abi.encode("impl", i))))),
                codehash: keccak256(abi.encode("codehash", i)),
                data: abi.encodeWithSignature(
                    "initializeV2(address,uint256)",
                    address(uint160(uint256(keccak256(abi.encode("owner", i))))),
                    i
                )
            });
        }
    }
}
