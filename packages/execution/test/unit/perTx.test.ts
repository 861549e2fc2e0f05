// The per-transaction work kept once: a contract's jump analysis (jumpDests.ts) and a frozen
// transaction's sender (checks.ts senderOf).
import { describe, expect, it } from '@jest/globals';
import { senderOf } from '@basalt/execution';
import { Common, Mainnet } from '@ethereumjs/common';
import { createEVM } from '@ethereumjs/evm';
import { createFeeMarket1559Tx } from '@ethereumjs/tx';
import { bytesToBigInt, createAddressFromString, hexToBytes } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { installJumpDestCache } from '../../src/jumpDests.ts';

/** 96 bytes of code: PUSH1 dest, JUMP, then at `dest` JUMPDEST and return the 32-byte word `value`. */
function jumpingCode(dest: number, value: number): Uint8Array {
  const code = new Uint8Array(96);
  code.set([0x60, dest, 0x56], 0);
  code.set([0x5b, 0x60, value, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3], dest);
  return code;
}

describe('jump destination analysis', () => {
  it('is made once per code and analysed again when the bytes change in place', async () => {
    await installJumpDestCache();
    const evm = await createEVM();
    const code = jumpingCode(0x40, 7);
    const first = await evm.runCode({ code, gasLimit: 100_000n });
    const second = await evm.runCode({ code, gasLimit: 100_000n });
    expect(first.exceptionError).toBeUndefined();
    expect(bytesToBigInt(second.returnValue)).toBe(7n);
    // The same analysis object: the walk was not made again.
    expect(second.runState?.validJumps).toBe(first.runState?.validJumps);

    // Same object, new bytes: the jump now goes to 0x20, not a JUMPDEST in the old code.
    code.fill(0);
    code.set(jumpingCode(0x20, 9));
    const third = await evm.runCode({ code, gasLimit: 100_000n });
    expect(third.exceptionError).toBeUndefined();
    expect(bytesToBigInt(third.returnValue)).toBe(9n);
    expect(third.runState?.validJumps).not.toBe(first.runState?.validJumps);
  });

  it('is kept per EVM opcode table: another EVM analyses the code itself', async () => {
    await installJumpDestCache();
    const code = jumpingCode(0x40, 3);
    const a = await (await createEVM()).runCode({ code, gasLimit: 100_000n });
    const b = await (await createEVM()).runCode({ code, gasLimit: 100_000n });
    expect(bytesToBigInt(b.returnValue)).toBe(3n);
    expect(b.runState?.validJumps).not.toBe(a.runState?.validJumps);
  });
});

describe('senderOf', () => {
  const key = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
  const data = {
    chainId: 1n,
    nonce: 0n,
    to: createAddressFromString('0x00000000000000000000000000000000000000b0'),
    value: 1n,
    gasLimit: 21000n,
    maxFeePerGas: 10n ** 10n,
    maxPriorityFeePerGas: 1n,
  };

  it("is the library's sender, hashed once with the Common's keccak", () => {
    let hashed = 0;
    const common = new Common({
      chain: Mainnet,
      customCrypto: {
        keccak256: (b: Uint8Array) => {
          hashed++;
          return keccak_256(b);
        },
      },
    });
    const tx = createFeeMarket1559Tx(data, { common }).sign(key);
    expect(Object.isFrozen(tx)).toBe(true);
    const before = hashed;
    const sender = senderOf(tx);
    expect(sender.toString()).toBe('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266');
    expect(sender.equals(tx.getSenderAddress())).toBe(true);
    const after = hashed;
    expect(after).toBeGreaterThan(before);
    expect(senderOf(tx)).toBe(sender);
    expect(hashed).toBe(after);
  });

  it('asks a transaction that is not frozen every time', () => {
    const common = new Common({ chain: Mainnet });
    const tx = createFeeMarket1559Tx(data, { common, freeze: false }).sign(key, undefined);
    const own = createAddressFromString('0x00000000000000000000000000000000000000aa');
    Object.defineProperty(tx, 'getSenderAddress', { value: () => own });
    expect(Object.isFrozen(tx)).toBe(false);
    expect(senderOf(tx)).toBe(own);
  });
});
