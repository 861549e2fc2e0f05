// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title FeeOnTransferToken
/// @notice An ERC-20 that takes a fee (in basis points) from every transfer and sends it to a fee recipient,
///         unless the sender or the receiver is on the exemption list. Mints and burns pay no fee. The receiver
///         gets `amount - fee`: integrations must measure balances, not trust `amount` (the classic
///         fee-on-transfer caveat, which is what this token is for testing).
contract FeeOnTransferToken is ERC20, Ownable {
    /// @notice The largest fee the owner can set: 10%.
    uint16 public constant MAX_FEE_BPS = 1_000;

    uint16 public feeBps;
    address public feeRecipient;
    mapping(address account => bool) public isFeeExempt;

    event FeeChanged(uint16 feeBps);
    event FeeRecipientChanged(address indexed feeRecipient);
    event FeeExemptionSet(address indexed account, bool exempt);
    /// @notice Emitted with the Transfer events of a transfer that paid a fee.
    event FeeTaken(address indexed from, address indexed to, uint256 fee);

    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    error InvalidFeeRecipient();

    /// @param name_ token name
    /// @param symbol_ token symbol
    /// @param initialSupply minted to `owner_`
    /// @param owner_ the owner (sets the fee, recipient and exemptions); exempt
    /// @param feeRecipient_ receives the fees; exempt
    /// @param feeBps_ the fee in basis points (at most MAX_FEE_BPS)
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 initialSupply,
        address owner_,
        address feeRecipient_,
        uint16 feeBps_
    ) ERC20(name_, symbol_) Ownable(owner_) {
        _setFeeRecipient(feeRecipient_);
        _setFee(feeBps_);
        _setExempt(owner_, true);
        _setExempt(feeRecipient_, true);
        _mint(owner_, initialSupply);
    }

    /// @notice The fee a transfer of `amount` from `from` to `to` would pay now.
    function feeFor(address from, address to, uint256 amount) public view returns (uint256) {
        if (from == address(0) || to == address(0) || isFeeExempt[from] || isFeeExempt[to]) return 0;
        return (amount * feeBps) / 10_000;
    }

    function setFee(uint16 newFeeBps) external onlyOwner {
        _setFee(newFeeBps);
    }

    function setFeeRecipient(address newRecipient) external onlyOwner {
        _setFeeRecipient(newRecipient);
    }

    function setFeeExempt(address account, bool exempt) external onlyOwner {
        _setExempt(account, exempt);
    }

    function _update(address from, address to, uint256 value) internal override {
        uint256 fee = feeFor(from, to, value);
        if (fee == 0) return super._update(from, to, value);
        uint256 balance = balanceOf(from);
        // Report the whole amount, not the part left after the fee, when the sender is short.
        if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
        super._update(from, feeRecipient, fee);
        super._update(from, to, value - fee);
        emit FeeTaken(from, to, fee);
    }

    function _setFee(uint16 newFeeBps) private {
        if (newFeeBps > MAX_FEE_BPS) revert FeeTooHigh(newFeeBps, MAX_FEE_BPS);
        feeBps = newFeeBps;
        emit FeeChanged(newFeeBps);
    }

    function _setFeeRecipient(address newRecipient) private {
        if (newRecipient == address(0)) revert InvalidFeeRecipient();
        feeRecipient = newRecipient;
        emit FeeRecipientChanged(newRecipient);
    }

    function _setExempt(address account, bool exempt) private {
        isFeeExempt[account] = exempt;
        emit FeeExemptionSet(account, exempt);
    }
}
