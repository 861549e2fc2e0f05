// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {BasaltVestingWallet} from "../../src/BasaltVestingWallet.sol";
import {BasaltToken} from "../../src/BasaltToken.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";

contract BasaltVestingWalletTest is Test {
    BasaltVestingWallet internal wallet;
    BasaltToken internal token;
    address internal beneficiary = makeAddr("beneficiary");
    uint64 internal constant START = 1_000_000;
    uint64 internal constant DURATION = 400 days;
    uint64 internal constant CLIFF = 100 days;

    function setUp() public {
        vm.warp(START - 1 days);
        vm.deal(address(this), 400 ether);
        wallet = new BasaltVestingWallet{value: 400 ether}(beneficiary, START, DURATION, CLIFF);
        token = new BasaltToken("Basalt", "BSLT", 1_000_000 ether, 4_000 ether, address(this));
        token.transfer(address(wallet), 4_000 ether);
    }

    function test_Schedule() public view {
        assertEq(wallet.owner(), beneficiary);
        assertEq(wallet.start(), START);
        assertEq(wallet.duration(), DURATION);
        assertEq(wallet.cliff(), START + CLIFF);
        assertEq(wallet.end(), START + DURATION);
    }

    function test_NothingBeforeTheCliff() public {
        vm.warp(START + CLIFF - 1);
        assertEq(wallet.releasable(), 0);
        assertEq(wallet.releasable(address(token)), 0);
        wallet.release();
        assertEq(beneficiary.balance, 0);
    }

    function test_AtTheCliffEverythingVestedSinceStartIsReleasable() public {
        vm.warp(START + CLIFF);
        assertEq(wallet.releasable(), 100 ether); // 100 of 400 days
        assertEq(wallet.releasable(address(token)), 1_000 ether);
        wallet.release(); // anyone may call; funds go to the beneficiary
        wallet.release(address(token));
        assertEq(beneficiary.balance, 100 ether);
        assertEq(token.balanceOf(beneficiary), 1_000 ether);
        assertEq(wallet.released(), 100 ether);
        assertEq(wallet.releasable(), 0);
    }

    function test_LinearAfterTheCliffAndAllAtTheEnd() public {
        vm.warp(START + 200 days);
        wallet.release();
        assertEq(beneficiary.balance, 200 ether);
        vm.warp(START + DURATION + 1);
        wallet.release();
        wallet.release(address(token));
        assertEq(beneficiary.balance, 400 ether);
        assertEq(token.balanceOf(beneficiary), 4_000 ether);
        assertEq(address(wallet).balance, 0);
    }

    function test_FundsArrivingLaterVestOnTheSameSchedule() public {
        vm.warp(START + 200 days);
        vm.deal(address(this), 400 ether);
        (bool ok,) = address(wallet).call{value: 400 ether}("");
        assertTrue(ok);
        assertEq(wallet.releasable(), 400 ether); // half of 800
    }

    function test_CliffLongerThanDurationReverts() public {
        vm.expectRevert(abi.encodeWithSelector(VestingWalletCliff.InvalidCliffDuration.selector, 11, 10));
        new BasaltVestingWallet(beneficiary, START, 10, 11);
    }

    function testFuzz_VestedNeverExceedsTotal(uint64 t) public view {
        uint256 vested = wallet.vestedAmount(t);
        assertLe(vested, 400 ether);
        if (t < START + CLIFF) assertEq(vested, 0);
        if (t >= START + DURATION) assertEq(vested, 400 ether);
    }
}
