import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../../src/adapters/shared/loopback-host';
import { escapeMarkup } from '../../../src/adapters/shared/markup-escape';
import { oneLine } from '../../../src/adapters/shared/notification-text';

describe('oneLine', () => {
  it('flattens line breaks, tabs and control characters into single spaces', () => {
    expect(oneLine('  Disk\r\nfull\t on\u0000db-1\u2028now  ', 100)).toBe('Disk full on db-1 now');
  });

  it('cuts at a whole character and ends in …', () => {
    expect(oneLine('abcdefghij', 5)).toBe('abcd…');
    expect(oneLine('🔥🔥🔥🔥🔥🔥', 3)).toBe('🔥🔥…');
    expect(oneLine('abc', 3)).toBe('abc');
  });

  it('is never longer than asked, never holds a line break or a lone surrogate half', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 200 }), (text, max) => {
        const line = oneLine(text, max);
        expect([...line].length).toBeLessThanOrEqual(max);
        expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
        if (!/[\ud800-\udfff]/.test(text)) expect(line).not.toMatch(/[\ud800-\udbff]$/);
      }),
    );
  });
});

describe('escapeMarkup', () => {
  it('escapes the five markup characters and drops what XML forbids', () => {
    expect(escapeMarkup(`<Dial>"a" & 'b'</Dial>\u0007\uffff`)).toBe('&lt;Dial&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/Dial&gt;');
    expect(escapeMarkup('tab\tand\nnewline ✓ 🔥')).toBe('tab\tand\nnewline ✓ 🔥');
  });

  it('leaves no markup character unescaped, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(escapeMarkup(text).replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toMatch(/[<>&"']/);
      }),
    );
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LocalHost.', 'a.localhost', '127.0.0.1', '127.255.0.9', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (h) => {
    expect(isLoopbackHost(h)).toBe(true);
  });

  it.each(['0.0.0.0', '10.0.0.1', '128.0.0.1', 'mail.example.com', 'localhost.example.com', '::', '::ffff:10.0.0.1', '[2001:db8::1]'])('%s is not', (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});
