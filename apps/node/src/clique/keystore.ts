// Validator key files: a secp256k1 key encrypted with a passphrase in geth's keystore format
// (version 3, scrypt + aes-128-ctr, ethers' implementation), and the passphrase read from a file
// or a terminal prompt. The key only ever leaves this module inside a CliqueSigner, which prints
// its address and nothing else.
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { CliqueSigner } from '@basalt/chain';
import { bytesToHex, hexToBytes } from '@ethereumjs/util';
import { NodeError, NodeErrorCode } from '../errors.ts';

/** ethers costs ~100 ms to load: only when a key file is written or read. */
const loadEthers = () => import('ethers');

/**
 * scrypt cost of a new key file. `standard` is geth's (N = 2^18, r = 8, p = 1: 256 MB and about
 * a second or more per decryption in JavaScript); `light` is geth's `--lightkdf` (N = 2^12, p = 6),
 * for devnets and tests, where the key guards nothing of value.
 */
export type KdfStrength = 'standard' | 'light';

const SCRYPT = {
  standard: { N: 1 << 18, r: 8, p: 1 },
  light: { N: 1 << 12, r: 8, p: 6 },
} as const;

function badKey(file: string, reason: string, cause?: unknown): NodeError {
  return new NodeError(
    { code: NodeErrorCode.INVALID_CONFIG, field: 'validator-key' },
    `cannot use validator key ${file}: ${reason}`,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Makes a new random validator key, writes it to `file` (mode 0600, refusing to overwrite)
 * encrypted with `password`, and returns its address.
 */
export async function writeNewValidatorKey(
  file: string,
  password: string,
  opts: { kdf?: KdfStrength } = {},
): Promise<string> {
  if (password.length === 0) throw badKey(file, 'an empty passphrase is not accepted');
  const { encryptKeystoreJson, computeAddress } = await loadEthers();
  const key = randomBytes(32);
  const privateKey = bytesToHex(key);
  try {
    const address = computeAddress(privateKey);
    const json = await encryptKeystoreJson({ address, privateKey }, password, {
      scrypt: SCRYPT[opts.kdf ?? 'standard'],
    });
    try {
      await writeFile(file, `${json}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw badKey(file, code === 'EEXIST' ? 'the file exists (not overwritten)' : (err as Error).message);
    }
    await chmod(file, 0o600);
    return address;
  } finally {
    key.fill(0);
  }
}

/** Decrypts the key file with `password` into a signer (the key stays inside it). */
export async function readValidatorKey(file: string, password: string): Promise<CliqueSigner> {
  let json: string;
  try {
    json = await readFile(file, 'utf8');
  } catch (err) {
    throw badKey(file, (err as Error).message);
  }
  const { decryptKeystoreJson, isKeystoreJson } = await loadEthers();
  if (!isKeystoreJson(json)) throw badKey(file, 'not a keystore file (geth keystore JSON, version 3)');
  let account: { privateKey: string };
  try {
    account = await decryptKeystoreJson(json, password);
  } catch {
    // ethers' message may quote the JSON; say only what went wrong.
    throw badKey(file, 'wrong passphrase or damaged file');
  }
  const key = hexToBytes(account.privateKey as `0x${string}`);
  try {
    return new CliqueSigner(key);
  } finally {
    key.fill(0);
  }
}

/** The passphrase in `file`: its first line (a trailing newline is not part of it). */
export async function readPasswordFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new NodeError(
      { code: NodeErrorCode.INVALID_CONFIG, field: 'password-file' },
      `cannot read password file ${file}: ${(err as Error).message}`,
    );
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** What was typed after the last answered prompt's Enter (typed ahead, or pasted in one go). */
let typeahead = '';

/** Asks for a passphrase on the terminal without echoing it. */
export async function promptPassword(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    throw new NodeError(
      { code: NodeErrorCode.INVALID_CONFIG, field: 'password-file' },
      'no terminal to ask for the passphrase: pass --password-file FILE',
    );
  }
  // Echo goes off before the prompt shows, so an answer typed (or pasted) the moment the prompt
  // appears is never echoed back to the terminal.
  stdin.setRawMode(true);
  process.stderr.write(question);
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let answer = '';
      /** Reads keys from `chunk`; true once the answer is complete (or cancelled). */
      const consume = (chunk: string): boolean => {
        for (let i = 0; i < chunk.length; i++) {
          const ch = chunk[i]!;
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            const rest = chunk.slice(i + 1);
            typeahead = ch === '\r' && rest.startsWith('\n') ? rest.slice(1) : rest;
            process.stderr.write('\n');
            resolve(answer);
            return true;
          }
          if (ch === '\u0003') {
            process.stderr.write('\n');
            reject(new NodeError({ code: NodeErrorCode.INVALID_CONFIG, field: 'password' }, 'cancelled'));
            return true;
          }
          if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
          else answer += ch;
        }
        return false;
      };
      const ahead = typeahead;
      typeahead = '';
      if (consume(ahead)) return;
      const onData = (chunk: string) => {
        if (consume(chunk)) {
          stdin.off('data', onData);
          stdin.pause();
        }
      };
      stdin.on('data', onData);
      stdin.resume();
    });
  } finally {
    stdin.setRawMode(false);
  }
}

/** The passphrase from `--password-file`, else from a prompt (twice when `confirm`). */
export async function obtainPassword(passwordFile: string | undefined, confirm: boolean): Promise<string> {
  if (passwordFile !== undefined) return readPasswordFile(passwordFile);
  const first = await promptPassword('Passphrase: ');
  if (confirm && (await promptPassword('Repeat passphrase: ')) !== first) {
    throw new NodeError({ code: NodeErrorCode.INVALID_CONFIG, field: 'password' }, 'the passphrases do not match');
  }
  return first;
}
