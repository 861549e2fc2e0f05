// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title TokenFactory
/// @notice Deploys any of Basalt's token designs at a deterministic CREATE2 address in one call, and predicts
///         that address before deploying.
///
/// The creation code of each design (a `Kind`) is a template, stored once as the code of a data contract (the
/// contracts together are far beyond the 24 KiB code-size limit, so the factory cannot embed them). The
/// constructor pins the keccak256 of each kind's creation code: anyone may then register a template, but only
/// the exact code pinned, so the factory is trustless and its addresses are predictable from the start.
///
/// The CREATE2 salt is `keccak256(abi.encode(msg.sender, salt))`: a caller's addresses cannot be taken by
/// someone else front-running the same salt. The address of a deployment is
/// `keccak256(0xff ++ factory ++ thatSalt ++ keccak256(creationCode ++ abi.encode(constructor args)))[12:]`.
contract TokenFactory {
    /// @notice The designs, in the order of the constructor's hashes.
    enum Kind {
        ERC20, // BasaltToken(string name, string symbol, uint256 cap, uint256 initialSupply, address admin)
        ERC721, // BasaltNFT(string name, string symbol, address admin, address royaltyReceiver, uint96 royaltyBps)
        ERC1155, // BasaltMultiToken(string name, string symbol, string uri, address admin)
        VestingWallet, // BasaltVestingWallet(address beneficiary, uint64 start, uint64 duration, uint64 cliffSeconds)
        Soulbound, // SoulboundToken(string name, string symbol, address issuer)
        FeeOnTransfer // FeeOnTransferToken(string name, string symbol, uint256 supply, address owner, address feeRecipient, uint16 feeBps)
    }

    uint256 public constant KIND_COUNT = 6;

    /// @notice keccak256 of each kind's creation code (zero: the kind is disabled).
    mapping(Kind kind => bytes32) public creationCodeHash;
    /// @notice The data contract holding each kind's creation code (its code is 0x00 ++ creationCode).
    mapping(Kind kind => address) public template;

    event TemplateRegistered(Kind indexed kind, address template, bytes32 creationCodeHash);
    event Deployed(Kind indexed kind, address indexed token, address indexed deployer, bytes32 salt);

    error KindDisabled(Kind kind);
    error TemplateAlreadyRegistered(Kind kind);
    error TemplateNotRegistered(Kind kind);
    error CreationCodeMismatch(Kind kind, bytes32 expected, bytes32 actual);
    error TemplateDeploymentFailed(Kind kind);
    /// @notice CREATE2 failed: the address is taken (same caller, salt and arguments) or the constructor reverted.
    error DeploymentFailed(Kind kind, address predicted);

    /// @param creationCodeHashes keccak256 of the creation code of each Kind, in enum order
    constructor(bytes32[KIND_COUNT] memory creationCodeHashes) {
        for (uint256 i = 0; i < KIND_COUNT; i++) {
            creationCodeHash[Kind(i)] = creationCodeHashes[i];
        }
    }

    /// @notice Stores the creation code of `kind` (it must hash to the pinned value). Once per kind; anyone.
    function registerTemplate(Kind kind, bytes calldata code) external returns (address pointer) {
        bytes32 expected = creationCodeHash[kind];
        if (expected == bytes32(0)) revert KindDisabled(kind);
        if (template[kind] != address(0)) revert TemplateAlreadyRegistered(kind);
        bytes32 actual = keccak256(code);
        if (actual != expected) revert CreationCodeMismatch(kind, expected, actual);
        // Init code of the data contract: PUSH2 len, DUP1, PUSH1 10, RETURNDATASIZE, CODECOPY, RETURNDATASIZE,
        // RETURN: returns the 0x00-prefixed data that follows these 10 bytes as the runtime code. The leading
        // STOP makes a call to the data contract do nothing.
        bytes memory data = bytes.concat(hex"00", code);
        bytes memory init = bytes.concat(hex"61", bytes2(uint16(data.length)), hex"80600a3d393df3", data);
        assembly ("memory-safe") {
            pointer := create(0, add(init, 0x20), mload(init))
        }
        if (pointer == address(0)) revert TemplateDeploymentFailed(kind);
        template[kind] = pointer;
        emit TemplateRegistered(kind, pointer, actual);
    }

    /// @notice Deploys `kind` with ABI-encoded `constructorArgs` at the address `predict` gives for
    ///         (`kind`, msg.sender, `salt`, `constructorArgs`). ETH sent is passed on (e.g. to fund a vesting
    ///         wallet; other kinds reject it).
    function deploy(Kind kind, bytes32 salt, bytes memory constructorArgs) public payable returns (address token) {
        bytes memory init = bytes.concat(creationCode(kind), constructorArgs);
        bytes32 s = _salt(msg.sender, salt);
        assembly ("memory-safe") {
            token := create2(callvalue(), add(init, 0x20), mload(init), s)
        }
        if (token == address(0)) revert DeploymentFailed(kind, _address(s, keccak256(init)));
        emit Deployed(kind, token, msg.sender, salt);
    }

    /// @notice The address `deployer` gets from `deploy(kind, salt, constructorArgs)`.
    function predict(Kind kind, address deployer, bytes32 salt, bytes calldata constructorArgs)
        public
        view
        returns (address)
    {
        return _address(_salt(deployer, salt), keccak256(bytes.concat(creationCode(kind), constructorArgs)));
    }

    /// @notice The creation code of `kind` (reverts if its template is not registered).
    function creationCode(Kind kind) public view returns (bytes memory code) {
        address pointer = template[kind];
        if (pointer == address(0)) revert TemplateNotRegistered(kind);
        uint256 size = pointer.code.length - 1;
        code = new bytes(size);
        assembly ("memory-safe") {
            extcodecopy(pointer, add(code, 0x20), 1, size)
        }
    }

    // One-call conveniences with typed arguments.

    function deployERC20(
        bytes32 salt,
        string calldata name,
        string calldata symbol,
        uint256 cap,
        uint256 initialSupply,
        address admin
    ) external returns (address) {
        return deploy(Kind.ERC20, salt, abi.encode(name, symbol, cap, initialSupply, admin));
    }

    function deployERC721(
        bytes32 salt,
        string calldata name,
        string calldata symbol,
        address admin,
        address royaltyReceiver,
        uint96 royaltyBps
    ) external returns (address) {
        return deploy(Kind.ERC721, salt, abi.encode(name, symbol, admin, royaltyReceiver, royaltyBps));
    }

    function deployERC1155(
        bytes32 salt,
        string calldata name,
        string calldata symbol,
        string calldata uri,
        address admin
    ) external returns (address) {
        return deploy(Kind.ERC1155, salt, abi.encode(name, symbol, uri, admin));
    }

    function deployVestingWallet(
        bytes32 salt,
        address beneficiary,
        uint64 startTimestamp,
        uint64 durationSeconds,
        uint64 cliffSeconds
    ) external payable returns (address) {
        return deploy(
            Kind.VestingWallet, salt, abi.encode(beneficiary, startTimestamp, durationSeconds, cliffSeconds)
        );
    }

    function deploySoulbound(bytes32 salt, string calldata name, string calldata symbol, address issuer)
        external
        returns (address)
    {
        return deploy(Kind.Soulbound, salt, abi.encode(name, symbol, issuer));
    }

    function deployFeeOnTransfer(
        bytes32 salt,
        string calldata name,
        string calldata symbol,
        uint256 initialSupply,
        address owner,
        address feeRecipient,
        uint16 feeBps
    ) external returns (address) {
        return deploy(
            Kind.FeeOnTransfer, salt, abi.encode(name, symbol, initialSupply, owner, feeRecipient, feeBps)
        );
    }

    function _salt(address deployer, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(deployer, salt));
    }

    function _address(bytes32 salt, bytes32 initCodeHash) private view returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }
}
