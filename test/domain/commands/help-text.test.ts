import { describe, expect, it } from 'vitest';
import { COMMANDS, usageOf } from '../../../src/domain/commands/command-table';
import { helpText } from '../../../src/domain/commands/help-text';

describe('helpText', () => {
  it('lists every command of the table with its one-line help', () => {
    const text = helpText();
    for (const e of COMMANDS) expect(text).toContain(`${usageOf(e)} — ${e.help}`);
    expect(text.split('\n').filter((l) => l.startsWith('/'))).toHaveLength(COMMANDS.length);
  });

  it('keeps to the topic asked for', () => {
    expect(helpText('incident')).toContain('/incident ack [INC-n]');
    expect(helpText('incident')).not.toContain('/oncall');
    expect(helpText('oncall')).toContain('/oncall cover [rotation] @person <span>');
    expect(helpText('oncall')).not.toContain('/incident');
  });

  it('says what a span is and when INC-n may be left out', () => {
    expect(helpText('oncall')).toMatch(/<span> is 2h, for 3h, until 18:00/);
    expect(helpText('incident')).toMatch(/in an incident channel INC-n may be left out/);
  });
});
