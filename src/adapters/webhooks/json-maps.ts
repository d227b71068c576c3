import * as z from 'zod';

type JsonMap = Record<string, unknown>;

const isMap = (input: unknown): input is JsonMap => typeof input === 'object' && input !== null && !Array.isArray(input);
/** zod's own wording, so messages read as they did with z.record. */
const received = (input: unknown): string => (input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input);
const invalid = (expected: string, input: unknown) => `Invalid input: expected ${expected}, received ${received(input)}`;

/**
 * The free-form maps of webhook bodies (labels, annotations, details), checked like
 * `z.record(z.string(), …)` but answered as the object JSON.parse made, every key kept. zod's
 * record leaves a `__proto__` key out of the object it builds (assigning it there would set that
 * object's prototype), so `{"__proto__": "x"}` vanished from labels while Datadog's, built by hand,
 * kept it. JSON.parse makes `__proto__` an own property like any other; spreading keeps it so.
 */
function jsonMap<T>(valueType?: 'string') {
  const map = z.custom<Record<string, T>>(isMap, { error: (issue) => (issue.input === undefined ? undefined : invalid('record', issue.input)) });
  if (!valueType) return map;
  return map.check((ctx) => {
    for (const key of Object.keys(ctx.value)) {
      const value = ctx.value[key];
      if (typeof value !== valueType) ctx.issues.push({ code: 'custom', message: invalid(valueType, value), input: value, path: [key] });
    }
  });
}

/** `{name: "text"}`: labels and annotations. */
export const stringMap = () => jsonMap<string>('string');

/** `{name: any JSON}`: details. */
export const anyMap = () => jsonMap<unknown>();
