// A sender with code (EIP-3607 refuses it) where the node lets one send: geth's eth_call,
// eth_estimateGas and eth_simulateV1 (which skip the EOA check), and a devnet's impersonated
// contracts (anvil_impersonateAccount / hardhat_impersonateAccount of an address with code, as
// Anvil and Hardhat allow). runTx reads the sender's code hash once, for that check, before it
// executes anything: that one read sees no code; every later read, and what runTx writes back,
// sees the real one.
import type { Account, Address } from '@ethereumjs/util';
import { equalsBytes, KECCAK256_NULL } from '@ethereumjs/util';
import { isDelegation } from './checks.ts';

interface AccountReader {
  getAccount(address: Address): Promise<Account | undefined>;
  getCode(address: Address): Promise<Uint8Array>;
}

/**
 * Makes the next runTx on `sm` accept `from` as a sender although it has code. Returns the undo
 * (call it once runTx returned or threw), or undefined when there is nothing to hide: no code, or
 * an EIP-7702 delegation, which runTx accepts by itself.
 */
export async function hideSenderCode(sm: AccountReader, from: Address): Promise<(() => void) | undefined> {
  const account = await sm.getAccount(from);
  if (account === undefined || equalsBytes(account.codeHash, KECCAK256_NULL)) return undefined;
  if (isDelegation(await sm.getCode(from))) return undefined;
  // An own property on the instance, which the undo deletes to uncover the prototype's method.
  const hadOwn = Object.hasOwn(sm, 'getAccount');
  const original = sm.getAccount;
  let armed = true;
  sm.getAccount = async (address: Address) => {
    const got = await original.call(sm, address);
    if (!armed || got === undefined || !address.equals(from)) return got;
    armed = false;
    const real = got.codeHash;
    let lied = false;
    Object.defineProperty(got, 'codeHash', {
      configurable: true,
      get: () => {
        if (!lied) {
          lied = true;
          return KECCAK256_NULL;
        }
        return real;
      },
      set: (v: Uint8Array) => {
        Object.defineProperty(got, 'codeHash', { configurable: true, writable: true, value: v });
      },
    });
    return got;
  };
  return () => {
    if (hadOwn) sm.getAccount = original;
    else delete (sm as Partial<AccountReader>).getAccount;
  };
}
