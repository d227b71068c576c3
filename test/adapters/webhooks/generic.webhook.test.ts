import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/adapters/webhooks/generic.webhook';

const trigger = {
  dedup_key: 'disk-full/db-1',
  action: 'trigger',
  title: 'Disk full on db-1',
  severity: 'sev2',
  source: 'db-1',
  details: { used: '99%' },
  links: ['https://grafana.example/d/disk', { url: 'https://runbooks.example/disk', title: 'Runbook' }],
  labels: { team: 'storage' },
};

function paths(body: unknown): string[] {
  const result = parse(body);
  return result.ok ? [] : result.problems.map((p) => p.path);
}

describe('generic webhook', () => {
  it('maps the SPEC shape', () => {
    expect(parse(trigger)).toEqual({
      ok: true,
      value: {
        dedupKey: 'disk-full/db-1',
        alerts: [
          {
            groupKey: 'disk-full/db-1',
            fingerprint: 'disk-full/db-1',
            action: 'trigger',
            title: 'Disk full on db-1',
            severity: 'sev2',
            labels: { team: 'storage', source: 'db-1' },
            details: { used: '99%' },
            links: [
              { title: 'https://grafana.example/d/disk', url: 'https://grafana.example/d/disk' },
              { title: 'Runbook', url: 'https://runbooks.example/disk' },
            ],
          },
        ],
      },
    });
  });

  it('needs only the key and action to acknowledge or resolve', () => {
    const result = parse({ dedup_key: 'k', action: 'resolve' });
    expect(result.ok && result.value.alerts[0]).toMatchObject({ action: 'resolve', title: 'k', labels: {}, details: {}, links: [] });
  });

  it.each(['critical', 'SEV1', '1', 'P1'])('accepts severity %s', (severity) => {
    const result = parse({ ...trigger, severity });
    expect(result.ok && result.value.alerts[0]?.severity).toBe('sev1');
  });

  it('cuts a title over 1024 characters instead of refusing the page, and keeps the whole of it in the details', () => {
    const long = `${'😀'.repeat(1000)}${'x'.repeat(100)}`; // 1,100 characters, 2,100 UTF-16 units
    const result = parse({ ...trigger, title: long });
    if (!result.ok) throw new Error('refused');
    const [alert] = result.value.alerts;
    expect(Array.from(alert!.title)).toHaveLength(1024);
    expect(alert!.title).toBe(`${'😀'.repeat(1000)}${'x'.repeat(23)}…`);
    expect(alert!.details).toEqual({ used: '99%', full_title: long });
    const exact = 'y'.repeat(1024);
    const kept = parse({ ...trigger, title: exact });
    expect(kept.ok && kept.value.alerts[0]!.title).toBe(exact);
    expect(kept.ok && kept.value.alerts[0]!.details).toEqual({ used: '99%' });
  });

  it('names every problem', () => {
    expect(paths({ action: 'trigger', severity: 'bad', links: ['ftp://x', { url: 'https://ok.example' }, 3], details: [] })).toEqual([
      'dedup_key',
      'severity',
      'details',
      'links[0]',
      'links[2]',
    ]);
    expect(paths({ dedup_key: 'k', action: 'trigger' })).toEqual(['title']);
    expect(paths({ dedup_key: ' ', action: 'open', title: 't' })).toEqual(['dedup_key', 'action']);
  });
});
