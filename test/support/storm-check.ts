import { connect } from '../../src/adapters/db/connect';
import { verifyChain } from '../../src/domain/timeline/timeline-entry';
import { sqlStore } from '../../src/adapters/db/sql-store';
import { systemClock } from '../../src/app/ports/clock';

export interface StoredState {
  readonly incidents: number;
  /** Dedup keys held by more than one incident. */
  readonly duplicatedIncidents: readonly string[];
  /** Acknowledged alerts not found under their group's incident: `groupKey fingerprint`. */
  readonly lost: readonly string[];
  /** Incidents whose timeline chain does not verify, with why. */
  readonly brokenChains: readonly string[];
  /** Alerts stored twice under one incident. */
  readonly duplicatedAlerts: number;
  readonly timelineEntries: number;
}

/**
 * Reads a database the way an auditor would, after the fact: is every acknowledged alert stored
 * under one incident of its group, is no group split over two incidents, and does every timeline
 * chain verify (as `tocsin timeline verify` does).
 */
export async function checkStored(url: string, integrationId: string, acknowledged: ReadonlyMap<string, ReadonlySet<string>>): Promise<StoredState> {
  const db = await connect(url, { poolSize: 2 });
  try {
    const k = db.kysely;
    const incidents = await k.selectFrom('incidents').select(['id', 'number', 'dedup_key']).execute();
    const byKey = new Map<string, number[]>();
    for (const i of incidents) byKey.set(i.dedup_key ?? '', [...(byKey.get(i.dedup_key ?? '') ?? []), Number(i.id)]);
    const duplicatedIncidents = [...byKey].filter(([, ids]) => ids.length > 1).map(([key]) => key);

    const alerts = await k.selectFrom('alerts').innerJoin('incidents', 'incidents.id', 'alerts.incident_id').select(['incidents.dedup_key as key', 'alerts.fingerprint as fp']).execute();
    const stored = new Set(alerts.map((a) => `${a.key} ${a.fp}`));
    const duplicatedAlerts = alerts.length - stored.size;
    const lost: string[] = [];
    for (const [groupKey, fps] of acknowledged) for (const fp of fps) if (!stored.has(`${integrationId}/${groupKey} ${fp}`)) lost.push(`${groupKey} ${fp}`);

    const store = sqlStore(db, systemClock);
    const brokenChains: string[] = [];
    let timelineEntries = 0;
    for (const i of incidents) {
      const entries = await store.read.timeline.list(Number(i.id));
      timelineEntries += entries.length;
      const check = verifyChain(entries);
      if (!check.ok) brokenChains.push(`INC-${i.number}: entry ${check.seq}: ${check.reason}`);
    }
    return { incidents: incidents.length, duplicatedIncidents, lost, brokenChains, duplicatedAlerts, timelineEntries };
  } finally {
    await db.close();
  }
}
