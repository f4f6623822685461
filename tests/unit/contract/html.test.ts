/**
 * The HTML builder the page and the API's no-JavaScript pages are made with: every value is
 * escaped unless it is already markup, and copy placeholders are filled without letting a value
 * become markup.
 */
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  fill,
  fillHtml,
  markup,
  raw,
  SafeHtml,
} from '../../../functions/contract/html';

describe('HTML builder', () => {
  it('escapes the five characters that can open markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jo</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jo&lt;/a&gt;',
    );
    expect(escapeHtml('plain text, 100%')).toBe('plain text, 100%');
  });

  it('escapes text values and keeps markup values as they are', () => {
    const name = '<b>Ann</b>';
    expect(markup`<p>${name}</p>`.value).toBe('<p>&lt;b&gt;Ann&lt;/b&gt;</p>');
    expect(markup`<p>${raw('<b>Ann</b>')}</p>`.value).toBe('<p><b>Ann</b></p>');
    expect(markup`<p>${markup`<i>${'&'}</i>`}</p>`.value).toBe('<p><i>&amp;</i></p>');
  });

  it('renders nothing for null, undefined, false and true, and numbers as text', () => {
    expect(markup`[${null}|${undefined}|${false}|${true}|${0}|${42}]`.value).toBe('[||||0|42]');
  });

  it('joins lists, escaping their text items', () => {
    expect(markup`<ul>${['<x>', raw('<li>y</li>'), [1, null]]}</ul>`.value).toBe(
      '<ul>&lt;x&gt;<li>y</li>1</ul>',
    );
  });

  it('keeps the text between values, with no value at either end', () => {
    expect(markup`a${'b'}c${'d'}e`.value).toBe('abcde');
    expect(markup`only text`.value).toBe('only text');
    expect(String(markup`<br>`)).toBe('<br>');
    expect(markup`x` instanceof SafeHtml).toBe(true);
  });

  it('fills named placeholders in copy and leaves unknown ones', () => {
    expect(
      fill('Call {clinic} on {phone}; {unknown} stays', { clinic: 'Willow', phone: '555' }),
    ).toBe('Call Willow on 555; {unknown} stays');
    expect(fill('{a}{b}', { a: '1', b: '2' })).toBe('12');
    expect(fill('{ spaced } and {}', { spaced: 'x' })).toBe('{ spaced } and {}');
  });

  it('fills placeholders with markup, escaping the copy around them', () => {
    const link = raw('<a href="tel:+13125550134">(312) 555-0134</a>');
    expect(fillHtml('Call <us> on {phone} & {other}.', { phone: link }).value).toBe(
      'Call &lt;us&gt; on <a href="tel:+13125550134">(312) 555-0134</a> &amp; {other}.',
    );
    expect(fillHtml('{a}{b}', { a: raw('<i>'), b: raw('</i>') }).value).toBe('<i></i>');
    expect(fillHtml('no placeholder', {}).value).toBe('no placeholder');
  });
});
