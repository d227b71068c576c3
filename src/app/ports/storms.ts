import type { DigestIncident } from '../../domain/storm/storm-mode';

/** A service's storm as stored (service_storms): one row per service, the current or the last one. */
export interface StoredStorm {
  readonly serviceId: string;
  readonly startedAt: string;
  readonly perMinute: number;
  readonly endedAt: string | null;
}

/** An incident opened during a storm: no channel of its own until one is asked for (`channelAt`). */
export interface StormIncident {
  readonly incidentId: number;
  readonly serviceId: string;
  readonly stormStartedAt: string;
  readonly minuteAt: string;
  readonly channelAt: string | null;
}

/** Storm mode's durable state, shared by every replica (src/app/storm/). */
export interface StormRepo {
  /** The service's storm while it lasts. */
  active(serviceId: string): Promise<StoredStorm | undefined>;
  /** Starts a storm (replacing the service's last one, ended). */
  start(storm: { readonly serviceId: string; readonly startedAt: string; readonly perMinute: number }): Promise<void>;
  end(serviceId: string, startedAt: string, endedAt: string): Promise<void>;
  /** The service's incidents opened in `[from, to)`, counted up to `atMost` (0: none counted). */
  countOpened(serviceId: string, from: string, to: string, atMost: number): Promise<number>;
  addIncident(incident: Omit<StormIncident, 'channelAt'>): Promise<void>;
  find(incidentId: number): Promise<StormIncident | undefined>;
  /** Records that a channel was asked for: true the first time only. */
  markChannel(incidentId: number, at: string): Promise<boolean>;
  /** The incidents of one storm, by id. */
  incidentsOf(serviceId: string, stormStartedAt: string): Promise<readonly number[]>;
  /** What one digest minute lists, by number. */
  digest(serviceId: string, minuteAt: string): Promise<readonly DigestIncident[]>;
}
