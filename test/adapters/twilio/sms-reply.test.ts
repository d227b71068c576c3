import { describe, expect, it } from 'vitest';
import { parseSmsReply } from '../../../src/adapters/twilio/sms-reply';

describe('parseSmsReply', () => {
  it.each([
    ['12a', 'ack', 12],
    ['12r', 'resolve', 12],
    ['12A', 'ack', 12],
    [' 12 r ', 'resolve', 12],
    ['12a.', 'ack', 12],
    ['ack INC-12', 'ack', 12],
    ['resolve INC-12', 'resolve', 12],
    ['ACK inc-12', 'ack', 12],
    ['  Resolve   INC-7  ', 'resolve', 7],
    ['acknowledge INC-12', 'ack', 12],
    ['ack inc 12', 'ack', 12],
    ['ack 12', 'ack', 12],
    ['ack #12', 'ack', 12],
    ['ack\tINC-12\n', 'ack', 12],
  ] as const)('%j → %s %d', (body, verb, incident) => {
    expect(parseSmsReply(body)).toEqual({ verb, incident });
  });

  it.each(['', 'a', '12', '12x', 'ack', 'ack INC-', 'ack INC-12 please', 'please ack INC-12', 'resolve INC-12 INC-13', '0a', 'ack INC-0', '12ab', 'ack INC-1234567890', 'STOP', 'ackINC-12'])('%j is not a command', (body) => {
    expect(parseSmsReply(body)).toBeUndefined();
  });
});
