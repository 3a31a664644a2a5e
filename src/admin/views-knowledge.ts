import { html } from 'hono/html';
import { adminMsg, knowMsg as k } from '../messages.js';
import type { KeptVersion } from './knowledge-files.js';
import type { KnowledgeRow } from './knowledge-list.js';
import { layout, when } from './views.js';

const hidden = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;
const enc = encodeURIComponent;

function statusCell(r: KnowledgeRow) {
  if (r.status === 'good') return html`<span class="ok">${k.good}</span>`;
  return html`<span class="bad">${r.status === 'previous' ? k.previous : k.problem}</span><ul>${r.problems.map((p) => html`<li><code>${r.file}:${p.line}</code> ${p.message}</li>`)}</ul>`;
}

/** "Kiến thức": every file with kind, title, date, paragraphs and status; new notes; the trash. */
export function knowledgePage(v: { rows: KnowledgeRow[]; trash: KeptVersion[]; csrf: string; flash?: string | undefined; error?: string | undefined }) {
  return layout(
    k.title,
    html`${v.flash ? html`<p class="flash">${v.flash}</p>` : ''}${v.error ? html`<p class="error pre">${v.error}</p>` : ''}
<div class="card"><h2>${k.title}</h2><p><a href="/admin/knowledge/new?kind=policy">${k.newPolicy}</a> · <a href="/admin/knowledge/new?kind=faq">${k.newFaq}</a> · <a href="/admin/import">${k.importArticle}</a></p>
<table class="knowledge"><tr><th>${k.file}</th><th class="hide">${k.kind}</th><th>${k.titleCol}</th><th class="hide">${k.date}</th><th class="hide">${k.paragraphs}</th><th>${k.status}</th></tr>${v.rows.map(
      (r) => html`<tr data-file="${r.file}"><td>${r.kind === 'glossary' || r.kind === 'other' ? r.file : html`<a href="/admin/knowledge/edit?file=${enc(r.file)}">${r.file}</a>`}</td><td class="hide">${k.kinds[r.kind] ?? r.kind}</td>
<td>${r.title}</td><td class="hide">${r.date}</td><td class="hide">${r.paragraphs}</td><td>${statusCell(r)}</td></tr>`,
    )}</table></div>
${v.trash.length ? html`<div class="card"><h2>${k.trash}</h2><ul>${v.trash.map((t) => html`<li>${t.file} <span class="muted">(${when(t.at)})</span>
<form method="post" action="/admin/knowledge/restore" class="inline">${hidden(v.csrf)}<input type="hidden" name="id" value="${t.id}"><button class="secondary">${k.restore}</button></form></li>`)}</ul></div>` : ''}`,
    true,
    v.csrf,
  );
}

export interface EditView {
  file: string;
  text: string;
  isNew: boolean;
  history: KeptVersion[];
  csrf: string;
  flash?: string | undefined;
  error?: string | undefined;
}

/** One file in a textarea with live validation, save, delete and its history. */
export function editPage(v: EditView) {
  const action = v.isNew ? '/admin/knowledge/create' : '/admin/knowledge/save';
  return layout(
    v.file || k.newNote,
    html`<p><a href="/admin/knowledge">${k.back}</a></p>${v.flash ? html`<p class="flash">${v.flash}</p>` : ''}${v.error ? html`<p class="error pre" id="save-error">${v.error}</p>` : ''}
<div class="card"><form method="post" action="${action}">${hidden(v.csrf)}
${v.isNew ? html`<label>${k.file}<input type="text" name="file" value="${v.file}" required></label>` : html`<h2>${v.file}</h2><input type="hidden" name="file" value="${v.file}">`}
<label>${k.content}<textarea name="text" rows="22" spellcheck="false" data-validate="/admin/knowledge/validate" data-output="live-check">${v.text}</textarea></label>
<p id="live-check" class="muted" aria-live="polite">${k.liveHint}</p><button>${k.save}</button></form>
${v.isNew ? '' : html`<form method="post" action="/admin/knowledge/delete" data-confirm="${k.deleteConfirm(v.file)}">${hidden(v.csrf)}<input type="hidden" name="file" value="${v.file}"><button class="secondary">${k.delete}</button></form>`}</div>
${v.history.length ? html`<div class="card"><h2>${k.history}</h2><ul>${v.history.map((h) => html`<li>${when(h.at)} <span class="muted">(${h.bytes} B)</span>
<a href="/admin/knowledge/version?file=${enc(v.file)}&id=${h.id}">${k.view}</a>
<form method="post" action="/admin/knowledge/restore-version" class="inline">${hidden(v.csrf)}<input type="hidden" name="file" value="${v.file}"><input type="hidden" name="id" value="${h.id}"><button class="secondary">${k.restoreVersion}</button></form></li>`)}</ul></div>` : ''}`,
    true,
    v.csrf,
  );
}

/** A kept version, read-only. */
export function versionPage(file: string, id: string, text: string, csrf: string) {
  return layout(file, html`<p><a href="/admin/knowledge/edit?file=${enc(file)}">${adminMsg.back}</a></p><div class="card"><h2>${file} · ${id}</h2><pre class="source">${text}</pre></div>`, true, csrf);
}

/** Templates for a new note: the fields each kind needs, with a sample. */
export function noteTemplate(kind: 'policy' | 'faq', today: string): { file: string; text: string } {
  return kind === 'faq'
    ? { file: 'faq/ten-cau-hoi.md', text: `---\ntitle: "${k.tplFaqTitle}"\nquestions:\n  - "${k.tplFaqQuestion}"\ndate: "${today}"\nauthor: "${k.tplAuthor}"\n---\n\n${k.tplFaqBody}\n` }
    : {
        file: 'policies/ten-quyen-loi.md',
        text: `---\ntitle: "${k.tplPolicyTitle}"\ndate: "${today.slice(0, 7)}"\nsource: "LĐLĐ thành phố Hà Nội"\ntopics: [ho-tro]\nbased_on: [articles/ten-bai-bao.md]\n---\n\n${k.tplPolicyBody}\n`,
      };
}
