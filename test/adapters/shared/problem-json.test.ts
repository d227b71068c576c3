import { describe, expect, it } from 'vitest';
import { httpProblem, MAX_LISTED_PROBLEMS } from '../../../src/adapters/shared/problem-json';

describe('httpProblem', () => {
  it('leaves out an empty problem list', () => {
    expect(httpProblem(401, 'unauthorized', 'no')).toEqual({ status: 401, body: { error: 'unauthorized', message: 'no' } });
    expect(httpProblem(400, 'invalid_payload', 'bad', [])).toEqual({ status: 400, body: { error: 'invalid_payload', message: 'bad' } });
  });

  it('lists at most MAX_LISTED_PROBLEMS and says how many more there were', () => {
    const problems = Array.from({ length: 1000 }, (_, i) => ({ path: `alerts[0].labels.l${i}`, message: 'expected string' }));
    const listed = httpProblem(400, 'invalid_payload', 'bad', problems).body.problems ?? [];
    expect(listed).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(listed.at(-1)).toEqual({ path: '(more)', message: `${1000 - MAX_LISTED_PROBLEMS} more problems not listed` });
  });
});
