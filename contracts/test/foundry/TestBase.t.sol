// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";

/// @notice The local Test base itself: a failed assertion reverts (so it fails the test that makes it), and
///         `bound` stays in range.
contract TestBaseTest is Test {
    function failingAssertEq() external pure {
        assertEq(uint256(1), uint256(2));
    }

    function failingAssertTrue() external pure {
        assertTrue(false, "expected failure");
    }

    function test_FailedAssertionsRevert() public {
        vm.expectRevert(bytes("assertEq(uint256) failed: 1 != 2"));
        this.failingAssertEq();
        vm.expectRevert(bytes("expected failure"));
        this.failingAssertTrue();
    }

    function testFuzz_BoundStaysInRange(uint256 x, uint256 a, uint256 b) public pure {
        (uint256 min, uint256 max) = a < b ? (a, b) : (b, a);
        vm.assume(max - min < type(uint256).max);
        uint256 y = bound(x, min, max);
        assertTrue(y >= min && y <= max, "out of range");
    }
}
