import type { Severity } from './severity';

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface Incident {
  /** Storage id; users see `INC-<number>`. */
  readonly id: number;
  readonly number: number;
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly serviceId: string | null;
  readonly dedupKey: string | null;
  readonly createdAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
}

export function incidentRef(number: number): string {
  return `INC-${number}`;
}

/** `INC-12`, `inc-12`, `#12` or `12` → 12. */
export function parseIncidentRef(text: string): number | undefined {
  const m = /^(?:inc-|#)?(\d{1,9})$/i.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}
