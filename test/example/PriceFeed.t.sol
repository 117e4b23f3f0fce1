// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PriceFeedV1} from "../../contracts/example/feed/PriceFeedV1.sol";
import {PriceFeedV2} from "../../contracts/example/feed/PriceFeedV2.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Test} from "forge-std/Test.sol";

/// @notice The worked example of drilling a team's own contracts: V1 lets anyone publish a price,
/// V2 restricts publishing to the owner and keeps the published price.
contract PriceFeedTest is Test {
    address internal owner = makeAddr("owner");
    address internal stranger = makeAddr("stranger");
    PriceFeedV1 internal feed;

    function setUp() external {
        PriceFeedV1 v1 = new PriceFeedV1();
        feed = PriceFeedV1(
            address(new ERC1967Proxy(address(v1), abi.encodeCall(PriceFeedV1.initialize, (owner, 2000e8))))
        );
    }

    function test_V1LetsAnyonePublishAPrice() external {
        vm.prank(stranger);
        feed.setPrice(1);
        assertEq(feed.price(), 1);
        assertEq(feed.version(), 1);
    }

    function test_V2OnlyLetsTheOwnerPublishAndKeepsThePrice() external {
        PriceFeedV2 v2 = new PriceFeedV2();
        vm.prank(owner);
        feed.upgradeToAndCall(address(v2), "");
        assertEq(feed.version(), 2);
        assertEq(feed.price(), 2000e8);
        vm.expectRevert(
            abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, stranger)
        );
        vm.prank(stranger);
        feed.setPrice(1);
        vm.prank(owner);
        feed.setPrice(2100e8);
        assertEq(feed.price(), 2100e8);
    }
}
