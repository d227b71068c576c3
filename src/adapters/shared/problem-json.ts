import type { Problem } from '../../domain/problem';

/** Machine-readable codes of every 4xx/5xx answer; clients branch on these, never on `message`. */
export type ProblemCode =
  | 'unauthorized'
  | 'forbidden'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_encoding'
  | 'invalid_json'
  | 'invalid_payload'
  | 'unavailable'
  | 'rate_limited'
  | 'internal_error';

/** The body of every refusal an HTTP adapter sends: `{ error, message, problems? }`. */
export interface ProblemBody {
  readonly error: ProblemCode;
  readonly message: string;
  readonly problems?: readonly Problem[];
}

/** A refusal: the status to answer with and its problem body. */
export interface HttpProblem {
  readonly status: number;
  readonly body: ProblemBody;
}

/** A payload with thousands of bad labels must not turn into a multi-megabyte answer. */
export const MAX_LISTED_PROBLEMS = 50;

export function httpProblem(status: number, error: ProblemCode, message: string, problems?: readonly Problem[]): HttpProblem {
  if (!problems || problems.length === 0) return { status, body: { error, message } };
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const more = problems.length - listed.length;
  const tail = more > 0 ? [{ path: '(more)', message: `${more} more problems not listed` }] : [];
  return { status, body: { error, message, problems: [...listed, ...tail] } };
}
