// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CheatCodes, Vm} from "./Vm.sol";

/// @title Script
/// @notice A minimal base for Foundry scripts (`forge script`), Basalt's own: the `vm` cheatcodes.
abstract contract Script is CheatCodes {
    /// @notice Foundry looks for this flag on script contracts.
    bool public IS_SCRIPT = true;
}
