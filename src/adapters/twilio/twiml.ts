import { escapeMarkup } from '../shared/markup-escape';

/**
 * The few TwiML documents Tocsin answers with, built from escaped text only: whatever a title or a
 * reply holds stays text inside its element. Twilio takes a document without an XML declaration.
 */
export const twiml = {
  /** Answer to an inbound SMS: one reply message. */
  message: (text: string): string => `<Response><Message>${escapeMarkup(text)}</Message></Response>`,
  /** Answer during a call: say this, then hang up. */
  say: (text: string): string => `<Response><Say>${escapeMarkup(text)}</Say></Response>`,
  /** Nothing to say (an unknown sender, a status callback). */
  empty: (): string => '<Response></Response>',
};

export interface CallMenu {
  /** Where the key pressed is POSTed (absolute URL, query included). */
  readonly action: string;
  readonly spoken: string;
  readonly prompt: string;
  readonly noAnswer: string;
}

/** The call's script: the incident and the menu inside one Gather, a farewell when no key comes. */
export function callTwiml(menu: CallMenu): string {
  return [
    '<Response>',
    `<Gather numDigits="1" action="${escapeMarkup(menu.action)}" method="POST">`,
    `<Say>${escapeMarkup(menu.spoken)}</Say>`,
    `<Say>${escapeMarkup(menu.prompt)}</Say>`,
    '</Gather>',
    `<Say>${escapeMarkup(menu.noAnswer)}</Say>`,
    '</Response>',
  ].join('');
}
