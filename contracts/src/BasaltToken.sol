// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title BasaltToken
/// @notice A capped, burnable, pausable ERC-20 with EIP-2612 permits and role-based minting.
/// @dev Bad transfers revert with OpenZeppelin 5's custom errors (ERC20InsufficientBalance,
///      ERC20InsufficientAllowance, ERC20ExceededCap, EnforcedPause, AccessControlUnauthorizedAccount, ...).
contract BasaltToken is ERC20, ERC20Permit, ERC20Capped, ERC20Burnable, ERC20Pausable, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @param name_ token name (also the EIP-712 domain name)
    /// @param symbol_ token symbol
    /// @param cap_ maximum total supply (must be > 0)
    /// @param initialSupply amount minted to `admin` at deployment (must be <= cap_)
    /// @param admin receives DEFAULT_ADMIN_ROLE, MINTER_ROLE, PAUSER_ROLE and the initial supply
    constructor(string memory name_, string memory symbol_, uint256 cap_, uint256 initialSupply, address admin)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
        ERC20Capped(cap_)
    {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        if (initialSupply > 0) _mint(admin, initialSupply);
    }

    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    function _update(address from, address to, uint256 value)
        internal
        override(ERC20, ERC20Capped, ERC20Pausable)
    {
        super._update(from, to, value);
    }
}
