// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Script} from "../test/foundry/utils/Script.sol";
import {console} from "../test/foundry/utils/console.sol";
import {BasaltToken} from "../src/BasaltToken.sol";
import {BasaltNFT} from "../src/BasaltNFT.sol";
import {BasaltMultiToken} from "../src/BasaltMultiToken.sol";
import {BasaltVestingWallet} from "../src/BasaltVestingWallet.sol";
import {SoulboundToken} from "../src/SoulboundToken.sol";
import {FeeOnTransferToken} from "../src/FeeOnTransferToken.sol";
import {TokenFactory} from "../src/TokenFactory.sol";

/// @title Deploy
/// @notice Deploys Basalt's example token set, owned by the broadcasting account:
///
///   cd contracts
///   forge script script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 --private-key 0x... --broadcast
///
/// Without --rpc-url it runs in Foundry's own EVM (a dry run). The addresses are logged, returned (see
/// `forge script --json`) and, with --broadcast, recorded in broadcast/Deploy.s.sol/<chain id>/run-latest.json.
contract Deploy is Script {
    address internal constant MULTICALL3 = 0xcA11bde05977b3631167028862bE2a173976CA11;

    struct Deployment {
        address deployer;
        address token; // BasaltToken, ERC-20
        address nft; // BasaltNFT, ERC-721
        address multiToken; // BasaltMultiToken, ERC-1155
        address vestingWallet; // BasaltVestingWallet, holding 1000 BSLT for the deployer
        address soulbound; // SoulboundToken, ERC-5192
        address feeToken; // FeeOnTransferToken
        address factory; // TokenFactory with every template registered
        address factoryToken; // a BasaltToken deployed through the factory (salt "basalt")
    }

    /// @notice `forge script` entry point: deploys from the broadcasting account.
    function run() external returns (Deployment memory d) {
        vm.startBroadcast();
        (, address deployer,) = vm.readCallers();
        d = _deploy(deployer);
        vm.stopBroadcast();
        _log(d);
    }

    /// @notice Deploys from this contract, which becomes the owner of everything: for tests in an EVM without
    ///         broadcasting (Hardhat's Solidity tests do not support it).
    function deployFromHere() external returns (Deployment memory d) {
        d = _deploy(address(this));
    }

    /// @dev Every call below must come from `deployer` (broadcast, or this contract itself).
    function _deploy(address deployer) internal returns (Deployment memory d) {
        d.deployer = deployer;
        BasaltToken token = new BasaltToken("Basalt", "BSLT", 1_000_000_000 ether, 1_000_000 ether, d.deployer);
        d.token = address(token);

        BasaltNFT nft = new BasaltNFT("Basalt Art", "BART", d.deployer, d.deployer, 500);
        nft.safeMint(d.deployer, "ipfs://basalt/art/0.json");
        d.nft = address(nft);

        BasaltMultiToken multi =
            new BasaltMultiToken("Basalt Items", "BITM", "https://basalt.example/items/{id}.json", d.deployer);
        multi.mint(d.deployer, 1, 100, "");
        d.multiToken = address(multi);

        BasaltVestingWallet vesting =
            new BasaltVestingWallet(d.deployer, uint64(block.timestamp), 365 days, 30 days);
        token.transfer(address(vesting), 1_000 ether);
        d.vestingWallet = address(vesting);

        SoulboundToken sbt = new SoulboundToken("Basalt Badge", "BADGE", d.deployer);
        sbt.issue(d.deployer, "ipfs://basalt/badge/0.json");
        d.soulbound = address(sbt);

        d.feeToken = address(new FeeOnTransferToken("Basalt Taxed", "BTAX", 1_000_000 ether, d.deployer, d.deployer, 100));

        bytes[6] memory codes;
        codes[uint256(TokenFactory.Kind.ERC20)] = type(BasaltToken).creationCode;
        codes[uint256(TokenFactory.Kind.ERC721)] = type(BasaltNFT).creationCode;
        codes[uint256(TokenFactory.Kind.ERC1155)] = type(BasaltMultiToken).creationCode;
        codes[uint256(TokenFactory.Kind.VestingWallet)] = type(BasaltVestingWallet).creationCode;
        codes[uint256(TokenFactory.Kind.Soulbound)] = type(SoulboundToken).creationCode;
        codes[uint256(TokenFactory.Kind.FeeOnTransfer)] = type(FeeOnTransferToken).creationCode;
        bytes32[6] memory hashes;
        for (uint256 i = 0; i < 6; i++) {
            hashes[i] = keccak256(codes[i]);
        }
        TokenFactory factory = new TokenFactory(hashes);
        for (uint256 i = 0; i < 6; i++) {
            factory.registerTemplate(TokenFactory.Kind(i), codes[i]);
        }
        d.factory = address(factory);
        d.factoryToken = factory.deployERC20("basalt", "Factory Token", "FACT", 1_000_000 ether, 1_000 ether, d.deployer);
    }

    /// @dev With deployFromHere, this contract receives the minted NFT, ERC-1155 items and badge.
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC1155Received.selector;
    }

    function _log(Deployment memory d) internal view {
        console.log("deployer", d.deployer);
        console.log("BasaltToken (ERC-20)", d.token);
        console.log("BasaltNFT (ERC-721)", d.nft);
        console.log("BasaltMultiToken (ERC-1155)", d.multiToken);
        console.log("BasaltVestingWallet", d.vestingWallet);
        console.log("SoulboundToken (ERC-5192)", d.soulbound);
        console.log("FeeOnTransferToken", d.feeToken);
        console.log("TokenFactory", d.factory);
        console.log("factory ERC-20 (salt basalt)", d.factoryToken);
        if (MULTICALL3.code.length == 0) console.log("Multicall3 is not predeployed on this chain at", MULTICALL3);
        else console.log("Multicall3 (predeployed)", MULTICALL3);
    }
}
