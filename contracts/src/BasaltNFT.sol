// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721Enumerable} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721Enumerable.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";
import {ERC721Burnable} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721Burnable.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title BasaltNFT
/// @notice ERC-721 collection: enumerable, a URI per token, burnable, with ERC-2981 royalties and role-based
///         minting. Token ids are assigned in order from 0.
/// @dev Every constructor argument is explicit (no msg.sender), so TokenFactory can deploy it for anyone.
contract BasaltNFT is ERC721, ERC721Enumerable, ERC721URIStorage, ERC721Burnable, ERC2981, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    uint256 private _nextTokenId;

    /// @param name_ collection name
    /// @param symbol_ collection symbol
    /// @param admin receives DEFAULT_ADMIN_ROLE (sets royalties, grants roles) and MINTER_ROLE
    /// @param royaltyReceiver default royalty receiver (address(0) with royaltyBps 0: no default royalty)
    /// @param royaltyBps default royalty in basis points of the sale price (at most 10000)
    constructor(string memory name_, string memory symbol_, address admin, address royaltyReceiver, uint96 royaltyBps)
        ERC721(name_, symbol_)
    {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
        if (royaltyReceiver != address(0) || royaltyBps != 0) _setDefaultRoyalty(royaltyReceiver, royaltyBps);
    }

    /// @notice Mints the next token id to `to` (ERC-721 safe mint: a contract receiver must accept it) with `uri`.
    function safeMint(address to, string calldata uri) external onlyRole(MINTER_ROLE) returns (uint256 tokenId) {
        tokenId = _nextTokenId++;
        _safeMint(to, tokenId);
        _setTokenURI(tokenId, uri);
    }

    /// @notice The id the next mint will get.
    function nextTokenId() external view returns (uint256) {
        return _nextTokenId;
    }

    function setDefaultRoyalty(address receiver, uint96 royaltyBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDefaultRoyalty(receiver, royaltyBps);
    }

    function deleteDefaultRoyalty() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _deleteDefaultRoyalty();
    }

    function setTokenRoyalty(uint256 tokenId, address receiver, uint96 royaltyBps)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _setTokenRoyalty(tokenId, receiver, royaltyBps);
    }

    function resetTokenRoyalty(uint256 tokenId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _resetTokenRoyalty(tokenId);
    }

    // Overrides required by Solidity for the bases above.

    function _update(address to, uint256 tokenId, address auth)
        internal
        override(ERC721, ERC721Enumerable)
        returns (address)
    {
        return super._update(to, tokenId, auth);
    }

    function _increaseBalance(address account, uint128 value) internal override(ERC721, ERC721Enumerable) {
        super._increaseBalance(account, value);
    }

    function tokenURI(uint256 tokenId) public view override(ERC721, ERC721URIStorage) returns (string memory) {
        return super.tokenURI(tokenId);
    }

    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC721, ERC721Enumerable, ERC721URIStorage, ERC2981, AccessControl)
        returns (bool)
    {
        return super.supportsInterface(interfaceId);
    }
}
