// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Vm
/// @notice The Foundry cheatcodes Basalt's Solidity tests and scripts use, declared by hand (Basalt does not depend
///         on forge-std: it is not published to npm by Foundry, and this is all we need). Foundry's EVM (and
///         Hardhat 3's EDR) answer calls to VM_ADDRESS, address(uint160(uint256(keccak256("hevm cheat code")))).
interface Vm {
    // Environment
    function warp(uint256 timestamp) external;
    function roll(uint256 blockNumber) external;
    function chainId(uint256 newChainId) external;
    function assume(bool condition) external pure;
    function deal(address account, uint256 newBalance) external;
    function etch(address target, bytes calldata code) external;
    function label(address account, string calldata name) external;
    function envOr(string calldata name, address defaultValue) external view returns (address);
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256);

    // Callers
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function readCallers() external returns (uint256 callerMode, address msgSender, address txOrigin);

    // Keys and signatures
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    // Expectations
    function expectRevert() external;
    function expectRevert(bytes4 selector) external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit() external;
    function expectEmit(address emitter) external;

    // Assertions (each reverts with the message when it fails, which fails the test)
    function assertTrue(bool condition, string calldata error) external pure;
    function assertFalse(bool condition, string calldata error) external pure;
    function assertEq(bool left, bool right, string calldata error) external pure;
    function assertEq(uint256 left, uint256 right, string calldata error) external pure;
    function assertEq(address left, address right, string calldata error) external pure;
    function assertEq(bytes32 left, bytes32 right, string calldata error) external pure;
    function assertEq(string calldata left, string calldata right, string calldata error) external pure;
    function assertEq(bytes calldata left, bytes calldata right, string calldata error) external pure;
    function assertNotEq(address left, address right, string calldata error) external pure;
    function assertGt(uint256 left, uint256 right, string calldata error) external pure;
    function assertLe(uint256 left, uint256 right, string calldata error) external pure;

    // Scripts
    function startBroadcast() external;
    function startBroadcast(uint256 privateKey) external;
    function stopBroadcast() external;
}

/// @notice The cheatcode address, shared by Test and Script.
abstract contract CheatCodes {
    address internal constant VM_ADDRESS = address(uint160(uint256(keccak256("hevm cheat code"))));
    Vm internal constant vm = Vm(VM_ADDRESS);
}
