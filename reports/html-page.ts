// The HTML report's building blocks: escaping, tables and the page shell. Self-contained by construction:
// inline CSS, inline SVG, system fonts, no scripts and no external URLs.
import type { TableData } from './results-table.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function htmlTable(table: TableData): string {
  const head = table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table><caption>${escapeHtml(table.title)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** A figure with a stable id so tests (and readers' links) can find it. */
export function figure(id: string, svg: string, caption: string): string {
  return `<figure id="${escapeHtml(id)}" class="figure">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

export function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}th{background:#f3f5f8}
figure{display:inline-block;margin:.5rem 1rem .5rem 0;vertical-align:top}figcaption{font-size:.8rem;color:#555}
pre{background:#f6f8fa;padding:.8rem;overflow:auto;max-height:30rem;font-size:.8rem}.note{color:#666;font-style:italic}
`;

export function htmlPage(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    body,
    '</body></html>',
    '',
  ].join('\n');
}
