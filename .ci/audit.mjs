// CI gate for production dependencies: `npm audit --omit=dev` must report no high or critical advisory, except
// those listed in NOT_APPLICABLE with the reason (the README, "Dependencies", repeats them). When the advisory
// endpoint cannot be reached (an offline mirror answers 405), the gate says so and does not fail: it cannot know.
import { spawnSync } from 'node:child_process';

/** Advisory id or URL → why it does not apply to this project. */
const NOT_APPLICABLE = {};

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.log(`npm audit: no report (exit ${run.status}); ${run.stderr.trim().split('\n').pop() ?? ''}`);
  process.exit(0);
}
if (!report.vulnerabilities) {
  const why = report.error?.summary || report.message || 'no vulnerability report';
  console.log(`npm audit: advisory endpoint unreachable, not checked (${why})`);
  process.exit(0);
}
const blocking = [];
for (const [name, v] of Object.entries(report.vulnerabilities)) {
  if (v.severity !== 'high' && v.severity !== 'critical') continue;
  const advisories = (v.via ?? []).filter((x) => typeof x === 'object');
  const open = advisories.filter((a) => !(a.url in NOT_APPLICABLE) && !(String(a.source) in NOT_APPLICABLE));
  if (advisories.length === 0 || open.length > 0) blocking.push(`${name} (${v.severity}): ${open.map((a) => `${a.title} ${a.url}`).join('; ') || 'via a dependency'}`);
}
const counts = report.metadata?.vulnerabilities ?? {};
console.log(`npm audit --omit=dev: ${JSON.stringify(counts)}`);
if (blocking.length) {
  console.error(`high or critical advisories in production dependencies:\n  ${blocking.join('\n  ')}`);
  process.exit(1);
}
