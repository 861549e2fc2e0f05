// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "./utils/Test.sol";
import {Multicall3} from "../../src/Multicall3.sol";
import {Counter} from "../../src/Counter.sol";
import {RevertExamples} from "../../src/RevertExamples.sol";

contract Payee {
    uint256 public received;

    function pay() external payable {
        received += msg.value;
    }
}

/// @notice Multicall3 as Basalt predeploys it: only its runtime code placed at the canonical address.
contract Multicall3Test is Test {
    address internal constant MULTICALL3 = 0xcA11bde05977b3631167028862bE2a173976CA11;
    Multicall3 internal mc = Multicall3(MULTICALL3);
    Counter internal counter;
    RevertExamples internal reverts;

    function setUp() public {
        vm.etch(MULTICALL3, type(Multicall3).runtimeCode);
        counter = new Counter();
        reverts = new RevertExamples();
        vm.roll(100);
        vm.warp(1_700_000_000);
    }

    function _call(address target, bytes memory data) internal pure returns (Multicall3.Call memory) {
        return Multicall3.Call(target, data);
    }

    function test_AggregateReturnsBlockNumberAndData() public {
        Multicall3.Call[] memory calls = new Multicall3.Call[](3);
        calls[0] = _call(address(counter), abi.encodeCall(Counter.increment, ()));
        calls[1] = _call(address(counter), abi.encodeCall(counter.number, ()));
        calls[2] = _call(address(reverts), abi.encodeCall(RevertExamples.succeed, (41)));
        (uint256 blockNumber, bytes[] memory ret) = mc.aggregate(calls);
        assertEq(blockNumber, 100);
        assertEq(abi.decode(ret[1], (uint256)), 1);
        assertEq(abi.decode(ret[2], (uint256)), 42);
        assertEq(counter.number(), 1);
    }

    function test_AggregateRevertsWhenACallFails() public {
        Multicall3.Call[] memory calls = new Multicall3.Call[](1);
        calls[0] = _call(address(reverts), abi.encodeCall(RevertExamples.revertWithString, ()));
        vm.expectRevert(bytes("Multicall3: call failed"));
        mc.aggregate(calls);
    }

    function test_Aggregate3AllowFailure() public {
        Multicall3.Call3[] memory calls = new Multicall3.Call3[](2);
        calls[0] = Multicall3.Call3(address(reverts), true, abi.encodeCall(RevertExamples.revertWithString, ()));
        calls[1] = Multicall3.Call3(address(reverts), false, abi.encodeCall(RevertExamples.succeed, (1)));
        Multicall3.Result[] memory r = mc.aggregate3(calls);
        assertFalse(r[0].success);
        assertEq(r[0].returnData, abi.encodeWithSignature("Error(string)", "RevertExamples: always"));
        assertTrue(r[1].success);
        assertEq(abi.decode(r[1].returnData, (uint256)), 2);

        calls[0].allowFailure = false;
        vm.expectRevert(bytes("Multicall3: call failed"));
        mc.aggregate3(calls);
    }

    function test_TryAggregateAndBlockVariants() public {
        Multicall3.Call[] memory calls = new Multicall3.Call[](2);
        calls[0] = _call(address(reverts), abi.encodeCall(RevertExamples.revertEmpty, ()));
        calls[1] = _call(address(counter), abi.encodeCall(counter.number, ()));
        Multicall3.Result[] memory r = mc.tryAggregate(false, calls);
        assertFalse(r[0].success);
        assertEq(r[0].returnData.length, 0);
        assertTrue(r[1].success);
        vm.expectRevert(bytes("Multicall3: call failed"));
        mc.tryAggregate(true, calls);

        (uint256 n, bytes32 h, Multicall3.Result[] memory r2) = mc.tryBlockAndAggregate(false, calls);
        assertEq(n, 100);
        assertEq(h, blockhash(100)); // zero: the EVM has no hash for the current block
        assertEq(r2.length, 2);
        vm.expectRevert(bytes("Multicall3: call failed"));
        mc.blockAndAggregate(calls);
    }

    function test_Aggregate3ValueSendsValueAndChecksTheTotal() public {
        Payee payee = new Payee();
        Multicall3.Call3Value[] memory calls = new Multicall3.Call3Value[](2);
        calls[0] = Multicall3.Call3Value(address(payee), false, 1 ether, abi.encodeCall(Payee.pay, ()));
        calls[1] = Multicall3.Call3Value(address(payee), false, 2 ether, abi.encodeCall(Payee.pay, ()));
        vm.deal(address(this), 10 ether);
        mc.aggregate3Value{value: 3 ether}(calls);
        assertEq(payee.received(), 3 ether);
        vm.expectRevert(bytes("Multicall3: value mismatch"));
        mc.aggregate3Value{value: 4 ether}(calls);
    }

    function test_MsgSenderOfEachCallIsMulticall3() public {
        Multicall3.Call[] memory calls = new Multicall3.Call[](1);
        calls[0] = _call(address(reverts), abi.encodeCall(RevertExamples.revertWithCustomError, (7)));
        Multicall3.Result[] memory r = mc.tryAggregate(false, calls);
        assertEq(r[0].returnData, abi.encodeWithSelector(RevertExamples.Unauthorized.selector, 7, MULTICALL3, "custom"));
    }

    function test_BlockGetters() public {
        vm.deal(address(0xBEEF), 5 ether);
        assertEq(mc.getBlockNumber(), 100);
        assertEq(mc.getCurrentBlockTimestamp(), 1_700_000_000);
        assertEq(mc.getEthBalance(address(0xBEEF)), 5 ether);
        assertEq(mc.getChainId(), block.chainid);
        assertEq(mc.getBasefee(), block.basefee);
        assertEq(mc.getCurrentBlockGasLimit(), block.gaslimit);
        assertEq(mc.getCurrentBlockCoinbase(), block.coinbase);
        assertEq(mc.getCurrentBlockDifficulty(), block.prevrandao);
        assertEq(mc.getLastBlockHash(), blockhash(99));
        assertEq(mc.getBlockHash(99), blockhash(99));
    }
}
