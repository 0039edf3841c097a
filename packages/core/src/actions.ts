import { BadInput } from './errors.js';

/**
 * What a button does, as data. Every platform carries it as one string (a Slack `action_id`
 * + `value`, a Discord `custom_id`), encoded here so that it fits Discord's 100 characters,
 * and decoded back with every field checked: a forged or stale id is bad input, never a crash.
 * The server still checks that the person pressing may act on the thing named.
 */
export type ActionId =
  | { kind: 'feedback'; questionId: number; vote: 'up' | 'down' }
  | { kind: 'status-open'; roundId: number }
  | { kind: 'share-open' }
  | { kind: 'reminder-snooze'; deliveryId: number }
  | { kind: 'reminder-done'; eventId: string }
  /** Reopens a form from its draft: after an error with the values kept, or its next step. */
  | { kind: 'form-open'; draftId: string; group: number }
  /** Posts a private answer to the conversation for everyone. */
  | { kind: 'answer-share'; questionId: number };

export const ACTION_ID_MAX = 100;
const PREFIX = 'ascn';

const id = (s: string | undefined): number => {
  if (!s || !/^\d{1,15}$/.test(s)) throw new Error('not an id');
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) throw new Error('out of range');
  return n;
};

const slug = (s: string | undefined, max: number): string => {
  if (!s || s.length > max || !/^[A-Za-z0-9_-]+$/.test(s)) throw new Error('not a slug');
  return s;
};

export function encodeAction(a: ActionId): string {
  const fields = ((): Array<string | number> => {
    switch (a.kind) {
      case 'feedback':
        return ['fb', a.questionId, a.vote === 'up' ? 'u' : 'd'];
      case 'status-open':
        return ['so', a.roundId];
      case 'share-open':
        return ['sh'];
      case 'reminder-snooze':
        return ['rs', a.deliveryId];
      case 'reminder-done':
        return ['rd', a.eventId];
      case 'form-open':
        return ['fo', a.draftId, a.group];
      case 'answer-share':
        return ['as', a.questionId];
    }
  })();
  const encoded = [PREFIX, ...fields].join(':');
  if (encoded.length > ACTION_ID_MAX)
    throw new RangeError(`action id longer than ${ACTION_ID_MAX} characters: ${a.kind}`);
  return encoded;
}

/** The action a platform sent back, or BadInput in plain words when it is not one of ours. */
export function decodeAction(encoded: unknown): ActionId {
  try {
    if (typeof encoded !== 'string' || encoded.length > ACTION_ID_MAX) throw new Error('shape');
    const [prefix, code, a, b, ...rest] = encoded.split(':');
    if (prefix !== PREFIX || rest.length > 0) throw new Error('prefix');
    const none = (...xs: Array<string | undefined>) => {
      if (xs.some((x) => x !== undefined)) throw new Error('extra');
    };
    switch (code) {
      case 'fb':
        if (b !== 'u' && b !== 'd') throw new Error('vote');
        return { kind: 'feedback', questionId: id(a), vote: b === 'u' ? 'up' : 'down' };
      case 'so':
        none(b);
        return { kind: 'status-open', roundId: id(a) };
      case 'sh':
        none(a, b);
        return { kind: 'share-open' };
      case 'rs':
        none(b);
        return { kind: 'reminder-snooze', deliveryId: id(a) };
      case 'rd':
        none(b);
        return { kind: 'reminder-done', eventId: slug(a, 60) };
      case 'fo':
        return { kind: 'form-open', draftId: slug(a, 40), group: groupIndex(b) };
      case 'as':
        none(b);
        return { kind: 'answer-share', questionId: id(a) };
    }
    throw new Error('code');
  } catch {
    throw new BadInput('I do not know that button any more; please use the latest message.');
  }
}

function groupIndex(s: string | undefined): number {
  if (!s || !/^\d{1,2}$/.test(s)) throw new Error('group');
  return Number(s);
}
