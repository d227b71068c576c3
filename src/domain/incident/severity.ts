export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Accepts `sev2`, `SEV2`, `2`; anything else is not a severity. */
export function parseSeverity(value: string): Severity | undefined {
  const v = value.trim().toLowerCase();
  const s = /^\d$/.test(v) ? `sev${v}` : v;
  return isSeverity(s) ? s : undefined;
}
