// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {TokenFactory} from "../../src/TokenFactory.sol";
import {BasaltToken} from "../../src/BasaltToken.sol";
import {BasaltNFT} from "../../src/BasaltNFT.sol";
import {BasaltMultiToken} from "../../src/BasaltMultiToken.sol";
import {BasaltVestingWallet} from "../../src/BasaltVestingWallet.sol";
import {SoulboundToken} from "../../src/SoulboundToken.sol";
import {FeeOnTransferToken} from "../../src/FeeOnTransferToken.sol";

/// @notice Builds a TokenFactory with every template registered, the way script/Deploy.s.sol does.
library FactorySetup {
    function creationCodes() internal pure returns (bytes[6] memory codes) {
        codes[uint256(TokenFactory.Kind.ERC20)] = type(BasaltToken).creationCode;
        codes[uint256(TokenFactory.Kind.ERC721)] = type(BasaltNFT).creationCode;
        codes[uint256(TokenFactory.Kind.ERC1155)] = type(BasaltMultiToken).creationCode;
        codes[uint256(TokenFactory.Kind.VestingWallet)] = type(BasaltVestingWallet).creationCode;
        codes[uint256(TokenFactory.Kind.Soulbound)] = type(SoulboundToken).creationCode;
        codes[uint256(TokenFactory.Kind.FeeOnTransfer)] = type(FeeOnTransferToken).creationCode;
    }

    function hashes(bytes[6] memory codes) internal pure returns (bytes32[6] memory h) {
        for (uint256 i = 0; i < 6; i++) {
            h[i] = keccak256(codes[i]);
        }
    }
}

contract TokenFactoryTest is Test {
    TokenFactory internal factory;
    bytes[6] internal codes;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    event Deployed(TokenFactory.Kind indexed kind, address indexed token, address indexed deployer, bytes32 salt);

    function setUp() public {
        codes = FactorySetup.creationCodes();
        factory = new TokenFactory(FactorySetup.hashes(codes));
        for (uint256 i = 0; i < 6; i++) {
            factory.registerTemplate(TokenFactory.Kind(i), codes[i]);
        }
    }

    function test_TemplatesHoldTheCreationCode() public view {
        for (uint256 i = 0; i < 6; i++) {
            TokenFactory.Kind kind = TokenFactory.Kind(i);
            assertEq(factory.creationCode(kind), codes[i]);
            assertEq(factory.template(kind).code.length, codes[i].length + 1);
            assertEq(uint256(uint8(factory.template(kind).code[0])), 0); // STOP: calling a template does nothing
        }
    }

    function test_RegisterOnlyThePinnedCodeOnce() public {
        bytes32[6] memory h = FactorySetup.hashes(codes);
        TokenFactory f = new TokenFactory(h);
        bytes memory wrong = type(BasaltNFT).creationCode;
        vm.expectRevert(
            abi.encodeWithSelector(
                TokenFactory.CreationCodeMismatch.selector, TokenFactory.Kind.ERC20, h[0], keccak256(wrong)
            )
        );
        f.registerTemplate(TokenFactory.Kind.ERC20, wrong);
        vm.prank(alice); // anyone may register
        f.registerTemplate(TokenFactory.Kind.ERC20, codes[0]);
        vm.expectRevert(
            abi.encodeWithSelector(TokenFactory.TemplateAlreadyRegistered.selector, TokenFactory.Kind.ERC20)
        );
        f.registerTemplate(TokenFactory.Kind.ERC20, codes[0]);
        vm.expectRevert(abi.encodeWithSelector(TokenFactory.TemplateNotRegistered.selector, TokenFactory.Kind.ERC721));
        f.deploy(TokenFactory.Kind.ERC721, bytes32(0), "");
    }

    function test_DisabledKind() public {
        bytes32[6] memory h;
        TokenFactory f = new TokenFactory(h);
        vm.expectRevert(abi.encodeWithSelector(TokenFactory.KindDisabled.selector, TokenFactory.Kind.Soulbound));
        f.registerTemplate(TokenFactory.Kind.Soulbound, codes[4]);
    }

    function test_DeployERC20AtThePredictedAddress() public {
        bytes memory args = abi.encode("Made", "MADE", 1_000 ether, 10 ether, alice);
        address predicted = factory.predict(TokenFactory.Kind.ERC20, alice, "salt", args);
        // The CREATE2 formula, computed independently.
        bytes32 salt = keccak256(abi.encode(alice, bytes32("salt")));
        bytes32 initHash = keccak256(bytes.concat(type(BasaltToken).creationCode, args));
        address expected =
            address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(factory), salt, initHash)))));
        assertEq(predicted, expected);
        assertEq(predicted.code.length, 0);

        vm.expectEmit(address(factory));
        emit Deployed(TokenFactory.Kind.ERC20, predicted, alice, "salt");
        vm.prank(alice);
        address token = factory.deployERC20("salt", "Made", "MADE", 1_000 ether, 10 ether, alice);
        assertEq(token, predicted);
        assertEq(BasaltToken(token).name(), "Made");
        assertEq(BasaltToken(token).balanceOf(alice), 10 ether);
        assertTrue(BasaltToken(token).hasRole(bytes32(0), alice));
    }

    function test_SameSaltTwiceFailsOtherCallerGetsAnotherAddress() public {
        bytes memory args = abi.encode("Made", "MADE", 1_000 ether, 0, alice);
        vm.prank(alice);
        address first = factory.deploy(TokenFactory.Kind.ERC20, "s", args);
        vm.expectRevert(abi.encodeWithSelector(TokenFactory.DeploymentFailed.selector, TokenFactory.Kind.ERC20, first));
        vm.prank(alice);
        factory.deploy(TokenFactory.Kind.ERC20, "s", args);
        vm.prank(bob);
        address second = factory.deploy(TokenFactory.Kind.ERC20, "s", args);
        assertNotEq(first, second);
        assertEq(second, factory.predict(TokenFactory.Kind.ERC20, bob, "s", args));
    }

    function test_DeployEveryKind() public {
        vm.startPrank(alice);
        address nft = factory.deployERC721("n", "Art", "ART", alice, alice, 250);
        assertEq(nft, factory.predict(TokenFactory.Kind.ERC721, alice, "n", abi.encode("Art", "ART", alice, alice, uint96(250))));
        assertEq(BasaltNFT(nft).symbol(), "ART");

        address multi = factory.deployERC1155("m", "Items", "ITM", "ipfs://{id}", alice);
        assertEq(BasaltMultiToken(multi).uri(1), "ipfs://{id}");

        vm.deal(alice, 1 ether);
        address vesting = factory.deployVestingWallet{value: 1 ether}("v", bob, 100, 1_000, 10);
        assertEq(
            vesting,
            factory.predict(TokenFactory.Kind.VestingWallet, alice, "v", abi.encode(bob, uint64(100), uint64(1_000), uint64(10)))
        );
        assertEq(vesting.balance, 1 ether);
        assertEq(BasaltVestingWallet(payable(vesting)).owner(), bob);
        assertEq(BasaltVestingWallet(payable(vesting)).cliff(), 110);

        address sbt = factory.deploySoulbound("b", "Badge", "BDG", alice);
        assertEq(SoulboundToken(sbt).owner(), alice);

        address fee = factory.deployFeeOnTransfer("f", "Tax", "TAX", 100 ether, alice, bob, 100);
        assertEq(FeeOnTransferToken(fee).balanceOf(alice), 100 ether);
        assertEq(FeeOnTransferToken(fee).feeRecipient(), bob);
        vm.stopPrank();
    }

    function test_ConstructorRevertSurfacesAsDeploymentFailed() public {
        // The vesting cliff longer than the duration makes the constructor revert.
        bytes memory args = abi.encode(bob, uint64(0), uint64(10), uint64(11));
        address predicted = factory.predict(TokenFactory.Kind.VestingWallet, alice, "x", args);
        vm.expectRevert(
            abi.encodeWithSelector(TokenFactory.DeploymentFailed.selector, TokenFactory.Kind.VestingWallet, predicted)
        );
        vm.prank(alice);
        factory.deploy(TokenFactory.Kind.VestingWallet, "x", args);
    }

    function testFuzz_PredictMatchesDeploy(bytes32 salt, address deployer) public {
        vm.assume(deployer != address(0));
        bytes memory args = abi.encode("Fuzz", "FZ", deployer);
        address predicted = factory.predict(TokenFactory.Kind.Soulbound, deployer, salt, args);
        vm.prank(deployer);
        assertEq(factory.deploy(TokenFactory.Kind.Soulbound, salt, args), predicted);
    }
}
