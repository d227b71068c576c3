import { COMMANDS, usageOf, type Topic } from './command-table';
import { SPAN_FORMS } from './span-spec';

const HEADINGS: Readonly<Record<Topic, string>> = {
  incident: 'Incidents — in an incident channel INC-n may be left out:',
  oncall: `On call — a <span> is ${SPAN_FORMS}:`,
};

/** The help answered to `/incident help`, `/oncall help` and `tocsin chat help`, one line a command. */
export function helpText(topic?: Topic): string {
  const topics: readonly Topic[] = topic ? [topic] : ['incident', 'oncall'];
  return topics.map((t) => [HEADINGS[t], ...COMMANDS.filter((e) => e.topic === t).map((e) => `${usageOf(e)} — ${e.help}`)].join('\n')).join('\n\n');
}
