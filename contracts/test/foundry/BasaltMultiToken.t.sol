// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {BasaltMultiToken} from "../../src/BasaltMultiToken.sol";
import {IERC1155Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";

contract BasaltMultiTokenTest is Test {
    BasaltMultiToken internal multi;
    address internal admin = makeAddr("admin");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        multi = new BasaltMultiToken("Basalt Items", "BITM", "https://basalt.example/items/{id}.json", admin);
    }

    function test_Metadata() public view {
        assertEq(multi.name(), "Basalt Items");
        assertEq(multi.symbol(), "BITM");
        assertEq(multi.uri(7), "https://basalt.example/items/{id}.json");
        assertTrue(multi.supportsInterface(type(IERC1155).interfaceId));
    }

    function test_SupplyTracksMintsTransfersAndBurns() public {
        vm.startPrank(admin);
        multi.mint(alice, 1, 100, "");
        multi.mint(bob, 1, 50, "");
        multi.mint(alice, 2, 1, "");
        vm.stopPrank();
        assertEq(multi.totalSupply(1), 150);
        assertEq(multi.totalSupply(2), 1);
        assertEq(multi.totalSupply(), 151);
        assertTrue(multi.exists(1));
        assertFalse(multi.exists(3));

        vm.prank(alice);
        multi.safeTransferFrom(alice, bob, 1, 30, "");
        assertEq(multi.balanceOf(bob, 1), 80);
        assertEq(multi.totalSupply(1), 150);

        vm.prank(bob);
        multi.burn(bob, 1, 80);
        assertEq(multi.totalSupply(1), 70);
        vm.prank(alice);
        multi.burn(alice, 2, 1);
        assertFalse(multi.exists(2));
        assertEq(multi.totalSupply(), 70);
    }

    function test_MintBatchAndBalanceOfBatch() public {
        uint256[] memory ids = new uint256[](3);
        uint256[] memory amounts = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (10, 11, 12);
        (amounts[0], amounts[1], amounts[2]) = (1, 2, 3);
        vm.prank(admin);
        multi.mintBatch(alice, ids, amounts, "");
        address[] memory owners = new address[](3);
        (owners[0], owners[1], owners[2]) = (alice, alice, alice);
        uint256[] memory balances = multi.balanceOfBatch(owners, ids);
        assertEq(balances[2], 3);
        assertEq(multi.totalSupply(), 6);
    }

    function test_RolesAndBalances() public {
        bytes32 minter = multi.MINTER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, minter));
        vm.prank(bob);
        multi.mint(bob, 1, 1, "");
        vm.prank(admin);
        multi.setURI("ipfs://new/{id}");
        assertEq(multi.uri(1), "ipfs://new/{id}");
        vm.expectRevert(abi.encodeWithSelector(IERC1155Errors.ERC1155InsufficientBalance.selector, alice, 0, 1, 1));
        vm.prank(alice);
        multi.safeTransferFrom(alice, bob, 1, 1, "");
    }
}
