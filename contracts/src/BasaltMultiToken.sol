// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {ERC1155Supply} from "@openzeppelin/contracts/token/ERC1155/extensions/ERC1155Supply.sol";
import {ERC1155Burnable} from "@openzeppelin/contracts/token/ERC1155/extensions/ERC1155Burnable.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title BasaltMultiToken
/// @notice ERC-1155 multi-token with supply tracking per id (`totalSupply(id)`, `totalSupply()`, `exists(id)`),
///         burnable, with role-based minting and URI updates. `uri(id)` is the ERC-1155 `{id}` template.
contract BasaltMultiToken is ERC1155, ERC1155Supply, ERC1155Burnable, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 public constant URI_SETTER_ROLE = keccak256("URI_SETTER_ROLE");

    /// @notice Collection name and symbol, for wallets and explorers (not part of ERC-1155).
    string public name;
    string public symbol;

    /// @param name_ collection name
    /// @param symbol_ collection symbol
    /// @param uri_ metadata URI template, e.g. "https://example.org/{id}.json"
    /// @param admin receives DEFAULT_ADMIN_ROLE, MINTER_ROLE and URI_SETTER_ROLE
    constructor(string memory name_, string memory symbol_, string memory uri_, address admin) ERC1155(uri_) {
        name = name_;
        symbol = symbol_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
        _grantRole(URI_SETTER_ROLE, admin);
    }

    function mint(address to, uint256 id, uint256 amount, bytes calldata data) external onlyRole(MINTER_ROLE) {
        _mint(to, id, amount, data);
    }

    function mintBatch(address to, uint256[] calldata ids, uint256[] calldata amounts, bytes calldata data)
        external
        onlyRole(MINTER_ROLE)
    {
        _mintBatch(to, ids, amounts, data);
    }

    function setURI(string calldata newUri) external onlyRole(URI_SETTER_ROLE) {
        _setURI(newUri);
    }

    function _update(address from, address to, uint256[] memory ids, uint256[] memory values)
        internal
        override(ERC1155, ERC1155Supply)
    {
        super._update(from, to, ids, values);
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }
}
