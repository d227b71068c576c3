import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, type Html, safeHref } from '../../../src/adapters/shared/html';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('html template', () => {
  it('escapes hostile titles as text and attribute values', () => {
    const title = '<script>alert(1)</script>';
    const breakout = '"><img src=x onerror=alert(1)>';
    const single = "' onmouseover='alert(1)";
    const page = html`<h1>${title}</h1><a title="${breakout}" data-x='${single}'>x</a>`;
    expect(page.html).toBe(
      '<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><a title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" data-x=\'&#39; onmouseover=&#39;alert(1)\'>x</a>',
    );
    expect(page.html).not.toMatch(/<script|<img/);
  });

  it('leaves Markdown and entities as the characters typed', () => {
    expect(html`<p>${'**bold** [link](javascript:alert(1)) &amp; `code`'}</p>`.html).toBe('<p>**bold** [link](javascript:alert(1)) &amp;amp; `code`</p>');
  });

  it('trusts only markup html made: nested templates, lists, and nothing for false, null, undefined', () => {
    const items = ['<a>', 'b&c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${false}${null}${undefined}${0}`.html).toBe('<ul><li>&lt;a&gt;</li><li>b&amp;c</li></ul>0');
    expect(html`${[['<x>', [html`<br>`]]]}`.html).toBe('&lt;x&gt;<br>');
  });

  it('escapes an object that only looks like markup (a parsed body with an html field)', () => {
    const forged = JSON.parse('{"html":"<script>alert(1)</script>"}') as Html;
    expect(html`<p>${forged}</p>`.html).toBe('<p>[object Object]</p>');
    expect(String(html`<b>${'<i>'}</b>`)).toBe('<b>&lt;i&gt;</b>');
  });

  it('any text comes out with no markup character left and reads back the same', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = escapeHtml(text);
        expect(out).not.toMatch(/[<>"']/);
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        expect(unescape(out)).toBe(text);
        expect(html`<p title="${text}">${text}</p>`.html).toBe(`<p title="${out}">${out}</p>`);
      }),
    );
  });
});

describe('safeHref', () => {
  it('keeps http(s) URLs and same-site paths, refuses every other scheme and protocol-relative URLs', () => {
    expect(safeHref('https://grafana.example.com/d/1?x=<y>')).toBe('https://grafana.example.com/d/1?x=%3Cy%3E');
    expect(safeHref('http://10.0.0.1:9093/#/alerts')).toBe('http://10.0.0.1:9093/#/alerts');
    expect(safeHref('/incidents/INC-1')).toBe('/incidents/INC-1');
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>', 'vbscript:x', '//evil.example', '/\\evil.example', 'not a url']) expect(safeHref(bad)).toBeUndefined();
  });
});
