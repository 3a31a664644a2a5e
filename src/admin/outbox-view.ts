/** The admin page's section of replies the bot gave up sending, each with its reason and a "gửi lại" button. */
import { html } from 'hono/html';
import { giveUpReasonOf } from '../inbox/retry.js';
import { deliveryMsg as t } from '../messages.js';
import type { StoredOutbox } from '../store/types.js';

type Html = ReturnType<typeof html>;

const when = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
const preview = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
/** The technical detail after the reason prefix (`permanent: `, `deadline: `). */
const detail = (lastError: string | undefined) => (lastError ?? '').replace(/^(permanent|deadline): /, '');

/** The section: empty state, or a table of given-up replies with a resend form each (`csrf` for the forms). */
export function failedRepliesPanel(rows: StoredOutbox[], csrf: string, deadlineHours: number): Html {
  if (rows.length === 0) return html`<div class="card" id="failed-replies"><h2>${t.failedTitle}</h2><p class="muted">${t.failedNone}</p></div>`;
  return html`<div class="card error" id="failed-replies"><h2>${t.failedTitle} (${rows.length})</h2><p class="muted">${t.failedHint(deadlineHours)}</p>
<table><tr><th>#</th><th>${t.to}</th><th>${t.text}</th><th>${t.reason}</th><th class="hide">${t.when}</th><th></th></tr>${rows.map(
    (r) => html`<tr><td>${r.id}</td><td>${r.channel} ${r.chatId}</td><td class="pre">${preview(r.text)}</td>
<td>${t.reasons[giveUpReasonOf(r.lastError) ?? 'unknown']}<div class="muted"><code>${detail(r.lastError)}</code></div></td><td class="hide">${when(r.failedAt)}</td>
<td><form method="post" action="/admin/outbox/${r.id}/resend"><input type="hidden" name="csrf" value="${csrf}"><button class="secondary">${t.resend}</button></form></td></tr>`,
  )}</table></div>`;
}
