// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {SoulboundToken} from "../../src/SoulboundToken.sol";
import {IERC5192} from "../../src/interfaces/IERC5192.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

contract SoulboundTokenTest is Test {
    SoulboundToken internal sbt;
    address internal issuer = makeAddr("issuer");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    event Locked(uint256 tokenId);

    function setUp() public {
        sbt = new SoulboundToken("Basalt Badge", "BADGE", issuer);
    }

    function _issue(address to) internal returns (uint256 id) {
        vm.prank(issuer);
        id = sbt.issue(to, "ipfs://badge");
    }

    function test_IssueEmitsLockedAndIsLocked() public {
        vm.expectEmit(address(sbt));
        emit Locked(0);
        uint256 id = _issue(alice);
        assertEq(sbt.ownerOf(id), alice);
        assertTrue(sbt.locked(id));
        assertEq(sbt.tokenURI(id), "ipfs://badge");
    }

    function test_LockedRevertsForAMissingToken() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 42));
        sbt.locked(42);
    }

    function test_TransfersAndApprovalsRevert() public {
        uint256 id = _issue(alice);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(SoulboundToken.SoulboundTokenLocked.selector, id));
        sbt.transferFrom(alice, bob, id);
        vm.expectRevert(abi.encodeWithSelector(SoulboundToken.SoulboundTokenLocked.selector, id));
        sbt.safeTransferFrom(alice, bob, id);
        vm.expectRevert(abi.encodeWithSelector(SoulboundToken.SoulboundTokenLocked.selector, id));
        sbt.approve(bob, id);
        vm.expectRevert(abi.encodeWithSelector(SoulboundToken.SoulboundTokenLocked.selector, type(uint256).max));
        sbt.setApprovalForAll(bob, true);
        vm.stopPrank();
        assertEq(sbt.ownerOf(id), alice);
    }

    function test_IssuerRevokesHolderBurnsOthersCannot() public {
        uint256 a = _issue(alice);
        uint256 b = _issue(bob);
        vm.prank(issuer);
        sbt.revoke(a);
        assertEq(sbt.balanceOf(alice), 0);
        vm.expectRevert(abi.encodeWithSelector(SoulboundToken.SoulboundUnauthorizedBurn.selector, alice, b));
        vm.prank(alice);
        sbt.burn(b);
        vm.prank(bob);
        sbt.burn(b);
        assertEq(sbt.balanceOf(bob), 0);
    }

    function test_OnlyIssuerIssues() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        sbt.issue(alice, "x");
    }

    function test_SupportsERC5192() public view {
        assertEq(type(IERC5192).interfaceId, bytes4(0xb45a3c0e));
        assertTrue(sbt.supportsInterface(0xb45a3c0e));
        assertTrue(sbt.supportsInterface(type(IERC721).interfaceId));
    }
}
