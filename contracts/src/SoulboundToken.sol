// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC5192} from "./interfaces/IERC5192.sol";

/// @title SoulboundToken
/// @notice A non-transferable ERC-721 (ERC-5192, every token locked forever): credentials, memberships,
///         attestations. The issuer (owner) issues and revokes; a holder may burn their own token; nobody can
///         transfer or approve.
contract SoulboundToken is ERC721, ERC721URIStorage, Ownable, IERC5192 {
    /// @notice A transfer or an approval of a soulbound token was attempted.
    error SoulboundTokenLocked(uint256 tokenId);
    /// @notice Only the holder or the issuer may burn a token.
    error SoulboundUnauthorizedBurn(address caller, uint256 tokenId);

    uint256 private _nextTokenId;

    /// @param name_ token name
    /// @param symbol_ token symbol
    /// @param issuer the owner, who issues and revokes tokens
    constructor(string memory name_, string memory symbol_, address issuer) ERC721(name_, symbol_) Ownable(issuer) {}

    /// @notice Issues the next token id to `to` with metadata `uri`; emits Transfer and Locked.
    function issue(address to, string calldata uri) external onlyOwner returns (uint256 tokenId) {
        tokenId = _nextTokenId++;
        _safeMint(to, tokenId);
        _setTokenURI(tokenId, uri);
        emit Locked(tokenId);
    }

    /// @notice The issuer revokes (burns) a token.
    function revoke(uint256 tokenId) external onlyOwner {
        _burn(tokenId);
    }

    /// @notice The holder gives up (burns) their own token.
    function burn(uint256 tokenId) external {
        if (_requireOwned(tokenId) != msg.sender) revert SoulboundUnauthorizedBurn(msg.sender, tokenId);
        _burn(tokenId);
    }

    /// @inheritdoc IERC5192
    function locked(uint256 tokenId) external view returns (bool) {
        _requireOwned(tokenId);
        return true;
    }

    /// @notice Always reverts: soulbound tokens cannot be approved.
    function approve(address, uint256 tokenId) public pure override(ERC721, IERC721) {
        revert SoulboundTokenLocked(tokenId);
    }

    /// @notice Always reverts: soulbound tokens cannot be approved.
    function setApprovalForAll(address, bool) public pure override(ERC721, IERC721) {
        revert SoulboundTokenLocked(type(uint256).max);
    }

    /// @dev Only mints (from == 0) and burns (to == 0) pass; every transfer reverts.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        address from = _ownerOf(tokenId);
        if (from != address(0) && to != address(0)) revert SoulboundTokenLocked(tokenId);
        return super._update(to, tokenId, auth);
    }

    function tokenURI(uint256 tokenId) public view override(ERC721, ERC721URIStorage) returns (string memory) {
        return super.tokenURI(tokenId);
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC721, ERC721URIStorage) returns (bool) {
        return interfaceId == type(IERC5192).interfaceId || super.supportsInterface(interfaceId);
    }
}
