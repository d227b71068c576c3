import type { TimelineEntry } from './timeline-entry';

export interface MarkdownIncident {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly severity: string;
  readonly service: string | null;
  readonly created_at: string;
  readonly acknowledged_at: string | null;
  readonly resolved_at: string | null;
}

/** Markdown cells hold text verbatim; pipes and line breaks would break the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** The incident as a Markdown document: header facts and the timeline as a table, hashes included so a copy can be checked. */
export function timelineMarkdown(incident: MarkdownIncident, entries: readonly TimelineEntry[]): string {
  const lines = [
    `# ${incident.id}: ${cell(incident.title)}`,
    '',
    `- Severity: ${incident.severity}`,
    `- Status: ${incident.status}`,
    `- Service: ${incident.service ?? '—'}`,
    `- Opened: ${incident.created_at}`,
    `- Acknowledged: ${incident.acknowledged_at ?? '—'}`,
    `- Resolved: ${incident.resolved_at ?? '—'}`,
    '',
    '## Timeline (UTC)',
    '',
    '| # | time | actor | kind | text | hash |',
    '|---|---|---|---|---|---|',
    ...entries.map((e) => `| ${e.seq} | ${e.at} | ${e.actor.kind}:${cell(e.actor.id)} | ${e.kind} | ${cell(e.text)} | \`${e.hash.slice(0, 12)}\` |`),
    '',
  ];
  return lines.join('\n');
}
