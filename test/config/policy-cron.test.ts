import { describe, expect, it } from 'vitest';
import { cronProblem } from '../../src/config/policy-cron';

describe('cronProblem', () => {
  it.each(['0 9 * * mon', '*/15 * * * *', '0 9-17/2 * * mon-fri', '0 0 1 jan,jul *', '0 0 * * 0,7', '30 9 1-7 * MON', '0 0 29 2 *'])('accepts %s', (expr) => {
    expect(cronProblem(expr)).toBeUndefined();
  });

  it.each([
    ['0 9 * *', /5 fields/],
    ['0 0 9 * * mon', /5 fields/],
    ['60 * * * *', /minute field '60'/],
    ['* * 0 * *', /day of month field/],
    ['* * * 13 *', /month field/],
    ['* * * * 8', /day of week field/],
    ['5-1 * * * *', /runs backwards/],
    ['*/0 * * * *', /bad step/],
    ['a * * * *', /expected 0-59/],
    ['1-2-3 * * * *', /bad range/],
    ['@weekly', /5 fields/],
  ])('refuses %s', (expr, problem) => {
    expect(cronProblem(expr)).toMatch(problem);
  });
});
