// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VmSafe} from "forge-std/Vm.sol";

/// @notice Test keys ordered by address, as the council, the guardian adapter, the fallback
/// adapter and Safe all require their signers: one derivation and one sort for every test helper.
library SortedKeys {
    VmSafe private constant VM = VmSafe(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    /// @dev secp256k1 group order; private keys must lie in [1, order).
    uint256 private constant CURVE_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    /// @notice `n` keys derived from `domain` and `salt` (different salts give disjoint sets),
    /// ascending by address.
    function derive(string memory domain, uint256 salt, uint256 n)
        internal
        pure
        returns (address[] memory addrs, uint256[] memory pks)
    {
        addrs = new address[](n);
        pks = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            pks[i] = uint256(keccak256(abi.encode(domain, salt, i))) % (CURVE_ORDER - 1) + 1;
            addrs[i] = VM.addr(pks[i]);
        }
        sortByAddress(addrs, pks);
    }

    /// @notice Sorts `addrs` ascending in place, keeping each private key beside its address.
    function sortByAddress(address[] memory addrs, uint256[] memory pks) internal pure {
        for (uint256 i = 1; i < addrs.length; ++i) {
            for (uint256 j = i; j > 0 && addrs[j - 1] > addrs[j]; --j) {
                (addrs[j - 1], addrs[j]) = (addrs[j], addrs[j - 1]);
                (pks[j - 1], pks[j]) = (pks[j], pks[j - 1]);
            }
        }
    }
}
