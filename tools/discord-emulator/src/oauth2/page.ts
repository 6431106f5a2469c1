/** Minimal server-rendered pages for the authorize flow: no scripts, one external stylesheet. */

/** Path of the stylesheet the pages link to. */
export const STYLESHEET_PATH = '/assets/emulator.css';

/** Content-Security-Policy of the pages: nothing runs, only our stylesheet loads. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Wraps a body in the shared document shell. */
export function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Discord emulator</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main class="card">
<p class="brand">Discord emulator</p>
${body}
</main>
</body>
</html>
`;
}

/** A page that only explains an outcome (error or done). */
export function renderMessagePage(title: string, message: string): string {
  return renderPage(
    title,
    `<h1>${escapeHtml(title)}</h1>\n<p role="status">${escapeHtml(message)}</p>`,
  );
}

export const STYLESHEET = `:root { color-scheme: light dark; --accent: #5865f2; --bg: #f2f3f5; --card: #ffffff; --text: #1e1f22; --muted: #4e5058; --border: #d4d7dc; }
@media (prefers-color-scheme: dark) { :root { --bg: #1e1f22; --card: #2b2d31; --text: #f2f3f5; --muted: #b5bac1; --border: #3f4147; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--text); font: 16px/1.5 system-ui, sans-serif; }
.card { width: min(32rem, 100% - 2rem); background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 2rem; margin: 1rem; }
.brand { margin: 0 0 .5rem; color: var(--muted); font-size: .875rem; text-transform: uppercase; letter-spacing: .05em; }
h1 { margin: 0 0 1rem; font-size: 1.5rem; }
fieldset { border: 1px solid var(--border); border-radius: 8px; margin: 0 0 1rem; padding: .75rem 1rem; }
legend { padding: 0 .25rem; font-weight: 600; }
label { display: flex; gap: .5rem; align-items: center; padding: .25rem 0; cursor: pointer; }
select { width: 100%; padding: .5rem; border-radius: 6px; border: 1px solid var(--border); background: var(--card); color: var(--text); font: inherit; }
ul.scopes { margin: 0 0 1rem; padding-left: 1.25rem; }
/* Authorize comes first in the DOM so Enter approves; it is shown on the right. */
.actions { display: flex; flex-direction: row-reverse; gap: .75rem; justify-content: flex-start; }
button { font: inherit; padding: .6rem 1.25rem; border-radius: 6px; border: 1px solid var(--border); background: transparent; color: var(--text); cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.muted { color: var(--muted); font-size: .875rem; }
`;
