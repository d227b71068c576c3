import type { Migration } from 'kysely';
import * as core from './202611280700_core';
import * as outboxDelivery from './202611280910_outbox_delivery';
import * as outboxOpenHeads from './202611281000_outbox_open_heads';
import * as timersOpenDue from './202611281100_timers_open_due';
import * as timersKeyBytewise from './202611281110_timers_key_bytewise';
import * as slackRequestSignatures from './202612021000_slack_request_signatures';
import * as personPaging from './202612021100_person_paging';
import * as outboxPriority from './202612021200_outbox_priority';
import * as webSessions from './202612021300_web_sessions';
import * as serviceStorms from './202612021430_service_storms';
import * as noticeAndTimerKinds from './202612021530_notice_and_timer_kinds';

// Every migration, by name (names sort in the order they run). Append a line per new migration;
// test/integration/migrations.test.ts fails when a file in this folder is missing here.
export const migrations: Record<string, Migration> = {
  '202611280700_core': core,
  '202611280910_outbox_delivery': outboxDelivery,
  '202611281000_outbox_open_heads': outboxOpenHeads,
  '202611281100_timers_open_due': timersOpenDue,
  '202611281110_timers_key_bytewise': timersKeyBytewise,
  '202612021000_slack_request_signatures': slackRequestSignatures,
  '202612021100_person_paging': personPaging,
  '202612021200_outbox_priority': outboxPriority,
  '202612021300_web_sessions': webSessions,
  '202612021430_service_storms': serviceStorms,
  '202612021530_notice_and_timer_kinds': noticeAndTimerKinds,
};
