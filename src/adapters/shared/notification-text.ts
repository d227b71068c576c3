import type { NotificationPayload } from '../../app/ports/notification';

/**
 * Untrusted text (an alert's title) made fit for one line of a subject, an SMS, a spoken sentence
 * or a push title: control characters and line breaks become spaces, runs of spaces one, and the
 * text is cut at a whole character (never inside a surrogate pair) ending in "…".
 */
export function oneLine(text: string, maxChars: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= maxChars) return flat;
  return `${chars.slice(0, Math.max(0, maxChars - 1)).join('').trimEnd()}…`;
}

/** `INC-12 sev2: Checkout down`, the title clipped to `titleChars`. */
export function headline(n: NotificationPayload, titleChars: number): string {
  return `${n.incident.ref} ${n.incident.severity}: ${oneLine(n.incident.title, titleChars) || '(no title)'}`;
}

/** How a delivery is named in its outcome: channel, person and incident, no address or number. */
export function deliveryLabel(n: NotificationPayload): string {
  return `${n.test ? 'test ' : ''}${n.channel} to ${n.person.id} for ${n.incident.ref}`;
}
