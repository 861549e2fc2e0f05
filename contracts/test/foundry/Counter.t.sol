// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {Counter} from "../../src/Counter.sol";

contract CounterTest is Test {
    Counter internal counter;

    event Incremented(address indexed by, uint256 newNumber);

    function setUp() public {
        counter = new Counter();
    }

    function test_IncrementEmits() public {
        vm.expectEmit(address(counter));
        emit Incremented(address(this), 1);
        counter.increment();
        assertEq(counter.number(), 1);
    }

    function testFuzz_SetNumber(uint256 n) public {
        counter.setNumber(n);
        assertEq(counter.number(), n);
    }
}
