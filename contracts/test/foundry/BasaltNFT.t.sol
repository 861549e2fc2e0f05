// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {BasaltNFT} from "../../src/BasaltNFT.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Enumerable} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Enumerable.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";

contract NoReceiver {}

contract BasaltNFTTest is Test {
    BasaltNFT internal nft;
    address internal admin = makeAddr("admin");
    address internal artist = makeAddr("artist");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        nft = new BasaltNFT("Basalt Art", "BART", admin, artist, 500); // 5% royalty
    }

    function _mint(address to, string memory uri) internal returns (uint256 id) {
        vm.prank(admin);
        id = nft.safeMint(to, uri);
    }

    function test_MintAssignsSequentialIdsAndURIs() public {
        assertEq(_mint(alice, "ipfs://a"), 0);
        assertEq(_mint(bob, "ipfs://b"), 1);
        assertEq(nft.nextTokenId(), 2);
        assertEq(nft.ownerOf(0), alice);
        assertEq(nft.tokenURI(0), "ipfs://a");
        assertEq(nft.tokenURI(1), "ipfs://b");
    }

    function test_Enumerable() public {
        _mint(alice, "a");
        _mint(bob, "b");
        _mint(alice, "c");
        assertEq(nft.totalSupply(), 3);
        assertEq(nft.balanceOf(alice), 2);
        assertEq(nft.tokenOfOwnerByIndex(alice, 0), 0);
        assertEq(nft.tokenOfOwnerByIndex(alice, 1), 2);
        assertEq(nft.tokenByIndex(1), 1);
        vm.prank(alice);
        nft.transferFrom(alice, bob, 0);
        assertEq(nft.balanceOf(bob), 2);
        assertEq(nft.tokenOfOwnerByIndex(alice, 0), 2);
        vm.prank(bob);
        nft.burn(1);
        assertEq(nft.totalSupply(), 2);
    }

    function test_RoyaltiesDefaultAndPerToken() public {
        uint256 id = _mint(alice, "a");
        (address receiver, uint256 amount) = nft.royaltyInfo(id, 10_000);
        assertEq(receiver, artist);
        assertEq(amount, 500);
        vm.prank(admin);
        nft.setTokenRoyalty(id, bob, 1_000);
        (receiver, amount) = nft.royaltyInfo(id, 1 ether);
        assertEq(receiver, bob);
        assertEq(amount, 0.1 ether);
        vm.prank(admin);
        nft.resetTokenRoyalty(id);
        (receiver,) = nft.royaltyInfo(id, 1 ether);
        assertEq(receiver, artist);
        vm.expectRevert(abi.encodeWithSelector(ERC2981.ERC2981InvalidDefaultRoyalty.selector, 10_001, 10_000));
        vm.prank(admin);
        nft.setDefaultRoyalty(artist, 10_001);
    }

    function test_OnlyMinterMintsAndOnlyAdminSetsRoyalty() public {
        bytes32 minter = nft.MINTER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, minter));
        vm.prank(bob);
        nft.safeMint(bob, "x");
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, bytes32(0)));
        vm.prank(bob);
        nft.setDefaultRoyalty(bob, 1);
    }

    function test_SafeMintToANonReceiverContractReverts() public {
        address sink = address(new NoReceiver());
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, sink));
        vm.prank(admin);
        nft.safeMint(sink, "x");
    }

    function test_SupportsInterfaces() public view {
        assertTrue(nft.supportsInterface(type(IERC721).interfaceId));
        assertTrue(nft.supportsInterface(type(IERC721Enumerable).interfaceId));
        assertTrue(nft.supportsInterface(type(IERC721Metadata).interfaceId));
        assertTrue(nft.supportsInterface(type(IERC2981).interfaceId));
        assertTrue(nft.supportsInterface(type(IAccessControl).interfaceId));
        assertTrue(nft.supportsInterface(bytes4(0x49064906))); // ERC-4906 metadata updates
        assertFalse(nft.supportsInterface(0xffffffff));
    }
}
