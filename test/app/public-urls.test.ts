import { describe, expect, it } from 'vitest';
import { incidentUrl, oncallUrl, publicUrlOf } from '../../src/app/public-urls';

describe('links to Tocsin itself', () => {
  it('are PUBLIC_URL plus a path, with or without a trailing slash on it', () => {
    expect(publicUrlOf('https://tocsin.example', '/ack/t')).toBe('https://tocsin.example/ack/t');
    expect(publicUrlOf('https://tocsin.example//', '/ack/t')).toBe('https://tocsin.example/ack/t');
    expect(publicUrlOf('https://ops.example/tocsin/', '/oncall')).toBe('https://ops.example/tocsin/oncall');
  });

  it("name the incident's page and the on-call page, and nothing without PUBLIC_URL", () => {
    expect(incidentUrl('https://tocsin.example/', { number: 12 })).toBe('https://tocsin.example/incidents/INC-12');
    expect(oncallUrl('https://tocsin.example')).toBe('https://tocsin.example/oncall');
    expect(incidentUrl(undefined, { number: 12 })).toBeUndefined();
    expect(oncallUrl(undefined)).toBeUndefined();
  });
});
