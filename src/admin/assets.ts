/**
 * The admin page's one script and icon, served as files (no inline script, so a strict Content-Security-Policy
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

/** A 16×16 icon: a blue square (a union badge would need an image; this keeps browsers from asking for a 404). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57d0"/><text x="8" y="12" font-size="10" text-anchor="middle" fill="#fff" font-family="sans-serif">CĐ</text></svg>`;
