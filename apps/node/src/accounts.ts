import { HDNodeWallet, Mnemonic } from 'ethers';

/** The mnemonic every Hardhat and Foundry user knows; its accounts are public knowledge. */
export const DEFAULT_MNEMONIC = 'test test test test test test test test test test test junk';

export interface DevAccount {
  /** Checksummed 0x address. */
  address: string;
  /** 0x-prefixed 32-byte key. Printed in the dev banner, never logged. */
  privateKey: string;
}

/** Derives `count` accounts at m/44'/60'/0'/0/i, as Anvil and Hardhat do. */
export function deriveDevAccounts(mnemonic: string, count: number, derivationPath = "m/44'/60'/0'/0"): DevAccount[] {
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(mnemonic), derivationPath);
  const out: DevAccount[] = [];
  for (let i = 0; i < count; i++) {
    const w = root.deriveChild(i);
    out.push({ address: w.address, privateKey: w.privateKey });
  }
  return out;
}
