import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cardActionCommand } from '../../../src/adapters/teams/card-actions';
import { incidentChannelName } from '../../../src/adapters/teams/teams-announcement';

const reference = (name: string) => JSON.parse(readFileSync(new URL(`payloads/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('card actions', () => {
  it('turn an Action.Execute invoke into the command it stands for', () => {
    const invoke = reference('teams-invoke-activity.json');
    const execute = { ...invoke, value: { action: { type: 'Action.Execute', verb: 'incident.ack', data: { incident: 'INC-42', command: 'ack' } }, trigger: 'manual' } };
    expect(cardActionCommand(execute)).toBe('/incident ack INC-42');
    expect(cardActionCommand({ ...execute, value: { action: { type: 'Action.Execute', verb: 'incident.escalate', data: { incident: 'inc-3' } } } })).toBe('/incident escalate INC-3');
  });

  it('turn an Action.Submit message (value = the button data) into the same command', () => {
    const message = reference('teams-channel-message-activity.json');
    expect(cardActionCommand({ ...message, value: { incident: 'INC-9', command: 'resolve' } })).toBe('/incident resolve INC-9');
    expect(cardActionCommand(message)).toBeUndefined();
  });

  it('refuse anything else: other verbs, other invokes, bad refs, injected text', () => {
    expect(cardActionCommand(reference('teams-invoke-activity.json'))).toBeUndefined();
    expect(cardActionCommand({ type: 'invoke', name: 'task/fetch', value: { action: { type: 'Action.Execute', verb: 'incident.ack', data: { incident: 'INC-1' } } } })).toBeUndefined();
    expect(cardActionCommand({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Submit', verb: 'incident.ack', data: { incident: 'INC-1' } } } })).toBeUndefined();
    expect(cardActionCommand({ type: 'message', value: { incident: 'INC-1; drop', command: 'ack' } })).toBeUndefined();
    expect(cardActionCommand({ type: 'message', value: { incident: 'INC-1', command: 'sev 1' } })).toBeUndefined();
  });
});

describe('incident channel names', () => {
  it('follow inc-<number>-<slug> within Graph’s 50 characters and its character rules', () => {
    expect(incidentChannelName(undefined, 12, 'DB down: "orders" & <payments>?')).toBe('inc-12-db-down-orders-payments');
    expect(incidentChannelName('inc-payments', 3, 'Café latency')).toBe('inc-payments-3-cafe-latency');
    const long = incidentChannelName('inc', 123, 'Checkout latency above the service level objective in every region');
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long).toBe('inc-123-checkout-latency-above-the-service-level');
    expect(incidentChannelName('inc', 4, '!!!')).toBe('inc-4');
  });
});
