/**
 * `npm run bench`: every benchmark side by side in one run. Prints a Markdown table and writes the raw
 * figures to `bench/results/<date>.json`. Timings are only measured here, never asserted in tests.
 *
 *   npm run bench                          # everything (a few minutes)
 *   npm run bench -- --only=retrieval      # retrieval | webhook | startup | stall, comma-separated
 *   npm run bench -- --only=stall --stall-scales=30,100 --rate=100   # reload under webhook load
 *   npm run bench -- --scales=1,10         # retrieval scales (default 1,10,100)
 *   npm run bench -- --variant=copies      # ×N as exact copies instead of distinct paragraphs (see retrieval.ts)
 *   npm run bench -- --updates=5000 --connections=50
 *   BENCH_APP_PROF=/tmp/prof npm run bench -- --only=webhook   # CPU profile of the bot process
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_LABELS, ENGINES, type EngineName } from './lib/engines.js';
import { benchRetrieval, type RetrievalResult, type ScaleVariant } from './retrieval.js';
import { benchStall, type StallResult } from './stall.js';
import { benchStartup, type StartupResult } from './startup.js';
import { benchWebhook, type WebhookResult } from './webhook.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k = '', v = 'true'] = a.replace(/^--/, '').split('=');
    return [k, v] as const;
  }),
);
const only = new Set((args.get('only') ?? 'retrieval,webhook,startup,stall').split(','));
const stallScales = (args.get('stall-scales') ?? '30,100').split(',').map(Number);
const rate = Number(args.get('rate') ?? 100);
const scales = (args.get('scales') ?? '1,10,100').split(',').map(Number);
const updates = Number(args.get('updates') ?? 5000);
const connections = Number(args.get('connections') ?? 50);
const variant = (args.get('variant') ?? 'distinct') as ScaleVariant;

const log = (s: string) => process.stderr.write(`${s}\n`);
const started = Date.now();

const gitCommit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
})();
const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
};

log(`bench on ${machine.cpus} × ${machine.cpu}, Node ${machine.node}, commit ${gitCommit}`);
let retrieval: RetrievalResult[] = [];
let webhook: WebhookResult | undefined;
let startup: StartupResult[] = [];
let stall: StallResult[] = [];
if (only.has('retrieval')) {
  log('retrieval quality and speed…');
  retrieval = await benchRetrieval(scales, log, variant);
}
if (only.has('webhook')) {
  log('webhook end to end…');
  webhook = await benchWebhook({ updates, connections }, log);
}
if (only.has('startup')) {
  log('start-up and memory…');
  startup = await benchStartup({ scales: [1, 10], runs: 3, idleMs: 3000 }, log);
}
if (only.has('stall')) {
  log('reload stall under webhook load…');
  stall = await benchStall({ scales: stallScales, rate, baselineS: 8 }, log);
}
const totalS = Math.round((Date.now() - started) / 1000);

// ---------------------------------------------------------------- Markdown
const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));
const pct = (a: number, b: number) => `${a}/${b}`;
const lines: string[] = [];
const table = (head: string[], rows: (string | number)[][]) => {
  lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  lines.push('');
};
const goals: [string, string, boolean][] = [];

lines.push(`## Performance`, '');
lines.push(`Measured ${new Date(started).toISOString().slice(0, 10)} on ${machine.cpus} × ${machine.cpu}, ${machine.memGiB} GiB, Node ${machine.node}, commit ${gitCommit} (\`npm run bench\`, ${totalS} s).`, '');

if (retrieval.length) {
  lines.push('### Retrieval', '');
  lines.push('Dev set `test/eval/dev.jsonl`: 35 questions to answer (6 typed without diacritics) and 5 to decline; workers set `test/eval/workers.jsonl`: 180 to answer (84 without diacritics) and 80 to decline, written as workers type; both scored with the shared scorer\'s rule (citation line left out). "wrong" = replies with status answer that are not right. Query times cover both sets.', '');
  table(
    ['engine', 'scale', 'passages', 'build (ms)', 'memory (MiB)', 'query p50 (ms)', 'query p99 (ms)', 'answered', 'no diacritics', 'declined', 'score', 'workers answered', 'workers no diacritics', 'workers declined', 'workers wrong'],
    retrieval.map((r) => [
      ENGINE_LABELS[r.engine],
      `×${r.scale}`,
      r.passages,
      fmt(r.buildMs, 0),
      fmt(r.memoryMiB),
      fmt(r.p50Ms, 2),
      fmt(r.p99Ms, 2),
      pct(r.score.answered, r.score.answerItems),
      pct(r.score.plain, r.score.plainItems),
      pct(r.score.declined, r.score.declineItems),
      `${Math.round(r.score.overall * 100)} %${r.score.errors ? ` (${r.score.errors} errors)` : ''}`,
      pct(r.workers.answered, r.workers.answerItems),
      pct(r.workers.plain, r.workers.plainItems),
      pct(r.workers.declined, r.workers.declineItems),
      `${r.workers.wrong}/${r.workers.answerItems + r.workers.declineItems}`,
    ]),
  );
  for (const scale of scales) {
    const at = (e: EngineName) => retrieval.find((r) => r.engine === e && r.scale === scale);
    const ours = at('ours');
    const lunrVi = at('lunr-vi');
    const mini = at('minisearch');
    if (!ours) continue;
    if (lunrVi) goals.push([`×${scale}: quality far above (b) lunr.vi (≥ 15 points)`, `${Math.round(ours.score.overall * 100)} % vs ${Math.round(lunrVi.score.overall * 100)} %`, ours.score.overall - lunrVi.score.overall >= 0.15]);
    if (mini) goals.push([`×${scale}: quality at least (c) MiniSearch`, `${Math.round(ours.score.overall * 100)} % vs ${Math.round(mini.score.overall * 100)} %`, ours.score.overall >= mini.score.overall]);
    // Against the fastest other engine: ours is within 2× of the fastest overall exactly when it is within 2× of that one.
    const others = ENGINES.filter((e) => e !== 'ours').flatMap((e) => at(e) ?? []);
    const peer = others.reduce<RetrievalResult | undefined>((best, r) => (best && best.p99Ms <= r.p99Ms ? best : r), undefined);
    if (peer) {
      const ratio = ours.p99Ms / peer.p99Ms;
      const label = ENGINE_LABELS[peer.engine].split(':')[0] ?? peer.engine;
      goals.push([`×${scale}: query p99 within 2× of the fastest`, `${fmt(ours.p99Ms, 2)} ms vs ${fmt(peer.p99Ms, 2)} ms for ${label}, the fastest other (${fmt(ratio, ratio < 0.1 ? 3 : 2)}×)`, ratio <= 2]);
    }
  }
}

if (webhook) {
  const w = webhook;
  lines.push('### Webhook end to end', '');
  table(
    ['updates', 'connections', 'acknowledged / s', 'ack p50 (ms)', 'ack p99 (ms)', 'ack max (ms)', 'all replied after (s)', 'replies / s', 'bot event-loop delay p99 / max (ms)', 'non-2xx, errors, timeouts', 'bot RSS (MiB)'],
    [
      [
        w.updates,
        w.connections,
        w.ackPerSec,
        w.ackP50Ms,
        w.ackP99Ms,
        w.ackMaxMs,
        w.allRepliedS === null ? `— (${w.missingReplies} missing)` : fmt(w.allRepliedS),
        w.repliesPerSec ?? '—',
        `${fmt(w.appLoopDelay.p99Ms)} / ${fmt(w.appLoopDelay.maxMs)}`,
        `${w.non2xx}, ${w.errors}, ${w.timeouts}`,
        w.appRssMiB,
      ],
    ],
  );
  goals.push(['webhook: ≥ 1,000 updates/s acknowledged', `${w.ackPerSec} /s`, w.ackPerSec >= 1000]);
  goals.push(['webhook: ack p99 under 50 ms', `${w.ackP99Ms} ms`, w.ackP99Ms < 50]);
  goals.push(['webhook: every acknowledged update replied to', w.missingReplies === 0 ? `${w.acknowledged}/${w.acknowledged}` : `${w.missingReplies} missing`, w.missingReplies === 0]);
  goals.push(['webhook: every update acknowledged (no connection errors)', `${w.acknowledged}/${w.updates}`, w.acknowledged === w.updates]);
}

if (startup.length) {
  lines.push('### Start-up and memory: tsx against the compiled build (no cache)', '');
  table(
    ['knowledge', 'files', 'run by', '/healthz 200 (ms, median of 3)', 'knowledge ready (ms, median)', 'runs: ready (ms)', `RSS idle (MiB, after ${fmt((startup[0]?.idleMs ?? 0) / 1000, 0)} s)`],
    startup.map((s) => [`×${s.scale}`, s.files, s.mode === 'tsx' ? '`tsx src/main.ts` (`npm run dev`)' : '`node dist/main.js` (`npm start`)', fmt(s.medianStartMs, 0), fmt(s.medianReadyMs, 0), s.readyMs.join(', '), fmt(s.medianRssMiB)]),
  );
}

if (stall.length) {
  lines.push('### Reload stall, start-up and idle memory (×N distinct, compiled `dist/main.js`)', '');
  table(
    ['knowledge', 'files', 'phase', 'deliveries', 'ack p50 (ms)', 'ack p99 (ms)', 'ack max (ms)', 'slowest /healthz (ms)', 'failed'],
    stall.flatMap((s) => [
      [`×${s.scale}`, s.files, `steady ${s.rate}/s, no reload`, s.baseline.requests, fmt(s.baseline.ackP50Ms), fmt(s.baseline.ackP99Ms), fmt(s.baseline.ackMaxMs), fmt(s.baseline.healthzMaxMs), s.baseline.failed],
      [`×${s.scale}`, s.files, `same load, one file edited (reload ${fmt(s.reload.reloadMs / 1000)} s)`, s.reload.requests, fmt(s.reload.ackP50Ms), fmt(s.reload.ackP99Ms), fmt(s.reload.ackMaxMs), fmt(s.reload.healthzMaxMs), s.reload.failed],
    ]),
  );
  table(
    ['knowledge', 'cold start: /healthz 200 / knowledge ready (ms)', 'cached start: /healthz 200 / knowledge ready (ms)', 'idle RSS (MiB): after the reload / after a cached start'],
    stall.map((s) => [`×${s.scale}`, `${s.coldStart.healthzMs} / ${s.coldStart.readyMs}`, `${s.cachedStart.healthzMs} / ${s.cachedStart.readyMs}`, `${fmt(s.idleRssMiB)} / ${fmt(s.cachedIdleRssMiB)}`]),
  );
  for (const s of stall) {
    if (s.scale === 30) {
      goals.push(['×30: slowest /healthz during a reload ≤ 250 ms', `${fmt(s.reload.healthzMaxMs, 0)} ms`, s.reload.healthzMaxMs <= 250]);
      goals.push(['×30: warm-cache start ≤ 2 s (knowledge ready)', `${s.cachedStart.readyMs} ms (/healthz 200 at ${s.cachedStart.healthzMs} ms)`, s.cachedStart.readyMs <= 2000]);
    }
    if (s.scale === 100) {
      goals.push(['×100: ack p99 during a reload within 2× of without', `${fmt(s.reload.ackP99Ms)} ms vs ${fmt(s.baseline.ackP99Ms)} ms`, s.reload.ackP99Ms <= 2 * s.baseline.ackP99Ms]);
      goals.push(['×100: cached start ≤ 3 s (knowledge ready)', `${s.cachedStart.readyMs} ms`, s.cachedStart.readyMs <= 3000]);
    }
  }
}

if (goals.length) {
  lines.push('### Goals (issues 6 and 15)', '');
  table(['goal', 'measured', 'met'], goals.map(([g, m, ok]) => [g, m, ok ? '✅' : '❌']));
}

lines.push('Notes:', '');
if (retrieval.length) lines.push('- Retrieval: each engine and scale runs in a fresh process. Memory = `heapUsed` + `arrayBuffers` retained by the built index after a full GC. Query time = the whole answer path (for ours `answerQuestion`: analysis, search, rerank, quoting) over every question of both sets, one warm-up round then repeated rounds. (b) and (c) index the same passages (title + text) and answer with their top passage; no hit counts as a decline; a Lunr `QueryParseError` counts as a miss.');
if (retrieval.length && variant === 'copies') lines.push('- ×10 and ×100 are copies of every document with new ids and the same text, so the right passage exists 10 or 100 times. Ours keeps one passage per distinct text among the candidates it reranks (README, "Search"), so copies do not crowd out the answer; the baselines answer with their top hit, which any copy of the right passage can be.');
if (retrieval.length && variant === 'distinct') lines.push('- ×10 and ×100 are made of distinct paragraphs (`bench/lib/distinct.ts`): copy k of every file gets a new name and title, and each paragraph its sentences reordered with one swapped for a sentence of another document, every figure changed, place names changed, and the labelled sets\' key phrases broken, so the right answer to each question exists once, in the real file, among many plausible distractors on the same topics.');
if (webhook) lines.push('- Webhook: the real app (`startApp`) runs in its own process with logs at `warn` to a null stream and the grammY Telegram throttler off (`throttle: false`; in production it caps sends at 30/s, so replies would take updates ÷ 30 s). autocannon and the fake Telegram API share the other process. Each request is a distinct update from a distinct chat carrying a dev-set question; 500 warm-up updates run first. "errors" are connections the bot closed before answering (those updates were not acknowledged; Telegram would deliver them again).');
if (startup.length) lines.push('- Start-up: no channels, a fresh data folder (no index cache), timed from spawn; ×10 is the distinct ×10 folder.');
if (stall.length) lines.push(`- Stall: the compiled bot (\`dist/main.js\`), Telegram webhooks at ${rate}/s (open loop, a dev-set question each, replies through the fake Telegram API, throttler on as in production) and a /healthz probe every 25 ms; 2 s warm-up, 8 s baseline, then the same load while one policy file gets a new paragraph, until the new index answers + 0.5 s; idle RSS 3 s after the load; then a start on the same data folder (cache written by the reload).`);
lines.push(`- Load average at start: ${machine.loadAvgAtStart.join(', ')}. Other work on the machine makes timings noisy; compare figures from one run.`);
lines.push('');

const markdown = lines.join('\n');
process.stdout.write(`${markdown}\n`);

// ---------------------------------------------------------------- JSON
const dir = path.join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
const date = new Date(started).toISOString().slice(0, 10);
let file = path.join(dir, `${date}.json`);
for (let i = 2; existsSync(file); i++) file = path.join(dir, `${date}-${i}.json`);
writeFileSync(file, `${JSON.stringify({ date: new Date(started).toISOString(), commit: gitCommit, machine, totalS, variant, retrieval, webhook, startup, stall, goals: goals.map(([goal, measured, met]) => ({ goal, measured, met })) }, null, 2)}\n`);
log(`raw figures: ${path.relative(ROOT, file)}`);
