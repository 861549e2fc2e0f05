// Basalt as the reference runner starts a client: `basalt init` with the conformance genesis,
// `basalt import` of chain.rlp with headfcu.json applied (head, safe and finalized = block 54),
// then the node serving that data dir without producing blocks (`basalt dev --data-dir DIR
// --no-mining`), here wired in-process with the real JSON-RPC server on 127.0.0.1, port 0.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@basalt/common';
import { openChainStore } from '../../src/commands/chainStore.ts';
import { applyForkchoiceFile, importChainFiles } from '../../src/commands/import.ts';
import { initDataDir } from '../../src/commands/init.ts';
import { defaultDevNodeConfig } from '../../src/config.ts';
import { type BasaltNode, createDevNode } from '../../src/createNode.ts';
import { EXECUTION_APIS } from './ioCases.ts';

export interface ConformanceNode {
  node: BasaltNode;
  url: string;
  importMs: number;
  stop(): Promise<void>;
}

const quiet = { write: () => true, isTTY: false };

export async function startConformanceNode(): Promise<ConformanceNode> {
  const dir = await mkdtemp(join(tmpdir(), 'basalt-conformance-'));
  try {
    await initDataDir(join(EXECUTION_APIS, 'genesis.json'), dir);
    const opened = await openChainStore(dir);
    let importMs: number;
    try {
      importMs = (await importChainFiles(opened.chain, [join(EXECUTION_APIS, 'chain.rlp')], { stream: quiet })).ms;
      await applyForkchoiceFile(opened.chain, join(EXECUTION_APIS, 'headfcu.json'));
    } finally {
      await opened.close();
    }
    const node = await createDevNode(
      { ...defaultDevNodeConfig, dataDir: dir, noMining: true, port: 0, silent: true, logLevel: 'error' },
      silentLogger,
    );
    await node.start();
    const { port } = node.rpcAddress();
    return {
      node,
      url: `http://127.0.0.1:${port}`,
      importMs,
      async stop() {
        await node.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
