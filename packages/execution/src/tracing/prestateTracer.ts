// geth's prestateTracer (eth/tracers/native/prestate.go), with diffMode.
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import {
  type Address,
  bigIntToBytes,
  bytesToHex,
  createAddressFromBigInt,
  createContractAddress,
  createContractAddress2,
  createAddressFromString,
  hexToBytes,
  equalsBytes,
  KECCAK256_NULL,
  type PrefixedHexString,
  setLengthLeft,
} from '@ethereumjs/util';
import { hex, qty, word, word32 } from './hex.ts';
import type { ExitEvent, StepEvent, TxEndEvent, TxStartEvent, TxTracer } from './session.ts';
import type { PrestateAccountJSON, PrestateResult, PrestateTracerConfig } from './types.ts';

interface AccountState {
  balance: bigint;
  nonce: bigint;
  code: Uint8Array;
  codeHash: Uint8Array | undefined;
  storage: Map<PrefixedHexString, PrefixedHexString>;
  empty: boolean;
}

const ZERO_WORD = word(0n);

export class PrestateTracer implements TxTracer {
  private readonly cfg: PrestateTracerConfig;
  private readonly pre = new Map<PrefixedHexString, AccountState>();
  private readonly post = new Map<PrefixedHexString, PrestateAccountJSON>();
  private readonly created = new Set<PrefixedHexString>();
  private readonly deleted = new Set<PrefixedHexString>();
  private state: MerkleStateManager | undefined;

  constructor(cfg: PrestateTracerConfig) {
    this.cfg = cfg;
  }

  private async lookupAccount(addr: Address): Promise<void> {
    const key = addr.toString() as PrefixedHexString;
    if (this.pre.has(key) || this.state === undefined) return;
    const account = await this.state.getAccount(addr);
    const code = account === undefined ? new Uint8Array(0) : await this.state.getCode(addr);
    const codeHash = account?.codeHash;
    const empty = account === undefined || (account.nonce === 0n && account.balance === 0n && code.length === 0);
    this.pre.set(key, {
      balance: account?.balance ?? 0n,
      nonce: account?.nonce ?? 0n,
      code,
      codeHash: codeHash !== undefined && !equalsBytes(codeHash, KECCAK256_NULL) ? codeHash : undefined,
      storage: new Map(),
      empty,
    });
  }

  private async lookupStorage(addr: Address, slot: bigint): Promise<void> {
    const acc = this.pre.get(addr.toString() as PrefixedHexString);
    if (acc === undefined || this.state === undefined) return;
    const key = word(slot);
    if (acc.storage.has(key)) return;
    acc.storage.set(key, word32(await this.state.getStorage(addr, setLengthLeft(bigIntToBytes(slot), 32))));
  }

  async onTxStart(e: TxStartEvent): Promise<void> {
    this.state = e.state;
    await this.lookupAccount(e.from);
    await this.lookupAccount(e.to);
    await this.lookupAccount(e.coinbase);
    if (e.isCreate) this.created.add(e.to.toString() as PrefixedHexString);
  }

  async onStep(e: StepEvent): Promise<undefined> {
    const s = e.stack;
    const n = s.length;
    const top = (i: number) => s[n - 1 - i]!;
    switch (e.opcode) {
      case 0x54: // SLOAD
      case 0x55: // SSTORE
        if (n >= 1) await this.lookupStorage(e.address, top(0));
        break;
      case 0x31: // BALANCE
      case 0x3b: // EXTCODESIZE
      case 0x3c: // EXTCODECOPY
      case 0x3f: // EXTCODEHASH
        if (n >= 1) await this.lookupAccount(createAddressFromBigInt(top(0) & ((1n << 160n) - 1n)));
        break;
      case 0xff: // SELFDESTRUCT
        if (n >= 1) await this.lookupAccount(createAddressFromBigInt(top(0) & ((1n << 160n) - 1n)));
        this.deleted.add(e.address.toString() as PrefixedHexString);
        break;
      case 0xf1: // CALL
      case 0xf2: // CALLCODE
      case 0xf4: // DELEGATECALL
      case 0xfa: // STATICCALL
        if (n >= 2) await this.lookupAccount(createAddressFromBigInt(top(1) & ((1n << 160n) - 1n)));
        break;
      case 0xf0: {
        // CREATE
        const nonce = (await e.state.getAccount(e.address))?.nonce ?? 0n;
        const addr = createContractAddress(e.address, nonce);
        await this.lookupAccount(addr);
        this.created.add(addr.toString() as PrefixedHexString);
        break;
      }
      case 0xf5: {
        // CREATE2
        if (n < 4) break;
        const offset = Number(top(1));
        const size = Number(top(2));
        const init = new Uint8Array(size);
        if (offset < e.memory.length) init.set(e.memory.subarray(offset, Math.min(offset + size, e.memory.length)));
        const addr = createContractAddress2(e.address, setLengthLeft(bigIntToBytes(top(3)), 32), init);
        await this.lookupAccount(addr);
        this.created.add(addr.toString() as PrefixedHexString);
        break;
      }
    }
    return undefined;
  }

  onExit(_e: ExitEvent): void {}

  async onTxEnd(e: TxEndEvent): Promise<void> {
    this.state = e.state;
    if (this.cfg.diffMode === true) await this.diff(e.state);
    for (const a of this.created) {
      if (this.pre.get(a)?.empty === true) this.pre.delete(a);
    }
  }

  private async diff(state: MerkleStateManager): Promise<void> {
    for (const [key, pre] of [...this.pre]) {
      const address = createAddressFromString(key);
      const account = await state.getAccount(address);
      if (this.deleted.has(key) && account === undefined) continue;
      const post: PrestateAccountJSON = {};
      let modified = false;
      const balance = account?.balance ?? 0n;
      const nonce = account?.nonce ?? 0n;
      const code = account === undefined ? new Uint8Array(0) : await state.getCode(address);
      if (balance !== pre.balance) {
        modified = true;
        post.balance = qty(balance);
      }
      if (nonce !== pre.nonce) {
        modified = true;
        post.nonce = Number(nonce);
      }
      const newHash =
        account !== undefined && !equalsBytes(account.codeHash, KECCAK256_NULL) ? account.codeHash : undefined;
      const oldHash = pre.codeHash;
      if (
        (newHash === undefined) !== (oldHash === undefined) ||
        (newHash !== undefined && !equalsBytes(newHash, oldHash!))
      ) {
        modified = true;
        post.codeHash = newHash === undefined ? ZERO_WORD : bytesToHex(newHash);
      }
      if (!equalsBytes(code, pre.code)) {
        modified = true;
        post.code = hex(code);
      }
      const storage: Record<PrefixedHexString, PrefixedHexString> = {};
      for (const [slot, val] of [...pre.storage]) {
        if (val === ZERO_WORD) pre.storage.delete(slot);
        const now = word32(await state.getStorage(address, hexToBytes(slot)));
        if (now === val) {
          pre.storage.delete(slot);
        } else {
          modified = true;
          if (now !== ZERO_WORD) storage[slot] = now;
        }
      }
      if (Object.keys(storage).length > 0) post.storage = storage;
      if (modified) this.post.set(key, post);
      else this.pre.delete(key);
    }
  }

  result(): PrestateResult {
    const pre: Record<PrefixedHexString, PrestateAccountJSON> = {};
    const diffMode = this.cfg.diffMode === true;
    for (const [key, a] of this.pre) {
      const out: PrestateAccountJSON = { balance: qty(a.balance) };
      if (a.code.length > 0 && this.cfg.disableCode !== true) out.code = hex(a.code);
      if (a.codeHash !== undefined) out.codeHash = bytesToHex(a.codeHash);
      if (a.nonce > 0n) out.nonce = Number(a.nonce);
      if (a.storage.size > 0 && this.cfg.disableStorage !== true) out.storage = Object.fromEntries(sorted(a.storage));
      pre[key] = out;
    }
    if (!diffMode) return pre;
    const post: Record<PrefixedHexString, PrestateAccountJSON> = {};
    for (const [key, p] of this.post) {
      if (this.cfg.disableCode === true) delete p.code;
      if (this.cfg.disableStorage === true) delete p.storage;
      post[key] = p;
    }
    return { post, pre };
  }
}

function sorted(m: Map<PrefixedHexString, PrefixedHexString>): [PrefixedHexString, PrefixedHexString][] {
  return [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
