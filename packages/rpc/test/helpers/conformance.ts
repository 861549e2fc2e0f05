// Reads the shared execution-apis conformance data: the recorded chain (chain.rlp) decoded into
// real @ethereumjs blocks, and the recorded request/response pairs of each method.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createChainConfig } from '@basalt/chain';
import { type Block, createBlockFromBytesArray } from '@ethereumjs/block';
import { RLP } from '@ethereumjs/rlp';
import { conformanceDir } from '../../../../test/support/conformance.ts';

/** The execution-apis data of the shared conformance set (test/support/conformance.ts). */
export const CONFORMANCE_DIR = conformanceDir('execution-apis');

export interface Exchange {
  file: string;
  request: { id: unknown; method: string; params?: unknown[] };
  response: { id: unknown; result?: unknown; error?: { code: number; message: string; data?: unknown } };
  speconly: boolean;
}

export function readCases(method: string): Exchange[] {
  const dir = join(CONFORMANCE_DIR, method);
  const out: Exchange[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.io')) continue;
    const lines = readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    const speconly = lines.some((l) => l.startsWith('// speconly:'));
    let req: Exchange['request'] | undefined;
    for (const l of lines) {
      if (l.startsWith('>>')) req = JSON.parse(l.slice(2));
      else if (l.startsWith('<<') && req !== undefined) {
        out.push({ file: `${method}/${file}`, request: req, response: JSON.parse(l.slice(2)), speconly });
        req = undefined;
      }
    }
  }
  return out;
}

/** The 54 blocks of chain.rlp plus nothing else (genesis is not in the file). */
export function readChain(): { blocks: Block[]; chainId: bigint } {
  const config = createChainConfig(readFileSync(join(CONFORMANCE_DIR, 'genesis.json'), 'utf8'));
  let rest: Uint8Array = readFileSync(join(CONFORMANCE_DIR, 'chain.rlp'));
  const blocks: Block[] = [];
  // Canonical blob transactions carry no blobs, yet @ethereumjs/tx wants a KZG object to exist;
  // this one refuses every use (nothing here verifies blobs).
  const noBlobs = new Proxy(
    {},
    {
      get: () => () => {
        throw new Error('no KZG: blob verification is not available');
      },
    },
  );
  (config.common.customCrypto as { kzg?: unknown }).kzg = noBlobs;
  while (rest.length > 0) {
    const { data, remainder } = RLP.decode(rest, true) as { data: Uint8Array[][]; remainder: Uint8Array };
    rest = remainder;
    blocks.push(createBlockFromBytesArray(data as never, { common: config.common.copy(), setHardfork: true }));
  }
  return { blocks, chainId: config.chainId };
}
