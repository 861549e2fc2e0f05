import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import { P2PError, P2PErrorCode } from './errors.ts';

/** The file in the data directory that holds the node's libp2p key (protobuf, hex, mode 0600). */
export const PEER_KEY_FILE = 'p2p-key';

/**
 * The node's identity: read from `<dataDir>/p2p-key`, or generated (Ed25519) and written there on
 * first use, so the peer id survives restarts. Without a data directory a new key is made.
 */
export async function loadOrCreatePeerKey(dataDir: string | undefined): Promise<PrivateKey> {
  if (dataDir === undefined) return generateKeyPair('Ed25519');
  const path = join(dataDir, PEER_KEY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== undefined) {
    try {
      const hex = text.trim();
      if (!/^([0-9a-f]{2})+$/.test(hex)) throw new RangeError('not hex');
      return privateKeyFromProtobuf(Uint8Array.from(Buffer.from(hex, 'hex')));
    } catch (cause) {
      throw new P2PError({ code: P2PErrorCode.INVALID_PEER_KEY, path }, `cannot read the peer key in ${path}`, {
        cause,
      });
    }
  }
  const key = await generateKeyPair('Ed25519');
  await mkdir(dataDir, { recursive: true });
  // Write then rename, so a crash never leaves half a key behind.
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${Buffer.from(privateKeyToProtobuf(key)).toString('hex')}\n`, { mode: 0o600 });
  await rename(tmp, path);
  return key;
}
