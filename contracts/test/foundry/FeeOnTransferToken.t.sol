// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {FeeOnTransferToken} from "../../src/FeeOnTransferToken.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract FeeOnTransferTokenTest is Test {
    FeeOnTransferToken internal token;
    address internal owner = makeAddr("owner");
    address internal treasury = makeAddr("treasury");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    event FeeTaken(address indexed from, address indexed to, uint256 fee);

    function setUp() public {
        token = new FeeOnTransferToken("Taxed", "TAX", 1_000_000 ether, owner, treasury, 200); // 2%
        vm.prank(owner);
        token.transfer(alice, 1_000 ether); // owner is exempt: no fee
    }

    function test_OwnerAndRecipientStartExempt() public view {
        assertEq(token.balanceOf(alice), 1_000 ether);
        assertEq(token.balanceOf(treasury), 0);
        assertTrue(token.isFeeExempt(owner));
        assertTrue(token.isFeeExempt(treasury));
        assertEq(token.feeBps(), 200);
    }

    function test_TransferPaysTheFee() public {
        vm.expectEmit(address(token));
        emit FeeTaken(alice, bob, 2 ether);
        vm.prank(alice);
        token.transfer(bob, 100 ether);
        assertEq(token.balanceOf(bob), 98 ether);
        assertEq(token.balanceOf(treasury), 2 ether);
        assertEq(token.balanceOf(alice), 900 ether);
    }

    function test_TransferFromPaysTheFeeAndSpendsTheWholeAllowance() public {
        vm.prank(alice);
        token.approve(bob, 100 ether);
        vm.prank(bob);
        token.transferFrom(alice, bob, 100 ether);
        assertEq(token.balanceOf(bob), 98 ether);
        assertEq(token.allowance(alice, bob), 0);
    }

    function test_ExemptSenderOrReceiverPaysNoFee() public {
        vm.prank(owner);
        token.setFeeExempt(bob, true);
        vm.prank(alice);
        token.transfer(bob, 100 ether);
        assertEq(token.balanceOf(bob), 100 ether);
        vm.prank(bob);
        token.transfer(alice, 100 ether);
        assertEq(token.balanceOf(alice), 1_000 ether);
        assertEq(token.balanceOf(treasury), 0);
        assertEq(token.feeFor(alice, bob, 1 ether), 0);
    }

    function test_OwnerSetsFeeWithinTheMaximum() public {
        vm.prank(owner);
        token.setFee(1_000);
        assertEq(token.feeFor(alice, bob, 100), 10);
        vm.expectRevert(abi.encodeWithSelector(FeeOnTransferToken.FeeTooHigh.selector, 1_001, 1_000));
        vm.prank(owner);
        token.setFee(1_001);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        token.setFee(0);
        vm.expectRevert(FeeOnTransferToken.InvalidFeeRecipient.selector);
        vm.prank(owner);
        token.setFeeRecipient(address(0));
    }

    function test_ShortSenderRevertsWithTheWholeAmount() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1_000 ether, 1_001 ether)
        );
        vm.prank(alice);
        token.transfer(bob, 1_001 ether);
    }

    function testFuzz_FeePlusReceivedEqualsSent(uint256 amount) public {
        amount = bound(amount, 0, 1_000 ether);
        vm.prank(alice);
        token.transfer(bob, amount);
        assertEq(token.balanceOf(bob) + token.balanceOf(treasury), amount);
        assertEq(token.balanceOf(treasury), (amount * 200) / 10_000);
        assertEq(token.totalSupply(), 1_000_000 ether);
    }
}
