import { html } from 'hono/html';
import { adminMsg, tryMsg as t } from '../messages.js';
import type { TryResult } from './explain.js';
import { layout, tryBox } from './views.js';


const words = (list: string[]) => (list.length ? list.map((w) => html`<code>${w}</code> `) : t.none);

/** The reply as a worker would get it, and why. */
export function tryPage(question: string, r: TryResult | undefined, csrf: string) {
  return layout(
    t.title,
    html`<p class="muted">${t.hint}</p>${tryBox(question)}${
      r
        ? html`<div class="card try-result" data-status="${r.status}"><h2>${t.reply}: <span class="status">${adminMsg.replyStatus[r.status]}</span> · ${t.confidence} ${r.confidence.toFixed(2)}</h2>
<div class="pre bubble">${r.text}</div><h2>${t.why}</h2><p class="why">${r.why}</p>
<p>${t.matched}: <span class="matched">${words(r.matched)}</span></p><p>${t.unmatched}: <span class="unmatched">${words(r.unmatched)}</span></p>
<h2>${t.passages}</h2><ol>${r.passages.map((p) => html`<li><code>${p.file}</code> <span class="muted">(${p.score})</span><div>${p.text}</div></li>`)}</ol></div>`
        : ''
    }`,
    true,
    csrf,
  );
}
