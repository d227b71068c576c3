import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, cardOf, factsOf, GROUP, SERVICE_CHANNEL, TEAM, TeamsHarness } from '../support/teams-harness';

// The whole bot, anonymous (no MICROSOFT_APP_ID, as with the Bot Framework Emulator): activities
// go through the real CloudAdapter at /api/messages, the outbox worker posts through the real
// ConnectorClient to the fake Bot Connector named by the activities' serviceUrl.
const h = new TeamsHarness();
let thread = '';

beforeAll(async () => {
  await h.start();
});
afterAll(() => h.stop());

describe('Teams, anonymous mode', () => {
  it('says in the log that it runs anonymously', () => {
    expect(h.logs.some((l) => /runs anonymously/.test(l.msg))).toBe(true);
  });

  it('stores the team reference when the bot is installed', async () => {
    const answer = await h.post(h.installActivity());
    expect(answer.status).toBe(200);
    const refs = await h.chatRefs();
    expect(refs.find((r) => r.key === `team:${TEAM}`)?.value).toMatchObject({ teamId: TEAM, aadGroupId: GROUP, serviceUrl: h.serviceUrl, tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', bot: h.bot });
    expect(refs.find((r) => r.key === `group:${GROUP}`)?.value).toEqual({ teamId: TEAM });
  });

  it('announces a new incident in a new thread of the service channel, with a card mentioning who is on call', async () => {
    expect((await h.alert('db-1', 'Orders database down')).status).toBe(202);
    expect(await h.deliver()).toBeGreaterThan(0);
    const [created] = h.connector.threads(SERVICE_CHANNEL);
    expect(created).toBeDefined();
    thread = created!.id;
    const [card] = h.sent(thread);
    expect(card!.text).toBe('<at>Alice Example</at>: INC-1 triggered: Orders database down');
    expect(card!.entities).toEqual([{ type: 'mention', text: '<at>Alice Example</at>', mentioned: { id: ALICE.aad, name: 'Alice Example' } }]);
    expect(cardOf(card!).msteams.entities).toEqual(card!.entities);
    expect(factsOf(card!)).toMatchObject({ Severity: 'SEV2', Status: 'Triggered', Service: 'payments' });
    expect(cardOf(card!).actions.map((a: { title: string }) => a.title)).toEqual(['Acknowledge', 'Resolve', 'Escalate']);
    const entry = (await h.timeline(1)).find((e) => e.kind === 'chat.fallback');
    expect(entry?.text).toMatch(/no channel could be created \(no Graph credentials in anonymous mode\); the incident lives in a new thread/);
  });

  it('pages whoever is on call in the thread, with a mention, with the incident: no scheduler round needed', async () => {
    // Delivered right behind the card above: the webhook paged the first step in its own transaction.
    const sent = h.sent(thread);
    expect(sent).toHaveLength(2);
    const page = sent.at(-1)!;
    expect(page.text).toMatch(/^<at>Alice Example<\/at>: Paging @alice for INC-1 \(sev2\): Orders database down/);
    expect(page.entities).toEqual([{ type: 'mention', text: '<at>Alice Example</at>', mentioned: { id: ALICE.aad, name: 'Alice Example' } }]);
    // The scheduler has nothing due (step 2 waits 10 minutes): nobody is paged twice.
    expect(await h.running.scheduler.runOnce(h.clock.now())).toMatchObject({ fired: 0 });
    expect(await h.deliver()).toBe(0);
    expect(h.sent(thread)).toHaveLength(2);
  });

  it('runs `@Tocsin incident ack` typed in the thread as the Teams user, answers there and updates the card in place', async () => {
    expect((await h.post(h.say(thread, 'incident ack'))).status).toBe(200);
    const reply = h.sent(thread).at(-1)!;
    expect(reply.text).toBe('INC-1: Acknowledged by @alice');
    const entries = await h.timeline(1);
    expect(entries.find((e) => e.kind === 'command')).toMatchObject({ actor: { kind: 'person', id: 'alice' }, text: '<at>Tocsin</at> incident ack'.replace('<at>Tocsin</at> ', ''), data: { accepted: true, platform: 'teams', chatUser: ALICE.aad } });
    expect(entries.some((e) => e.kind === 'incident.acknowledged')).toBe(true);
    await h.deliver();
    const [card] = h.connector.activities(thread);
    expect(card!.updated).toBe(true);
    expect(factsOf(card!.activity)).toMatchObject({ Status: 'Acknowledged by alice' });
    expect(cardOf(card!.activity).actions.map((a: { title: string }) => a.title)).toEqual(['Resolve', 'Escalate']);
    // The answer already said it in this thread: the outbox line is not said twice.
    expect(h.sent(thread).filter((a) => a.text === 'INC-1: Acknowledged by @alice')).toHaveLength(1);
  });

  it('answers `incident status` in the thread, without a web link when PUBLIC_URL is not set', async () => {
    await h.post(h.say(thread, 'incident status'));
    const reply = h.sent(thread).at(-1)!;
    expect(reply.text).toMatch(/^INC-1 Orders database down\nsev2 · acknowledged by alice · /);
    expect(reply.text).not.toContain('in Tocsin');
  });

  it('records `@Tocsin incident note …` with a mention of a teammate, who is named by their person id', async () => {
    // Teams looks members up in the team's roster (the team id is its General channel's id).
    h.connector.addMembers(TEAM, [{ id: BOB.user, name: BOB.name, aadObjectId: BOB.aad }, { id: ALICE.user, name: ALICE.name, aadObjectId: ALICE.aad }]);
    await h.post(h.say(thread, 'incident note restarting the primary', BOB));
    await h.post(h.say(thread, 'incident assign <at>Alice Example</at>', BOB, { mentions: [{ text: '<at>Alice Example</at>', id: ALICE.user }] }));
    const entries = await h.timeline(1);
    expect(entries.find((e) => e.kind === 'note')).toMatchObject({ text: 'restarting the primary', actor: { id: BOB.aad } });
    expect(entries.find((e) => e.kind === 'incident.assigned')?.text).toBe(`@alice leads the incident (assigned by @${BOB.aad})`);
    await h.deliver();
    expect(factsOf(h.connector.activities(thread)[0]!.activity).Lead).toBe('alice');
  });

  it('answers `oncall` in a personal chat and remembers that chat for direct pages', async () => {
    const message = h.personal('oncall');
    expect((await h.post(message)).status).toBe(200);
    const [reply] = h.sent(String((message.conversation as { id: string }).id));
    expect(reply!.text).toMatch(/^primary: @alice until Mon 2026-01-12 09:00 .*, then @bob/);
    expect((await h.chatRefs()).some((r) => r.key === `user:${ALICE.aad}`)).toBe(true);
  });

  it('takes a card button (Action.Execute): answers the invoke, records it, and the card shows the new status', async () => {
    const answer = await h.post(h.press(thread, 'incident.resolve', 'INC-1'));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/INC-1 resolved by @alice/) });
    const entries = await h.timeline(1);
    expect(entries.filter((e) => e.kind === 'command').at(-1)).toMatchObject({ text: '/incident resolve INC-1', actor: { id: 'alice' } });
    await h.deliver();
    const card = h.connector.activities(thread)[0]!.activity;
    expect(factsOf(card)).toMatchObject({ Status: 'Resolved by alice' });
    expect(cardOf(card).actions).toBeUndefined();
    expect(h.sent(thread).at(-1)!.text).toMatch(/^INC-1 resolved/);
  });

  it('takes an Action.Submit button too, and handles a redelivered activity once', async () => {
    await h.alert('db-2', 'Replica lag');
    await h.deliver();
    const second = h.connector.threads(SERVICE_CHANNEL).find((t) => t.id !== thread)!.id;
    const submit = h.submit(second, 'ack', 'INC-2', BOB);
    expect((await h.post(submit)).status).toBe(200);
    expect((await h.post(submit)).status).toBe(200);
    const acks = (await h.timeline(2)).filter((e) => e.kind === 'command');
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ text: '/incident ack INC-2', data: { accepted: true } });
    await h.deliver();
    expect(factsOf(h.connector.activities(second)[0]!.activity).Status).toMatch(/^Acknowledged by/);
  });

  it('answers a bad command with its usage line, never a stack trace', async () => {
    await h.post(h.say(thread, 'incident sev 9'));
    expect(h.sent(thread).at(-1)!.text).toMatch(/Usage: \/incident sev/);
    expect((await h.timeline(1)).at(-1)).toMatchObject({ kind: 'command', data: { accepted: false } });
  });
});
