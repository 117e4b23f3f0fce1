// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Test} from "forge-std/Test.sol";

/// @notice Proves the offline toolchain end to end: forge-std, OpenZeppelin and OpenZeppelin
/// upgradeable resolve under their usual import names and compile through the solc wrapper.
contract ToolchainTest is Test {
    function test_CompilerIsThePinnedVersion() external view {
        // The wrapper compiles with solc 0.8.30; `block.chainid` is forge's default test chain.
        assertEq(block.chainid, 31_337);
    }

    function testFuzz_TimelockKeepsItsDelay(uint32 delay) external {
        address[] memory roles = new address[](1);
        roles[0] = address(this);
        TimelockController timelock = new TimelockController(delay, roles, roles, address(0));
        assertEq(timelock.getMinDelay(), delay);
    }

    function test_RevertWhen_InitializedTwice() external {
        Once once = new Once();
        once.initialize();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        once.initialize();
    }
}

contract Once is Initializable {
    function initialize() external initializer {}
}
