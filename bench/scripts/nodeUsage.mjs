// Preloaded into a node the bench starts (BENCH_BASALT_NODE_ARGS="--import=<abs path>/bench/scripts/nodeUsage.mjs"):
// appends the process's memory every 500 ms, and its CPU time on exit, to $NODE_USAGE_LOG (default
// /tmp/node-usage-PID.log). With --expose-gc and NODE_USAGE_GC=N it also forces a full GC every N
// samples and logs the heap after it (the live heap; forcing GCs changes what it measures).
// CPU per transaction = cpu_ms / transfers (start-up, ~300 ms, included): far less noisy than tx/s.
import { appendFileSync } from 'node:fs';
import v8 from 'node:v8';

const out = process.env.NODE_USAGE_LOG ?? `/tmp/node-usage-${process.pid}.log`;
const gcEvery = Number(process.env.NODE_USAGE_GC ?? 0);
const t0 = Date.now();
const mb = (bytes) => (bytes / 1048576).toFixed(0);
const sample = (tag) => {
  const m = process.memoryUsage();
  const spaces = v8
    .getHeapSpaceStatistics()
    .map((s) => `${s.space_name.replace('_space', '')}=${mb(s.space_used_size)}/${mb(s.space_size)}`);
  appendFileSync(
    out,
    `${tag} t=${Date.now() - t0} rss=${mb(m.rss)} heapTotal=${mb(m.heapTotal)} heapUsed=${mb(m.heapUsed)} external=${mb(m.external)} ${spaces.join(' ')}\n`,
  );
};
let n = 0;
setInterval(() => {
  sample('sample');
  if (gcEvery > 0 && ++n % gcEvery === 0 && typeof globalThis.gc === 'function') {
    globalThis.gc();
    sample('after-gc');
  }
}, 500).unref();
process.on('exit', () => {
  sample('exit');
  const c = process.cpuUsage();
  appendFileSync(out, `cpu_ms=${((c.user + c.system) / 1000).toFixed(0)}\n`);
});
