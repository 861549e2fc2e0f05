// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title console
/// @notice Logging from Solidity tests and scripts: calls to the console address, which Foundry (and Hardhat)
///         decode and print (`forge test -vv`, `forge script`). A no-op on a real chain. Only the signatures
///         Basalt uses.
library console {
    address internal constant CONSOLE_ADDRESS = 0x000000000000000000636F6e736F6c652e6c6f67;

    function _send(bytes memory payload) private view {
        address target = CONSOLE_ADDRESS;
        assembly ("memory-safe") {
            pop(staticcall(gas(), target, add(payload, 0x20), mload(payload), 0, 0))
        }
    }

    function log(string memory message) internal view {
        _send(abi.encodeWithSignature("log(string)", message));
    }

    function log(string memory message, address value) internal view {
        _send(abi.encodeWithSignature("log(string,address)", message, value));
    }

    function log(string memory message, uint256 value) internal view {
        _send(abi.encodeWithSignature("log(string,uint256)", message, value));
    }
}
