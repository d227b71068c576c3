import type { CliIo } from './cli-io';

// What the CLI prints comes partly from webhooks and chat: a title carrying `ESC [2J` (or the C1
// CSI, U+009B) would drive the operator's terminal (clear it, retitle it, rewrite earlier lines),
// and a right-to-left override (U+202E) would make the text read backwards. Every such character is
// shown as an escape instead: `\x1b` for C0 controls, `\u009b`, `\u202e`… for the rest. The `\u`
// form is also JSON's, so `--json` output (where JSON.stringify leaves DEL, C1 and bidi controls
// raw) stays valid JSON that parses back to the same text.

/** C0 and DEL, C1, bidi embeddings, overrides, isolates and marks, line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** The same less newline and tab, for output that is several lines by design. */
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const shown = (c: string): string => {
  const code = c.charCodeAt(0);
  return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** One line of output: every control character escaped, newlines too (a title cannot add a line). */
export function terminalLine(text: string): string {
  return text.replace(CONTROL, shown);
}

/** Output that is several lines by design (an export, an answer): newlines and tabs kept. */
export function terminalText(text: string): string {
  return text.replace(CONTROL_BUT_LAYOUT, shown);
}

/** The CLI's output with terminalText applied to everything it prints, JSON included. */
export function terminalIo(io: CliIo): CliIo {
  return { ...io, out: (t) => io.out(terminalText(t)), err: (t) => io.err(terminalText(t)) };
}
