// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PriceFeedV2} from "../../contracts/example/feed/PriceFeedV2.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The example price feed's health after a drill upgraded it to PriceFeedV2, checked on a
/// fork of the live chain: the proxy runs the approved release, V1's open `setPrice` is closed to
/// strangers while the owner (the chain's UpgradeReceiver) can still publish, and the published
/// price survived. The own-price-feed drill runs it on every chain after the upgrade (its
/// `system.healthTests`), with the chain in the environment: `LOCKSTEP_HEALTH_RPC`,
/// `LOCKSTEP_PROXY`, `LOCKSTEP_RELEASE`, `LOCKSTEP_EXPECTED_PRICE`. Without `LOCKSTEP_HEALTH_RPC`
/// (a plain `forge test`) every test skips.
contract PriceFeedHealthTest is Test {
    PriceFeedV2 internal feed;
    bool internal enabled;

    function setUp() public {
        string memory rpc = vm.envOr("LOCKSTEP_HEALTH_RPC", string(""));
        enabled = bytes(rpc).length > 0;
        if (!enabled) return;
        vm.createSelectFork(rpc);
        feed = PriceFeedV2(vm.envAddress("LOCKSTEP_PROXY"));
    }

    modifier whenEnabled() {
        vm.skip(!enabled, "LOCKSTEP_HEALTH_RPC not set: no upgraded chain to check");
        _;
    }

    function test_ProxyRunsTheRelease() public whenEnabled {
        address implementation =
            address(uint160(uint256(vm.load(address(feed), ERC1967Utils.IMPLEMENTATION_SLOT))));
        assertEq(implementation, vm.envAddress("LOCKSTEP_RELEASE"), "implementation slot");
        assertEq(feed.version(), 2, "version()");
    }

    function test_RevertWhen_AStrangerSetsThePrice() public whenEnabled {
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger)
        );
        feed.setPrice(1);
    }

    function test_OwnerStillPublishes() public whenEnabled {
        vm.prank(feed.owner());
        feed.setPrice(123);
        assertEq(feed.price(), 123, "price after the owner's setPrice");
    }

    function test_PublishedPriceSurvived() public whenEnabled {
        assertEq(feed.price(), vm.envUint("LOCKSTEP_EXPECTED_PRICE"), "price()");
    }
}
