/**
 * The pieces both emails are built from. Each email is written once as a list of blocks and
 * rendered twice, as plain text and as HTML, so the two versions cannot say different things.
 * Values are escaped here, at the last step, and nowhere else.
 */
import { escapeHtml } from '../../contract/html';

/** A labelled value; `href` (already known to be safe) makes the value a link in HTML. */
export interface Field {
  readonly label: string;
  readonly value: string;
  readonly href?: string;
}

export type Block =
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'fields'; readonly fields: readonly Field[] }
  | { readonly type: 'quote'; readonly label: string; readonly text: string }
  | { readonly type: 'steps'; readonly items: readonly string[] }
  | { readonly type: 'button'; readonly text: string; readonly href: string }
  /** Labelled links (already known to be safe), e.g. the status actions; shown in both versions. */
  | { readonly type: 'links'; readonly label: string; readonly links: readonly Link[] };

/** A link with its text. */
export interface Link {
  readonly text: string;
  readonly href: string;
}

/**
 * Plain text: fields as "Label: value", quoted text prefixed so it cannot pose as a field.
 * Buttons are left out: they only repeat, as a link, a value the text already shows.
 */
export function renderText(blocks: readonly Block[]): string {
  const parts = blocks.flatMap((block) => {
    switch (block.type) {
      case 'heading':
      case 'paragraph':
        return block.text;
      case 'fields':
        return block.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
      case 'quote':
        return `${block.label}\n${block.text
          .split('\n')
          .map((line) => `> ${line}`)
          .join('\n')}`;
      case 'steps':
        return block.items.map((item, i) => `${i + 1}. ${item}`).join('\n');
      case 'button':
        return [];
      case 'links':
        return `${block.label}\n${block.links.map((l) => `- ${l.text}: ${l.href}`).join('\n')}`;
    }
  });
  return `${parts.join('\n\n')}\n`;
}

const FONT = 'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif';

/** HTML with inline styles only (mail clients drop style sheets); every value escaped. */
export function renderHtml(title: string, blocks: readonly Block[]): string {
  const body = blocks
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(block.text)}</h1>`;
        case 'paragraph':
          return `<p style="margin:0 0 16px">${escapeHtml(block.text)}</p>`;
        case 'fields':
          return `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${block.fields
            .map(
              (f) =>
                `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;color:#555;font-weight:normal">${escapeHtml(f.label)}</th><td style="padding:4px 0">${link(f.value, f.href)}</td></tr>`,
            )
            .join('')}</table>`;
        case 'quote':
          return `<p style="margin:0 0 4px;color:#555">${escapeHtml(block.label)}</p><blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #ccc;white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`;
        case 'steps':
          return `<ol style="margin:0 0 16px;padding-left:20px">${block.items
            .map((item) => `<li style="margin:0 0 8px">${escapeHtml(item)}</li>`)
            .join('')}</ol>`;
        case 'button':
          return `<p style="margin:0 0 16px"><a href="${escapeHtml(block.href)}" style="display:inline-block;padding:10px 16px;background:#1f5f4a;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(block.text)}</a></p>`;
        case 'links':
          return `<p style="margin:0 0 4px;color:#555">${escapeHtml(block.label)}</p><p style="margin:0 0 16px">${block.links
            .map(
              (l) =>
                `<a href="${escapeHtml(l.href)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 12px;border:1px solid #1f5f4a;color:#1f5f4a;text-decoration:none;border-radius:4px">${escapeHtml(l.text)}</a>`,
            )
            .join('')}</p>`;
      }
    })
    .join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="${FONT};font-size:16px;line-height:1.5;color:#222;margin:0;padding:24px">`,
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function link(value: string, href: string | undefined): string {
  return href === undefined
    ? escapeHtml(value)
    : `<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>`;
}
