import type { IncidentStatus } from '../../domain/incident/incident';
import { parseIncidentRef } from '../../domain/incident/incident';
import { timelineMarkdown } from '../../domain/timeline/timeline-markdown';
import { findIncident, listIncidents, showIncident, verifyTimeline } from '../../app/incident-queries';
import { flag, type Args } from './args';
import { EXIT, type CliIo, type CliServices } from './cli-io';
import { terminalLine } from './terminal-text';

const STATUSES = ['triggered', 'acknowledged', 'resolved'];

export async function incidentCli(args: Args, io: CliIo, s: CliServices): Promise<number> {
  const [, sub, ref] = args.words;
  const json = args.flags.json === true;
  if (sub === 'list') {
    const status = flag(args, 'status');
    if (status && !STATUSES.includes(status)) return usage(io, `--status must be one of ${STATUSES.join(', ')}`);
    const rows = await listIncidents(s.store, status ? { status: status as IncidentStatus } : {});
    if (json) io.out(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) io.out('No incidents.');
    else for (const r of rows) io.out(terminalLine(`${r.id.padEnd(8)} ${r.severity} ${r.status.padEnd(12)} ${r.created_at}  ${r.title}${r.service ? `  [${r.service}]` : ''}`));
    return EXIT.ok;
  }
  if ((sub === 'show' || sub === 'export') && ref) {
    const shown = await showIncident(s.store, ref);
    if (!shown.ok) return notFound(io, shown.message);
    const format = flag(args, 'format') ?? (sub === 'export' ? 'md' : json ? 'json' : 'text');
    if (format === 'json') io.out(JSON.stringify(shown.value, null, 2));
    else if (format === 'md') {
      const found = await findIncident(s.store, ref);
      if (!found.ok) return notFound(io, found.message);
      io.out(timelineMarkdown(shown.value, await s.store.read.timeline.list(found.value.id)));
    } else if (format === 'text') {
      const i = shown.value;
      // One line per fact and per entry, whatever newlines a title or a note holds.
      io.out(terminalLine(`${i.id}  ${i.title}`));
      io.out(terminalLine(`${i.severity} · ${i.status} · service ${i.service ?? '—'} · ${i.alert_count} alert(s) · opened ${i.created_at}`));
      for (const e of i.timeline) io.out(terminalLine(`  ${e.at}  ${e.actor.padEnd(24)} ${e.kind.padEnd(22)} ${e.text}`));
    } else return usage(io, '--format must be md, json or text');
    return EXIT.ok;
  }
  return usage(io, 'usage: tocsin incident list [--status s] [--json] | show INC-n [--json] | export INC-n --format md|json');
}

export async function timelineCli(args: Args, io: CliIo, s: CliServices): Promise<number> {
  const [, sub, ref] = args.words;
  if (sub !== 'verify' || !ref || parseIncidentRef(ref) === undefined) return usage(io, 'usage: tocsin timeline verify INC-n [--json]');
  const r = await verifyTimeline(s.store, ref);
  if (!r.ok) return notFound(io, r.message);
  if (args.flags.json === true) io.out(JSON.stringify(r.value));
  else if (r.value.ok) io.out(`${r.value.ref}: timeline intact, ${r.value.entries} entries, every hash link holds.`);
  else io.out(terminalLine(`${r.value.ref}: timeline BROKEN at entry ${r.value.seq}: ${r.value.reason}`));
  return r.value.ok ? EXIT.ok : EXIT.failed;
}

function usage(io: CliIo, text: string): number {
  io.err(text);
  return EXIT.usage;
}

function notFound(io: CliIo, text: string): number {
  io.err(text);
  return EXIT.failed;
}
