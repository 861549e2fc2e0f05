// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {BasaltToken} from "../../src/BasaltToken.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

contract BasaltTokenTest is Test {
    BasaltToken internal token;
    address internal admin = makeAddr("admin");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    uint256 internal constant CAP = 1_000_000 ether;
    uint256 internal constant INITIAL = 1_000 ether;

    event Transfer(address indexed from, address indexed to, uint256 value);

    function setUp() public {
        token = new BasaltToken("Basalt", "BSLT", CAP, INITIAL, admin);
    }

    function test_Metadata() public view {
        assertEq(token.name(), "Basalt");
        assertEq(token.symbol(), "BSLT");
        assertEq(token.decimals(), 18);
        assertEq(token.cap(), CAP);
        assertEq(token.totalSupply(), INITIAL);
        assertEq(token.balanceOf(admin), INITIAL);
        assertTrue(token.hasRole(token.MINTER_ROLE(), admin));
        assertTrue(token.hasRole(token.PAUSER_ROLE(), admin));
    }

    function test_TransferEmitsAndMovesBalance() public {
        vm.expectEmit(address(token));
        emit Transfer(admin, alice, 10 ether);
        vm.prank(admin);
        token.transfer(alice, 10 ether);
        assertEq(token.balanceOf(alice), 10 ether);
        assertEq(token.balanceOf(admin), INITIAL - 10 ether);
    }

    function test_TransferMoreThanBalanceReverts() public {
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 0, 1));
        vm.prank(alice);
        token.transfer(bob, 1);
    }

    function test_MintIsCappedAndRoleGated() public {
        vm.prank(admin);
        token.mint(alice, CAP - INITIAL);
        assertEq(token.totalSupply(), CAP);
        vm.expectRevert(abi.encodeWithSelector(ERC20Capped.ERC20ExceededCap.selector, CAP + 1, CAP));
        vm.prank(admin);
        token.mint(alice, 1);
        bytes32 minter = token.MINTER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, minter));
        vm.prank(bob);
        token.mint(bob, 1);
    }

    function test_PauseStopsTransfers() public {
        vm.prank(admin);
        token.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(admin);
        token.transfer(alice, 1);
        vm.prank(admin);
        token.unpause();
        vm.prank(admin);
        token.transfer(alice, 1);
        assertEq(token.balanceOf(alice), 1);
    }

    function test_BurnAndBurnFrom() public {
        vm.prank(admin);
        token.burn(100 ether);
        assertEq(token.totalSupply(), INITIAL - 100 ether);
        vm.prank(admin);
        token.approve(alice, 50 ether);
        vm.prank(alice);
        token.burnFrom(admin, 50 ether);
        assertEq(token.balanceOf(admin), INITIAL - 150 ether);
        assertEq(token.allowance(admin, alice), 0);
    }

    function test_PermitSetsAllowanceFromASignature() public {
        uint256 ownerKey = 0xA11CE;
        address owner = vm.addr(ownerKey);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                bob,
                5 ether,
                token.nonces(owner),
                deadline
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ownerKey, digest);
        token.permit(owner, bob, 5 ether, deadline, v, r, s);
        assertEq(token.allowance(owner, bob), 5 ether);
        assertEq(token.nonces(owner), 1);

        // The same signature cannot be used twice (the nonce moved on).
        vm.expectRevert();
        token.permit(owner, bob, 5 ether, deadline, v, r, s);

        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        token.permit(owner, bob, 5 ether, deadline, v, r, s);
    }

    function testFuzz_TransferConservesSupply(uint256 amount) public {
        amount = bound(amount, 0, INITIAL);
        vm.prank(admin);
        token.transfer(alice, amount);
        assertEq(token.balanceOf(alice) + token.balanceOf(admin), INITIAL);
        assertEq(token.totalSupply(), INITIAL);
    }
}
