import { describe, expect, it } from 'vitest';
import { parseMatcher } from '../../../src/domain/routing/label-matcher';
import { route, type Route } from '../../../src/domain/routing/route';

const matchers = (...texts: string[]) =>
  texts.map((t) => {
    const r = parseMatcher(t);
    if (!r.ok) throw new Error(t);
    return r.value;
  });

const routes: Route[] = [
  { match: matchers('team="payments"', 'severity=~"critical|page"'), service: 'payments', severity: 'sev1' },
  { match: matchers('team="payments"'), service: 'payments', severity: 'sev3' },
  { match: matchers('team="db"'), service: 'database' },
  { service: 'catch-all', severity: 'sev4' },
];

describe('route', () => {
  it('takes the first route whose matchers all hold', () => {
    expect(route(routes, { team: 'payments', severity: 'page' })).toEqual({ serviceId: 'payments', severity: 'sev1', routeIndex: 0 });
    expect(route(routes, { team: 'payments', severity: 'warning' })).toEqual({ serviceId: 'payments', severity: 'sev3', routeIndex: 1 });
  });

  it('leaves the severity out when the route gives none', () => {
    expect(route(routes, { team: 'db' })).toEqual({ serviceId: 'database', routeIndex: 2 });
  });

  it('sends everything else to the catch-all', () => {
    expect(route(routes, {})).toEqual({ serviceId: 'catch-all', severity: 'sev4', routeIndex: 3 });
  });

  it('treats an empty match list as a catch-all too', () => {
    expect(route([{ match: [], service: 'all' }], { any: 'thing' })?.serviceId).toBe('all');
  });

  it('returns undefined when nothing matches and there is no catch-all', () => {
    expect(route(routes.slice(0, 3), { team: 'web' })).toBeUndefined();
    expect(route([], { team: 'web' })).toBeUndefined();
  });
});
