// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CheatCodes, Vm} from "./Vm.sol";

/// @title Test
/// @notice A minimal base for Foundry tests, Basalt's own: the `vm` cheatcodes and assertion helpers that call
///         Foundry's assertion cheatcodes (a failed assertion reverts, which fails the test). Test functions
///         are the public functions named test*; `setUp()` runs before each.
abstract contract Test is CheatCodes {
    /// @notice Foundry (and older tooling) look for this flag on test contracts.
    bool public IS_TEST = true;

    function assertTrue(bool condition) internal pure {
        vm.assertTrue(condition, "assertTrue failed");
    }

    function assertTrue(bool condition, string memory message) internal pure {
        vm.assertTrue(condition, message);
    }

    function assertFalse(bool condition) internal pure {
        vm.assertFalse(condition, "assertFalse failed");
    }

    function assertEq(uint256 left, uint256 right) internal pure {
        vm.assertEq(left, right, "assertEq(uint256) failed");
    }

    function assertEq(uint256 left, uint256 right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(address left, address right) internal pure {
        vm.assertEq(left, right, "assertEq(address) failed");
    }

    function assertEq(address left, address right, string memory message) internal pure {
        vm.assertEq(left, right, message);
    }

    function assertEq(bool left, bool right) internal pure {
        vm.assertEq(left, right, "assertEq(bool) failed");
    }

    function assertEq(bytes32 left, bytes32 right) internal pure {
        vm.assertEq(left, right, "assertEq(bytes32) failed");
    }

    function assertEq(string memory left, string memory right) internal pure {
        vm.assertEq(left, right, "assertEq(string) failed");
    }

    function assertEq(bytes memory left, bytes memory right) internal pure {
        vm.assertEq(left, right, "assertEq(bytes) failed");
    }

    function assertNotEq(address left, address right) internal pure {
        vm.assertNotEq(left, right, "assertNotEq(address) failed");
    }

    function assertGt(uint256 left, uint256 right) internal pure {
        vm.assertGt(left, right, "assertGt failed");
    }

    function assertLe(uint256 left, uint256 right) internal pure {
        vm.assertLe(left, right, "assertLe failed");
    }

    /// @notice A fresh address with a label (for traces), from a name.
    function makeAddr(string memory name) internal returns (address account) {
        account = vm.addr(uint256(keccak256(bytes(name))));
        vm.label(account, name);
    }

    /// @notice Restricts a fuzzed value to [min, max] without discarding runs.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        return min + (x % size);
    }
}
