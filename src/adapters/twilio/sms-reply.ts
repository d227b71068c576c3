export interface SmsReply {
  readonly verb: 'ack' | 'resolve';
  readonly incident: number;
}

// `12a`, `12 r`, `12A.`: the short form the page asks for.
const SHORT = /^(\d{1,9})\s*([ar])[.!]*$/i;
// `ack INC-12`, `resolve inc 12`, `acknowledge #12`, `ACK 12`.
const LONG = /^(ack|acknowledge|resolve)\s+(?:inc[-\s]*|#)?(\d{1,9})[.!]*$/i;

/**
 * What an inbound SMS asks for, or undefined when it is not a command (the core answers with
 * usage). Case and extra spaces do not matter; nothing else is guessed at.
 */
export function parseSmsReply(body: string): SmsReply | undefined {
  const text = body.trim().replace(/\s+/g, ' ');
  const short = SHORT.exec(text);
  if (short) return reply(short[2]!.toLowerCase() === 'a' ? 'ack' : 'resolve', short[1]!);
  const long = LONG.exec(text);
  if (long) return reply(long[1]!.toLowerCase() === 'resolve' ? 'resolve' : 'ack', long[2]!);
  return undefined;
}

function reply(verb: SmsReply['verb'], digits: string): SmsReply | undefined {
  const incident = Number(digits);
  return incident > 0 ? { verb, incident } : undefined;
}
