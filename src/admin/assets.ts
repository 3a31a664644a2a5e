/**
 * The admin page's one script, style sheet and icon, served as files (no inline script, so a strict Content-Security-Policy
 * holds). The script only adds comfort: every action also works as a plain form post without it.
 */
export const ADMIN_JS = `(() => {
  // Forms that ask first ("Bỏ qua"): data-confirm holds the question.
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (e) => { if (!window.confirm(form.dataset.confirm)) e.preventDefault(); });
  }
  // Live validation of a knowledge file being edited: data-validate holds the URL that checks it.
  for (const area of document.querySelectorAll('textarea[data-validate]')) {
    const out = document.getElementById(area.dataset.output);
    const csrf = area.form.querySelector('input[name=csrf]').value;
    let timer;
    const check = async () => {
      const body = new URLSearchParams({ csrf, file: area.dataset.file || (area.form.querySelector('[name=file]') || {}).value || '', text: area.value });
      const res = await fetch(area.dataset.validate, { method: 'POST', body, credentials: 'same-origin' });
      const r = await res.json();
      out.className = r.ok ? 'flash' : 'error';
      out.textContent = r.ok ? r.summary : r.problems.join('\\n');
    };
    area.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 300); });
  }
})();
`;

/** The admin pages' style sheet, served as a file so the Content-Security-Policy needs no inline style. */
export const ADMIN_CSS = `body{font:16px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1c1e21}
main{max-width:960px;margin:0 auto;padding:12px}header{display:flex;justify-content:space-between;align-items:center;gap:8px;flex-wrap:wrap}
h1{font-size:1.25rem;margin:.5rem 0}h2{font-size:1.05rem;margin:1rem 0 .5rem}.card{background:#fff;border-radius:8px;padding:12px;margin:10px 0;box-shadow:0 1px 2px #0002}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:6px;border-bottom:1px solid #e4e6eb;vertical-align:top}
a{color:#0b57d0}textarea,input[type=text],input[type=password],select{width:100%;box-sizing:border-box;padding:8px;font:inherit}
button{padding:8px 14px;font:inherit;border-radius:6px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;margin:4px 0}
button.secondary{background:#fff;color:#0b57d0}.flash{background:#e7f3e8;padding:8px;border-radius:6px}.error{background:#fde8e8;padding:8px;border-radius:6px}
.muted{color:#65676b;font-size:.9rem}.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:end}.filters label{flex:1;min-width:120px}
.pre{white-space:pre-line}del{color:#a33}li.removed{color:#777}.inline{display:inline}.ok{color:#1e7a34;font-weight:600}.bad{color:#b3261e;font-weight:600}
nav{display:flex;gap:12px;flex-wrap:wrap;margin:4px 0 8px}nav a{text-decoration:none}pre.source{white-space:pre-wrap;font-size:.9rem}.bubble{background:#e8f0fe;border-radius:8px;padding:8px}
textarea{font-family:ui-monospace,monospace;font-size:.95rem}.legend{font-size:.9rem}.bar{background:#0b57d0;height:10px;border-radius:3px}@media(max-width:600px){td.hide,th.hide{display:none}}
${barWidths()}`;

/** Bar widths in steps of 5% as classes (`.bar.w35`): an inline `style` attribute would need 'unsafe-inline'. */
function barWidths(): string {
  return Array.from({ length: 21 }, (_, i) => `.bar.w${i * 5}{width:${i * 5}%}`).join('');
}

/** The class of a bar `share` (0…1) of the widest, to the nearest 5%. */
export function barWidthClass(share: number): string {
  return `w${Math.round(Math.min(1, Math.max(0, share)) * 20) * 5}`;
}

/** A 16×16 icon: a blue square (a union badge would need an image; this keeps browsers from asking for a 404). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57d0"/><text x="8" y="12" font-size="10" text-anchor="middle" fill="#fff" font-family="sans-serif">CĐ</text></svg>`;
