// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Counter
/// @notice The smallest stateful contract: a number that only goes up.
contract Counter {
    uint256 public number;

    event Incremented(address indexed by, uint256 newNumber);

    function increment() external {
        uint256 n = ++number;
        emit Incremented(msg.sender, n);
    }

    function setNumber(uint256 n) external {
        number = n;
    }
}
