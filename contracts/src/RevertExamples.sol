// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RevertExamples
/// @notice Every way a call can fail, for tests of revert decoding (eth_call, eth_estimateGas, receipts).
contract RevertExamples {
    /// @notice Custom error with arguments, ABI-encoded as selector ++ (uint256, address, string).
    error Unauthorized(uint256 code, address caller, string reason);
    /// @notice Custom error without arguments.
    error Nope();

    event Emitted(address indexed sender, uint256 indexed id, string note);
    event Anonymousish(uint256 value) anonymous;

    uint256 public counter;

    /// Reverts with Error(string) "RevertExamples: not ok" unless `ok`.
    function requireOk(bool ok) external pure returns (bool) {
        require(ok, "RevertExamples: not ok");
        return true;
    }

    /// Always reverts with Error(string) "RevertExamples: always".
    function revertWithString() external pure {
        revert("RevertExamples: always");
    }

    /// Always reverts with Unauthorized(code, msg.sender, "custom").
    function revertWithCustomError(uint256 code) external view {
        revert Unauthorized(code, msg.sender, "custom");
    }

    /// Always reverts with Nope().
    function revertWithBareError() external pure {
        revert Nope();
    }

    /// Reverts with empty return data.
    function revertEmpty() external pure {
        revert();
    }

    /// Panic(0x12): division by zero when `d == 0`.
    function divide(uint256 n, uint256 d) external pure returns (uint256) {
        return n / d;
    }

    /// Panic(0x01): failed assert unless `ok`.
    function assertOk(bool ok) external pure returns (bool) {
        assert(ok);
        return true;
    }

    /// Panic(0x11): arithmetic overflow.
    function overflow(uint256 a) external pure returns (uint256) {
        return a + type(uint256).max;
    }

    /// Panic(0x32): array index out of bounds.
    function outOfBounds(uint256 i) external pure returns (uint256) {
        uint256[] memory a = new uint256[](1);
        return a[i];
    }

    /// Succeeds, returning `x + 1`.
    function succeed(uint256 x) external pure returns (uint256) {
        return x + 1;
    }

    /// Succeeds and changes state: increments `counter` and emits Emitted(msg.sender, counter, note).
    function emitEvent(string calldata note) external returns (uint256 id) {
        id = ++counter;
        emit Emitted(msg.sender, id, note);
    }

    /// Emits an anonymous event (no topic0).
    function emitAnonymous(uint256 value) external {
        emit Anonymousish(value);
    }

    /// Burns all gas (INVALID opcode), for out-of-gas style failures.
    function invalidOpcode() external pure {
        assembly {
            invalid()
        }
    }
}
