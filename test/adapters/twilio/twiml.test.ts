import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { callTwiml, twiml } from '../../../src/adapters/twilio/twiml';

/**
 * A TwiML document as a list of tags (attribute values decoded) and decoded texts: enough to
 * compare two serialisations of the same tree, which escape differently. Escaped text can never
 * open a tag, so a title that breaks out of its <Say> shows as an extra tag here.
 */
function tree(xml: string): string[] {
  const decode = (s: string) => s.replace(/&(lt|gt|quot|apos|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", amp: '&' })[e]!);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  return (body.match(/<[^>]*>|[^<]+/g) ?? []).flatMap((t) => {
    if (!t.startsWith('<')) return [`text:${decode(t)}`];
    const selfClosing = /^<(\w+)(.*?)\s*\/>$/.exec(t);
    return selfClosing ? [decode(`<${selfClosing[1]}${selfClosing[2]}>`), `</${selfClosing[1]}>`] : [decode(t)];
  });
}

function officialMenu(action: string, spoken: string, prompt: string, noAnswer: string): string {
  const response = new twilio.twiml.VoiceResponse();
  const gather = response.gather({ numDigits: 1, action, method: 'POST' });
  gather.say(spoken);
  gather.say(prompt);
  response.say(noAnswer);
  return response.toString();
}

describe('TwiML builders', () => {
  it('message and say escape their text', () => {
    expect(twiml.message('INC-12 acknowledged <by> "you" & done')).toBe('<Response><Message>INC-12 acknowledged &lt;by&gt; &quot;you&quot; &amp; done</Message></Response>');
    expect(twiml.say("Press 4 — it's <fine>")).toBe('<Response><Say>Press 4 — it&#39;s &lt;fine&gt;</Say></Response>');
    expect(twiml.empty()).toBe('<Response></Response>');
  });

  it('the call menu has the documented shape, the action URL escaped', () => {
    expect(callTwiml({ action: 'https://tocsin.example.com/twilio/voice?n=12&p=alice', spoken: 'Incident 12', prompt: 'Press 4 to acknowledge, 6 to resolve.', noAnswer: 'Goodbye.' })).toBe(
      '<Response><Gather numDigits="1" action="https://tocsin.example.com/twilio/voice?n=12&amp;p=alice" method="POST"><Say>Incident 12</Say><Say>Press 4 to acknowledge, 6 to resolve.</Say></Gather><Say>Goodbye.</Say></Response>',
    );
  });

  it("is the same tree as the twilio package's VoiceResponse builds, whatever the spoken text", () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '<', '>', '&', '"', "'", '/', 'S', 'a', 'y', '=', 'é', '🔥'), maxLength: 40 });
    fc.assert(
      fc.property(text, text, (spoken, noAnswer) => {
        const action = 'https://tocsin.example.com/twilio/voice?n=12&p=a%26b';
        const ours = callTwiml({ action, spoken, prompt: 'Press 4 to acknowledge, 6 to resolve.', noAnswer });
        expect(tree(ours)).toEqual(tree(officialMenu(action, spoken, 'Press 4 to acknowledge, 6 to resolve.', noAnswer)));
      }),
      { numRuns: 300 },
    );
  });
});
