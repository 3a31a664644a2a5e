import { html } from 'hono/html';
import type { ArticleDraft } from '../import/draft.js';
import { adminMsg, TOPIC_LABELS, workMsg as w } from '../messages.js';
import { layout } from './views.js';

const hidden = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

/** "Nhập bài viết": paste, upload or give a URL. */
export function importPage(csrf: string, error?: string, values: { text?: string; url?: string } = {}) {
  return layout(
    w.importTitle,
    html`${error ? html`<p class="error pre">${error}</p>` : ''}<div class="card"><h2>${w.importTitle}</h2><p class="muted">${w.importHint}</p>
<form method="post" action="/admin/import" enctype="multipart/form-data">${hidden(csrf)}
<label>${w.importPaste}<textarea name="text" rows="8">${values.text ?? ''}</textarea></label>
<label>${w.importUpload}<input type="file" name="upload" accept=".html,.htm,.txt,.md,text/html,text/plain,text/markdown"></label>
<label>${w.importUrl}<input type="text" name="url" inputmode="url" placeholder="https://…" value="${values.url ?? ''}"></label>
<button>${w.importPreview}</button></form></div>`,
    true,
    csrf,
  );
}

/** The preview: what was kept, what was removed (struck through, with why), and the draft to edit and save. */
export function importPreviewPage(d: ArticleDraft, csrf: string, opts: { file?: string; text?: string; error?: string } = {}) {
  const lines = d.lines.map((l) =>
    l.role === 'noise'
      ? html`<li class="removed"><del>${l.text}</del> <span class="muted">(${w.noise[l.reason ?? 'related'] ?? ''})</span></li>`
      : l.role === 'title'
        ? html`<li><b>${l.text}</b> <span class="muted">(${w.roleTitle})</span></li>`
        : l.role === 'heading'
          ? html`<li><i>${l.text}</i> <span class="muted">(${w.roleHeading})</span></li>`
          : html`<li>${l.text}</li>`,
  );
  return layout(
    w.importTitle,
    html`${opts.error ? html`<p class="error pre" id="save-error">${opts.error}</p>` : ''}<div class="card"><h2>${w.previewTitle}</h2>
<p>${w.previewSummary(d.removed, d.paragraphs)}</p>
<ul class="summary"><li>${w.fieldTitle}: <b>${d.title}</b></li><li>${w.fieldDate}: <b>${d.date}</b>${d.dateEstimated ? html` <span class="error">${w.dateEstimated}</span>` : ''}</li>
<li>${w.fieldSource}: <b>${d.source}</b></li><li>${w.fieldTopics}: ${d.topics.map((t) => TOPIC_LABELS[t]).join('; ')} <span class="muted">(${w.confirmTopics})</span></li></ul>
<ol class="preview">${lines}</ol></div>
<div class="card"><h2>${w.draftTitle}</h2><form method="post" action="/admin/import/save">${hidden(csrf)}
<label>${w.fileName}<input type="text" name="file" value="${opts.file ?? d.file}"></label>
<label>${w.draftText}<textarea name="text" rows="18" data-validate="/admin/knowledge/validate" data-output="import-check">${opts.text ?? d.markdown}</textarea></label>
<p id="import-check" class="muted" aria-live="polite"></p>
<button>${w.saveToKnowledge}</button> <a href="/admin/import">${adminMsg.back}</a></form></div>`,
    true,
    csrf,
  );
}
