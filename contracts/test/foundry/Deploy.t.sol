// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {Deploy} from "../../script/Deploy.s.sol";
import {BasaltToken} from "../../src/BasaltToken.sol";
import {BasaltNFT} from "../../src/BasaltNFT.sol";
import {BasaltMultiToken} from "../../src/BasaltMultiToken.sol";
import {BasaltVestingWallet} from "../../src/BasaltVestingWallet.sol";
import {SoulboundToken} from "../../src/SoulboundToken.sol";
import {FeeOnTransferToken} from "../../src/FeeOnTransferToken.sol";
import {TokenFactory} from "../../src/TokenFactory.sol";

/// @notice script/Deploy.s.sol's deployment, inside a test: everything deployed and wired to the deployer.
///         (`forge script script/Deploy.s.sol` itself, with broadcasting, is run by contracts/test/forge.test.ts.)
contract DeployScriptTest is Test {
    function test_DeploysTheTokenSet() public {
        Deploy script = new Deploy();
        Deploy.Deployment memory d = script.deployFromHere();
        assertEq(d.deployer, address(script));
        address me = d.deployer;
        assertEq(BasaltToken(d.token).balanceOf(me), 1_000_000 ether - 1_000 ether);
        assertEq(BasaltToken(d.token).balanceOf(d.vestingWallet), 1_000 ether);
        assertEq(BasaltNFT(d.nft).ownerOf(0), me);
        assertEq(BasaltMultiToken(d.multiToken).balanceOf(me, 1), 100);
        assertEq(BasaltVestingWallet(payable(d.vestingWallet)).owner(), me);
        assertTrue(SoulboundToken(d.soulbound).locked(0));
        assertEq(FeeOnTransferToken(d.feeToken).owner(), me);
        TokenFactory factory = TokenFactory(d.factory);
        for (uint256 i = 0; i < 6; i++) {
            assertTrue(factory.template(TokenFactory.Kind(i)) != address(0));
        }
        assertEq(BasaltToken(d.factoryToken).symbol(), "FACT");
        assertEq(
            d.factoryToken,
            factory.predict(
                TokenFactory.Kind.ERC20,
                me,
                "basalt",
                abi.encode("Factory Token", "FACT", 1_000_000 ether, 1_000 ether, me)
            )
        );
    }
}
