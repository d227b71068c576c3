// Block Kit checks as Slack makes them before it takes a message: anything past a documented limit
// and the whole post is refused with `invalid_blocks` (Block Kit reference, per block type). The
// limits are written out here again, on purpose, rather than imported from the adapter: a
// renderer that forgets to clip must fail against the fake as it would against Slack.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text object's problem, if any: Slack wants 1 to `max` characters. */
function textProblem(value: unknown, max: number, where: string): string | undefined {
  if (!isObject(value) || typeof value.text !== 'string') return `${where}: not a text object`;
  if (value.text.length < 1) return `${where}: empty text`;
  return value.text.length > max ? `${where}: ${value.text.length} characters, more than ${max}` : undefined;
}

function listProblem(value: unknown, max: number, where: string, each: (v: unknown, at: string) => string | undefined): string | undefined {
  if (!Array.isArray(value)) return `${where}: not a list`;
  if (value.length > max) return `${where}: ${value.length} items, more than ${max}`;
  for (const [i, v] of value.entries()) {
    const problem = each(v, `${where}[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

function elementProblem(value: unknown, where: string): string | undefined {
  if (!isObject(value) || value.type !== 'button') return undefined;
  if (typeof value.value === 'string' && value.value.length > 2_000) return `${where}.value: more than 2000 characters`;
  return textProblem(value.text, 75, `${where}.text`);
}

function blockProblem(block: unknown, where: string): string | undefined {
  if (!isObject(block)) return `${where}: not an object`;
  switch (block.type) {
    case 'header':
      return textProblem(block.text, 150, `${where}.text`);
    case 'section':
      if (block.text === undefined && block.fields === undefined) return `${where}: needs text or fields`;
      return (
        (block.text === undefined ? undefined : textProblem(block.text, 3_000, `${where}.text`)) ??
        (block.fields === undefined ? undefined : listProblem(block.fields, 10, `${where}.fields`, (f, at) => textProblem(f, 2_000, at)))
      );
    case 'context':
      return listProblem(block.elements, 10, `${where}.elements`, (e, at) => (isObject(e) && e.type === 'image' ? undefined : textProblem(e, 3_000, at)));
    case 'actions':
      return listProblem(block.elements, 25, `${where}.elements`, elementProblem);
    default:
      return undefined;
  }
}

/** Why Slack would answer `invalid_blocks` to these blocks, or undefined when it would take them. */
export function blocksProblem(blocks: unknown): string | undefined {
  return listProblem(blocks, 50, 'blocks', blockProblem);
}
