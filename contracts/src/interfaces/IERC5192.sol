// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC5192: minimal soulbound NFTs
/// @notice ERC-5192. Interface id 0xb45a3c0e (the selector of `locked(uint256)`).
interface IERC5192 {
    /// @notice Emitted when the locking status of a token is set to locked.
    event Locked(uint256 tokenId);
    /// @notice Emitted when the locking status of a token is set to unlocked.
    event Unlocked(uint256 tokenId);

    /// @notice Whether `tokenId` is locked (non-transferable). Reverts for a token that does not exist.
    function locked(uint256 tokenId) external view returns (bool);
}
