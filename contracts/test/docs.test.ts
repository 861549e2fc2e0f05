// Every command in docs/tokens.md, docs/foundry.md, docs/hardhat.md and docs/wallets.md that needs a running
// `basalt dev`, run as written against a live one (spawned on port 0; `http://127.0.0.1:8545` becomes its URL):
// Foundry's `forge script ... --broadcast` deploys the token set and `cast` reads and writes it, `forge create`,
// Hardhat 3's Ignition deploy and interact script under Node 22 from npm, Hardhat 2's deploy script on the system
// Node, and the TypeScript example (docs/examples/deploy-erc20.ts: ethers and viem). A live command that appears
// in the docs without a check below fails the test, and so does a check whose command left the docs.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BasaltToken, MULTICALL3_ADDRESS, predeploys } from '@basalt/contracts';
import { Wallet } from 'ethers';
import { createPublicClient, http } from 'viem';
import { deployWithEthers, deployWithViem } from '../../docs/examples/deploy-erc20.ts';
import { DEV_ADDRESS_0, DEV_ADDRESS_1, type DevNode, repoRoot, startDevNode, withLock } from './support/devnode.ts';
import { contractsRoot } from './support/tools.ts';

const DOCS = ['docs/tokens.md', 'docs/foundry.md', 'docs/hardhat.md', 'docs/wallets.md'];
const DEFAULT_URL = 'http://127.0.0.1:8545';

/** A shell command found in a doc, with the `cd`/`export` lines of its code block before it. */
interface DocCommand {
  doc: string;
  /** The command as written (continuations joined, comment stripped). */
  text: string;
  /** What runs: prelude + command, `[--network basalt]` expanded. */
  script: string;
}

const isLive = (line: string) =>
  /127\.0\.0\.1:8545|--network basalt|\$TOKEN|ETH_RPC_URL|\bcast (chain-id|code)\b|docs\/examples\//.test(line);

/** Live commands of one markdown file: lines of ```sh blocks, and `cd contracts && ...` table cells. */
export function liveCommands(doc: string, markdown: string): DocCommand[] {
  const out: DocCommand[] = [];
  const blocks = markdown.matchAll(/```sh\n([\s\S]*?)```/g);
  for (const [, body] of blocks) {
    const prelude: string[] = [];
    const lines = body!.replace(/\\\n\s*/g, '').split('\n');
    for (const raw of lines) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line === '' || line.startsWith('#')) continue;
      if (/^(cd|export) /.test(line)) {
        prelude.push(line);
        continue;
      }
      if (isLive(line) || prelude.some((p) => p.startsWith('export ETH_RPC_URL'))) {
        out.push({ doc, text: line, script: [...prelude, line].join(' && ') });
      }
    }
  }
  for (const [, cell] of markdown.matchAll(/\| `(cd contracts[^`]*)`/g)) {
    const line = cell!.replace(/\[(--network basalt)\]/, '$1');
    if (isLive(line)) out.push({ doc, text: line, script: line });
  }
  return out;
}

/** What the tests run through: the repo's node_modules/.bin first (npx forge, forge, cast, ...). */
function shell(script: string, env: Record<string, string>, timeoutMs = 300_000) {
  return new Promise<{ code: number | null; stdout: string; out: string }>((resolve) => {
    const p = spawn('bash', ['-c', script], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PATH: [join(repoRoot, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
        NO_COLOR: '1',
        FOUNDRY_DISABLE_NIGHTLY_WARNING: '1',
        HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stdout = '';
    p.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      stdout += b.toString();
    });
    p.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, out });
    });
  });
}

interface Ctx {
  node: DevNode;
  /** Set by the forge script run: the BasaltToken it deployed. */
  token?: string;
  cleanup: string[];
}

/** One check per live command, in the order they run (the forge deploy first: cast uses its token). */
const CHECKS: { match: RegExp; check: (out: string, ctx: Ctx) => void | Promise<void> }[] = [
  {
    match: /forge script script\/Deploy\.s\.sol --rpc-url \S+ --private-key 0x\w+ --broadcast/,
    check: (out, ctx) => {
      expect(out).toMatch(/ONCHAIN EXECUTION COMPLETE & SUCCESSFUL/);
      const token = /BasaltToken \(ERC-20\) (0x[0-9a-fA-F]{40})/.exec(out)?.[1];
      expect(token).toBeDefined();
      expect(out).toMatch(/factory ERC-20 \(salt basalt\) 0x[0-9a-fA-F]{40}/);
      expect(out).toContain(`Multicall3 (predeployed) ${MULTICALL3_ADDRESS}`);
      ctx.token = token;
    },
  },
  { match: /^cast chain-id$/, check: (out) => expect(out.trim()).toBe('31337') },
  {
    match: /^cast call \$TOKEN "balanceOf\(address\)\(uint256\)" 0xf39F/,
    // 1,000,000 minted, 1,000 sent to the vesting wallet.
    check: (out) => expect(out.trim()).toBe('999000000000000000000000 [9.99e23]'),
  },
  {
    match: /^cast send \$TOKEN "transfer\(address,uint256\)" 0x7099\w+ 1ether --private-key/,
    check: async (out, ctx) => {
      expect(out).toMatch(/status\s+1 \(success\)/);
      const c = createPublicClient({ transport: http(ctx.node.url) });
      const balance = await c.readContract({
        address: ctx.token as `0x${string}`,
        abi: BasaltToken.abi,
        functionName: 'balanceOf',
        args: [DEV_ADDRESS_1],
      });
      expect(balance).toBe(10n ** 18n);
    },
  },
  {
    match: /^cast code 0xcA11bde05977b3631167028862bE2a173976CA11$/,
    check: (out) => expect(out.trim()).toBe(predeploys.Multicall3.deployedBytecode),
  },
  {
    match: /forge create src\/Counter\.sol:Counter --rpc-url \S+ --private-key 0x\w+ --broadcast/,
    check: (out) => expect(out).toMatch(/Deployed to: 0x[0-9a-fA-F]{40}/),
  },
  {
    match: /scripts\/hardhat\.mjs ignition deploy ignition\/modules\/Tokens\.ts --network basalt/,
    check: (out) => {
      expect(out).toMatch(/successfully deployed/);
      for (const name of ['BasaltToken', 'BasaltNFT', 'TokenFactory', 'FactoryToken']) {
        expect(out).toMatch(new RegExp(`BasaltTokens#${name} - 0x[0-9a-fA-F]{40}`));
      }
    },
  },
  {
    match: /scripts\/hardhat\.mjs run scripts\/hardhat\/interact\.ts --network basalt/,
    check: (out, ctx) => {
      const id = /deployment id (\S+)/.exec(out)?.[1];
      if (id) ctx.cleanup.push(join(contractsRoot, 'ignition', 'deployments', id));
      const line = out.split('\n').find((l) => l.startsWith('SUMMARY '));
      expect(line).toBeDefined();
      expect(JSON.parse(line!.slice('SUMMARY '.length))).toMatchObject({
        chainId: 31337,
        aliceBalance: (100n * 10n ** 18n).toString(),
        nftOwner: DEV_ADDRESS_0,
        soulboundLocked: true,
        feeTokenReceived: (99n * 10n ** 17n).toString(),
        factoryTokenSymbol: 'FACT',
      });
    },
  },
  {
    match: /hardhat --config hardhat\.config\.js run scripts\/deploy\.js --network basalt/,
    check: (out) => {
      expect(out).toMatch(/BasaltToken 0x[0-9a-fA-F]{40} on basalt \(chain id 31337\)/);
      expect(out).toMatch(/alice has 100\.0 BSLT/);
    },
  },
  {
    match: /^node docs\/examples\/deploy-erc20\.ts$/,
    check: (out) => {
      expect(out).toMatch(/ethers: BasaltToken at 0x[0-9a-fA-F]{40}; the recipient holds 100000000000000000000 wei/);
      expect(out).toMatch(/viem: BasaltToken at 0x[0-9a-fA-F]{40}; the recipient holds 100000000000000000000 wei/);
    },
  },
];

const normalize = (s: string) =>
  s
    .replace(/^cd contracts(\/hardhat2)? && /, '')
    .replace(/\bnpx /g, '')
    .trim();

describe('docs: every command that needs a live basalt dev', () => {
  const docs = DOCS.map((d) => ({ doc: d, text: readFileSync(join(repoRoot, d), 'utf8') }));
  const commands = docs.flatMap(({ doc, text }) => liveCommands(doc, text));
  const ctx = { cleanup: [] } as unknown as Ctx;

  beforeAll(async () => {
    ctx.node = await startDevNode();
  });
  afterAll(async () => {
    await ctx.node?.stop();
    for (const dir of ctx.cleanup) rmSync(dir, { recursive: true, force: true });
  });

  it('finds the live commands, and each has a check (and each check a command)', () => {
    const unchecked = commands.filter((c) => !CHECKS.some((k) => k.match.test(normalize(c.text))));
    expect(unchecked.map((c) => `${c.doc}: ${c.text}`)).toEqual([]);
    const unused = CHECKS.filter((k) => !commands.some((c) => k.match.test(normalize(c.text))));
    expect(unused.map((k) => String(k.match))).toEqual([]);
  });

  it('runs each one, as written, against the devnet', async () => {
    const ran = new Set<string>();
    for (const k of CHECKS) {
      for (const c of commands.filter((x) => k.match.test(normalize(x.text)))) {
        // The same command in two docs (tokens.md's table repeats foundry.md and hardhat.md) runs once.
        const key = normalize(c.script.replace(/^cd contracts(\/hardhat2)? && /, ''));
        if (ran.has(key)) continue;
        ran.add(key);
        let script = c.script.replaceAll(DEFAULT_URL, ctx.node.url);
        if (/ignition deploy/.test(script)) {
          // Its own deployment journal (ignition/deployments/<id>), removed afterwards.
          const id = `docs-test-${process.pid}-${Date.now()}`;
          ctx.cleanup.push(join(contractsRoot, 'ignition', 'deployments', id));
          script += ` --deployment-id ${id}`;
        }
        if (/deploy-erc20\.ts/.test(script)) {
          // Node >= 22.18 runs TypeScript as is: Node 22 from npm (contracts/toolchain), like Hardhat 3.
          const { ensureNode22 } = (await import(join(contractsRoot, 'scripts', 'node22.mjs'))) as {
            ensureNode22: (o?: { quiet?: boolean }) => { node: string };
          };
          const node22 = `${ensureNode22({ quiet: true }).node} --no-warnings `;
          script = `${script.replace(/^node /, node22)} ${ctx.node.url}`;
        }
        if (/hardhat2/.test(script)) {
          // contracts/hardhat2 installs Hardhat 2 from its own lockfile on first use.
          const { ensureHardhat2 } = (await import(join(contractsRoot, 'scripts', 'hardhat2.mjs'))) as {
            ensureHardhat2: (o?: { quiet?: boolean }) => unknown;
          };
          await withLock('hardhat2', () => ensureHardhat2({ quiet: true }));
        }
        const env = { BASALT_RPC_URL: ctx.node.url, TOKEN: ctx.token ?? '' };
        const run = () => shell(script, env);
        const r = /hardhat\.mjs/.test(script)
          ? await withLock('hardhat3', run)
          : /hardhat2/.test(script)
            ? await withLock('hardhat2', run)
            : await run();
        expect({ command: `${c.doc}: ${c.text}`, code: r.code, out: r.code === 0 ? '' : r.out }).toEqual({
          command: `${c.doc}: ${c.text}`,
          code: 0,
          out: '',
        });
        // Checks read stdout (npx and npm print warnings on stderr).
        await k.check(r.stdout, ctx);
      }
    }
    expect(ran.size).toBeGreaterThanOrEqual(CHECKS.length);
  }, 600_000);

  it('docs/wallets.md: the network settings and dev keys are what basalt dev serves', async () => {
    const md = docs.find((d) => d.doc === 'docs/wallets.md')!.text;
    const setting = (name: string) => new RegExp(`\\| ${name}\\s*\\| \`([^\`]+)\``).exec(md)?.[1];
    const c = createPublicClient({ transport: http(ctx.node.url) });
    expect(setting('RPC URL')).toBe(DEFAULT_URL);
    expect(Number(setting('Chain ID'))).toBe(await c.getChainId());
    expect(md).toContain(`(hex \`0x${(await c.getChainId()).toString(16)}\`)`);
    expect(md).toContain(`chainId: '0x${(await c.getChainId()).toString(16)}'`);
    expect(setting('Currency symbol')).toBe('ETH');
    const rows = [...md.matchAll(/\| (\d+)\s+\| `(0x[0-9a-fA-F]{40})` \| `(0x[0-9a-fA-F]{64})` \|/g)];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const [, , address, key] of rows) {
      expect(new Wallet(key!).address).toBe(address);
      expect(await c.getBalance({ address: address as `0x${string}` })).toBeGreaterThan(0n);
    }
    // Step 4: importing the deployed token fills in its symbol and decimals.
    expect(md).toMatch(/the symbol \(`BSLT`\) and\s+decimals \(18\)/);
    const token = ctx.token as `0x${string}`;
    expect(await c.readContract({ address: token, abi: BasaltToken.abi, functionName: 'symbol' })).toBe('BSLT');
    expect(await c.readContract({ address: token, abi: BasaltToken.abi, functionName: 'decimals' })).toBe(18);
  });

  it('docs/examples/deploy-erc20.ts also works imported as a module (ethers and viem)', async () => {
    const [e, v] = [await deployWithEthers(ctx.node.url), await deployWithViem(ctx.node.url)];
    expect([e.tool, e.recipientBalance, v.tool, v.recipientBalance]).toEqual([
      'ethers',
      10n ** 20n,
      'viem',
      10n ** 20n,
    ]);
    expect(e.address).not.toBe(v.address);
  });
});
