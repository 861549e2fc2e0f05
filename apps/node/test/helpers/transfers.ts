// Signed 1-wei EIP-1559 transfers from the dev accounts, each sender with its own running nonce:
// the traffic of the multi-process tests (p2p network, devnet).
import { Wallet } from 'ethers';
import { DEFAULT_MNEMONIC, deriveDevAccounts } from '../../src/accounts.ts';

export class DevTransfers {
  readonly senders: Wallet[];
  private readonly nonces: number[];

  constructor(
    count: number,
    private readonly recipient: string,
  ) {
    this.senders = deriveDevAccounts(DEFAULT_MNEMONIC, count).map((a) => new Wallet(a.privateKey));
    this.nonces = this.senders.map(() => 0);
  }

  /** A signed transfer from sender `s` with its next nonce. */
  sign(s: number): Promise<string> {
    const nonce = this.nonces[s]!;
    this.nonces[s] = nonce + 1;
    return this.senders[s]!.signTransaction({
      type: 2,
      chainId: 31337,
      nonce,
      to: this.recipient,
      value: 1n,
      gasLimit: 21_000n,
      maxFeePerGas: 10n ** 11n,
      maxPriorityFeePerGas: 10n ** 9n,
    });
  }
}
