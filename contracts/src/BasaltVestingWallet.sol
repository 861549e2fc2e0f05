// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";

/// @title BasaltVestingWallet
/// @notice Holds ETH and any ERC-20 sent to it and releases them to the beneficiary linearly from `start` to
///         `start + duration`, nothing before the cliff (`start + cliffSeconds`). At the cliff, everything vested
///         since `start` becomes releasable at once. Anyone may call `release()` / `release(token)`; funds always
///         go to the beneficiary (the owner, who may transfer ownership to a new beneficiary).
contract BasaltVestingWallet is VestingWalletCliff {
    /// @param beneficiary receives the vested funds (the Ownable owner)
    /// @param startTimestamp when vesting starts (unix seconds)
    /// @param durationSeconds length of the linear vesting
    /// @param cliffSeconds nothing is releasable until `startTimestamp + cliffSeconds` (at most durationSeconds)
    constructor(address beneficiary, uint64 startTimestamp, uint64 durationSeconds, uint64 cliffSeconds)
        payable
        VestingWallet(beneficiary, startTimestamp, durationSeconds)
        VestingWalletCliff(cliffSeconds)
    {}
}
