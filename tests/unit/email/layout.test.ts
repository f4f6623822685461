/**
 * The two renderings every email is made of, written out in full for one list of every kind of
 * block: the plain text a mail client shows without HTML, and the HTML with inline styles only
 * (mail clients drop style sheets), every value escaped.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml, renderText, type Block } from '../../../functions/lib/email/layout';

const blocks: Block[] = [
  { type: 'heading', text: 'Ann & <Bo>' },
  { type: 'paragraph', text: 'A "quoted" paragraph' },
  {
    type: 'fields',
    fields: [
      { label: 'Name', value: 'Ann' },
      { label: 'Phone', value: '+13125550199', href: 'tel:+13125550199' },
    ],
  },
  { type: 'quote', label: 'Their note:', text: 'Line one\nLine <two>' },
  { type: 'steps', items: ['First', 'Second'] },
  { type: 'button', text: 'Call Ann', href: 'tel:+13125550199' },
];

const TH =
  '<th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;color:#555;font-weight:normal">';

describe('Email layout', () => {
  it('renders plain text: fields as "Label: value", the quote marked, steps numbered, no button', () => {
    expect(renderText(blocks)).toBe(
      [
        'Ann & <Bo>',
        '',
        'A "quoted" paragraph',
        '',
        'Name: Ann',
        'Phone: +13125550199',
        '',
        'Their note:',
        '> Line one',
        '> Line <two>',
        '',
        '1. First',
        '2. Second',
        '',
      ].join('\n'),
    );
  });

  it('renders HTML with inline styles, links where a value has one, every value escaped', () => {
    expect(renderHtml('Title & "more"', blocks)).toBe(
      [
        '<!doctype html>',
        '<html lang="en">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
        '<title>Title &amp; &quot;more&quot;</title></head>',
        '<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#222;margin:0;padding:24px">',
        '<h1 style="font-size:20px;margin:0 0 16px">Ann &amp; &lt;Bo&gt;</h1>',
        '<p style="margin:0 0 16px">A &quot;quoted&quot; paragraph</p>',
        '<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">' +
          `<tr>${TH}Name</th><td style="padding:4px 0">Ann</td></tr>` +
          `<tr>${TH}Phone</th><td style="padding:4px 0"><a href="tel:+13125550199">+13125550199</a></td></tr>` +
          '</table>',
        '<p style="margin:0 0 4px;color:#555">Their note:</p>' +
          '<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #ccc;white-space:pre-wrap">Line one',
        'Line &lt;two&gt;</blockquote>',
        '<ol style="margin:0 0 16px;padding-left:20px"><li style="margin:0 0 8px">First</li><li style="margin:0 0 8px">Second</li></ol>',
        '<p style="margin:0 0 16px"><a href="tel:+13125550199" style="display:inline-block;padding:10px 16px;background:#1f5f4a;color:#fff;text-decoration:none;border-radius:4px">Call Ann</a></p>',
        '</body>',
        '</html>',
        '',
      ].join('\n'),
    );
  });
});
