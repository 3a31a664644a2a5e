import { html } from 'hono/html';
import type { KnowledgeProblem } from '../errors.js';
import { barWidthClass } from './assets.js';
import { adminMsg as t, tryMsg as tm, workMsg as w } from '../messages.js';
import type { ReviewDetail, ReviewGroup, ReviewQuery, Stats } from '../store/types.js';

type Html = ReturnType<typeof html>;

let zone = 'Asia/Ho_Chi_Minh';
let zoneFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** Sets the union's time zone for every time shown (TIMEZONE; set once when the admin area is mounted). */
export function useTimeZone(tz: string): void {
  zone = tz;
  zoneFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** How far the union's time zone is ahead of UTC at `ms` (its local day bounds the per-day statistics). */
export function zoneOffsetMs(ms: number): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(when(ms));
  if (!m) return 0;
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]) % 24, Number(m[5]));
  return local - Math.floor(ms / 60_000) * 60_000;
}

/** `YYYY-MM-DD HH:MM` in the union's time zone. */
export const when = (ms: number) => zoneFormat.format(new Date(ms)).replace(',', '');

const nav = html`<nav><a href="/admin?status=new">${w.nav.queue}</a><a href="/admin/knowledge">${w.nav.knowledge}</a><a href="/admin/import">${w.nav.import}</a><a href="/admin/try">${w.nav.try}</a><a href="/admin/learn">${w.nav.learn}</a></nav>`;

/** The page frame; `body` is already escaped. */
export function layout(title: string, body: Html, signedIn = false, csrf = ''): Html {
  return html`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="/admin/assets/admin.css"><script src="/admin/assets/admin.js" defer></script></head><body><main><header><h1>${t.title}</h1>${
    signedIn ? html`<form method="post" action="/admin/logout"><input type="hidden" name="csrf" value="${csrf}"><button class="secondary">${t.signOut}</button></form>` : ''
  }</header>${signedIn ? nav : ''}${body}</main></body></html>`;
}

/** The "Thử câu hỏi" box (on the queue page too): a GET form, so it needs no CSRF token. */
export function tryBox(question = ''): Html {
  return html`<form class="card try" method="get" action="/admin/try"><label>${tm.title}<input type="text" name="question" value="${question}" placeholder="${tm.hint}"></label><button>${tm.ask}</button></form>`;
}

export function loginPage(error?: string): Html {
  return layout(
    t.signIn,
    html`<div class="card">${error ? html`<p class="error">${error}</p>` : ''}<form method="post" action="/admin/login">
<label>${t.tokenLabel}<input type="password" name="token" autocomplete="current-password" required></label><button>${t.signIn}</button></form></div>`,
  );
}

function statsPanel(s: Stats): Html {
  // Only days with traffic: a fortnight of empty rows hides the days that matter.
  const days = s.days.filter((d) => d.questions > 0);
  const max = Math.max(1, ...days.map((d) => d.questions));
  return html`<div class="card"><h2>${t.stats}</h2><p>${t.answeredShare}: <b>${Math.round(s.answeredShare * 100)}%</b> (${s.totalQuestions})</p>
<p class="legend muted">${t.statsLegend} ${t.timeZone(zone)}</p>
${days.length ? html`<table class="stats"><tr><th>${t.perDay}</th><th>${t.questionsAnswered}</th></tr>${days.map(
    (d) => html`<tr><td>${d.day}</td><td><div class="bar ${barWidthClass(d.questions / max)}"></div>${d.questions} / ${d.answered}</td></tr>`,
  )}</table>` : html`<p class="muted">${t.noTraffic}</p>`}${
    s.topUnanswered.length
      ? html`<h2>${t.topUnanswered}</h2><ol>${s.topUnanswered.map((u) => html`<li><a href="/admin/review/${u.id}">${u.question}</a> (${u.count})</li>`)}</ol>`
      : ''
  }</div>`;
}

function problemsPanel(problems: KnowledgeProblem[], kept: string[]): Html {
  if (!problems.length) return html`<p class="muted">${t.noProblems}</p>`;
  return html`<div class="card error"><h2>${t.knowledgeProblems}</h2><ul>${problems.map(
    (p) => html`<li><code>${p.file}:${p.line}</code> ${p.message}${kept.includes(p.file) ? html` <i>(${t.keptPrevious})</i>` : ''}</li>`,
  )}</ul></div>`;
}

const option = (value: string, label: string, current: string | undefined) =>
  html`<option value="${value}" ${value === (current ?? '') ? 'selected' : ''}>${label}</option>`;

export interface QueueView {
  groups: ReviewGroup[];
  query: ReviewQuery;
  stats: Stats;
  /** New items the bot answers now (a FAQ or phrasing was added since they were asked). */
  nowAnswered?: Set<number> | undefined;
  problems: KnowledgeProblem[];
  keptPrevious: string[];
  csrf: string;
  flash?: string | undefined;
  /** Further sections shown after the knowledge problems (given-up replies). */
  panels?: Html | undefined;
}

export function queuePage(v: QueueView): Html {
  const q = v.query;
  const filters = html`<form class="filters card" method="get" action="/admin">
<label>${t.statusLabel}<select name="status">${option('', t.all, q.status)}${Object.entries(t.status).map(([k, l]) => option(k, l, q.status))}</select></label>
<label>${t.channel}<select name="channel">${option('', t.all, q.channel)}${option('telegram', 'Telegram', q.channel)}${option('zalo', 'Zalo', q.channel)}</select></label>
<label>&nbsp;<select name="sort">${option('newest', t.sortNewest, q.sort ?? 'newest')}${option('most', t.sortMost, q.sort)}</select></label>
<button>${t.filter}</button></form>`;
  const rows = v.groups.length
    ? html`<table class="queue"><tr><th>#</th><th>${t.queue}</th><th>${t.count}</th><th class="hide">${t.channel}</th><th class="hide">${t.lastSeen}</th><th>${t.statusLabel}</th></tr>${v.groups.map(
        (g) => html`<tr><td>${g.id}</td><td><a href="/admin/review/${g.id}">${g.question}</a><div class="muted">${g.reasons.map((r) => t.reasons[r]).join(', ')}</div>${v.nowAnswered?.has(g.id) ? html`<span class="ok now-answered">✓ ${t.nowAnswered}</span>` : ''}</td>
<td>${g.count}</td><td class="hide">${g.channels.join(', ')}</td><td class="hide">${when(g.lastSeen)}</td><td>${t.status[g.status]}</td></tr>`,
      )}</table>`
    : html`<p>${t.empty}</p>`;
  return layout(
    t.queue,
    html`${v.flash ? html`<p class="flash">${v.flash}</p>` : ''}${problemsPanel(v.problems, v.keptPrevious)}${tryBox()}${v.panels ?? ''}${filters}<div class="card"><h2>${t.queue}</h2>${rows}</div>${statsPanel(v.stats)}`,
    true,
    v.csrf,
  );
}

export function itemPage(d: ReviewDetail, csrf: string, flash?: string, error?: string): Html {
  const hidden = html`<input type="hidden" name="csrf" value="${csrf}">`;
  return layout(
    `#${d.id}`,
    html`<p><a href="/admin">${t.back}</a></p>${flash ? html`<p class="flash">${flash}</p>` : ''}${error ? html`<p class="error">${error}</p>` : ''}
<div class="card"><h2>#${d.id}: ${d.question}</h2><p class="muted">${t.status[d.status]} · ${t.count}: ${d.count} · ${t.firstSeen}: ${when(d.firstSeen)} · ${t.lastSeen}: ${when(d.lastSeen)} · ${d.channels.join(', ')}</p>
<h2>${t.askers}</h2><ul>${d.askers.map((a) => html`<li>${a.userName || a.userId} (${a.channel}, ${a.chatId})</li>`)}</ul>
<h2>${t.conversation}</h2><table>${d.entries.map(
      (e) => html`<tr><td class="muted">${when(e.at)}<br>${e.channel}</td><td><b>${e.userName || e.userId}:</b> ${e.question}<div class="muted">${t.reasons[e.reason]}</div>${
        e.botText ? html`<div class="pre"><i>${t.botSaid}:</i> ${e.botText}</div>` : ''
      }</td></tr>`,
    )}</table>${
      d.replies.length ? html`<h2>${t.adminReplies}</h2><ul>${d.replies.map((r) => html`<li>${when(r.at)} <b>${r.author}</b>: ${r.text}</li>`)}</ul>` : ''
    }</div>
<div class="card"><form method="post" action="/admin/review/${d.id}/reply">${hidden}<label>${t.reply}<textarea name="text" rows="4" required></textarea></label><p class="muted">${t.replyHint}</p>
<details><summary>${t.replyAndSaveHint}</summary><label>${t.knowledgeTitle}<input type="text" name="title" value="${d.question}"></label>
<label>${t.knowledgeQuestions}<textarea name="questions" rows="3"></textarea></label><label><input type="checkbox" name="replace" value="on"> ${t.replaceExisting}</label></details>
<button>${t.reply}</button> <button class="secondary" formaction="/admin/review/${d.id}/reply-and-save">${t.replyAndSave}</button></form>
<form method="post" action="/admin/review/${d.id}/ignore" data-confirm="${t.ignoreConfirm}">${hidden}<button class="secondary">${t.ignore}</button></form></div>
<div class="card"><h2>${t.saveKnowledge}</h2><form method="post" action="/admin/review/${d.id}/knowledge">${hidden}
<label>${t.knowledgeTitle}<input type="text" name="title" value="${d.question}"></label>
<label>${t.knowledgeAnswer}<textarea name="answer" rows="5">${d.replies.at(-1)?.text ?? ''}</textarea></label>
<label>${t.knowledgeQuestions}<textarea name="questions" rows="3"></textarea></label><label><input type="checkbox" name="replace" value="on"> ${t.replaceExisting}</label><button>${t.saveKnowledge}</button></form></div>`,
    true,
    csrf,
  );
}
