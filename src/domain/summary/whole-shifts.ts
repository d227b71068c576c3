import type { Override } from '../oncall/override';
import type { Rotation } from '../oncall/rotation';
import { shiftsBetween, type Shift } from '../oncall/shifts';

/** How far around the span shifts are read, so one is shown whole rather than cut at the span's edge. */
const MARGIN_MS = 62 * 86_400_000;

/**
 * The shifts that run at some point of [from, to), each whole: a calendar event or a summary line
 * keeps the shift's real start and end however the span is cut (and a calendar event's identity,
 * its start, does not move as the feed's window slides).
 */
export function wholeShiftsOverlapping(rotation: Rotation, overrides: readonly Override[], from: Date, to: Date): Shift[] {
  return shiftsBetween(rotation, overrides, new Date(from.getTime() - MARGIN_MS), new Date(to.getTime() + MARGIN_MS)).filter((s) => s.end > from && s.start < to);
}
