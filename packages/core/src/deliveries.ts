import { cityById, FOCUS_AREAS, type FocusAreaId } from '@ascn/domain';
import type { DeliveryRow } from '@ascn/store';
import { cityName } from './directory.js';
import { citationUrl } from './links.js';
import { type EventMovedPayload, MessagePayload, type PracticePayload } from './payloads.js';
import { practicePath } from './practices.js';
import type { DigestPayload } from './reminders/digest.js';
import type { ReminderPayload } from './reminders/plan.js';
import {
  type Block,
  heading,
  type Inline,
  link,
  note,
  type Reply,
  reply,
  text,
  time,
} from './reply.js';

/** The message a queued delivery carries, whatever queued it, rendered when it is sent. */
export function deliveryReply(
  delivery: Pick<DeliveryRow, 'id' | 'payload' | 'kind' | 'recipientKind'>,
  opts: { publicUrl?: string } = {},
): Reply {
  const payload = delivery.payload as Record<string, unknown>;
  const personal = delivery.recipientKind === 'officer';
  if (payload.type === 'reminder')
    return reminderReply(delivery.id, payload as unknown as ReminderPayload, personal);
  if (payload.type === 'digest') return digestReply(payload as unknown as DigestPayload);
  const parsed = MessagePayload.safeParse(payload);
  if (parsed.success) {
    const p = parsed.data;
    switch (p.type) {
      case 'status-prompt':
        return reply(
          [
            heading(`Status round: ${p.roundTitle}`),
            text([
              `Please report the status of ${cityName(p.cityId)}'s action-plan projects before the round closes on `,
              time(new Date(p.closesAt), 'date'),
              '.',
            ]),
            statusButton(p.roundId),
          ],
          { visibility: 'public' },
        );
      case 'status-nudge':
        return reply(
          [
            text(`Reminder: ${cityName(p.cityId)} has not yet reported for "${p.roundTitle}".`),
            statusButton(p.roundId),
          ],
          { visibility: 'public' },
        );
      case 'status-escalation':
        return reply(
          [
            text(
              `${cityName(p.cityId)} (${p.officerName}) has not reported for "${p.roundTitle}" after a reminder. Could you follow up?`,
            ),
          ],
          { visibility: 'public' },
        );
      case 'practice':
        return reply(practiceBlocks(p.practice, opts.publicUrl), { visibility: 'public' });
      case 'event-moved':
        return reply(movedBlocks(p), { visibility: 'public' });
    }
  }
  // Rows stored by the first version carried the whole reply.
  if (payload.reply && typeof payload.reply === 'object') return legacyReply(payload.reply);
  throw Object.assign(new Error(`a ${delivery.kind} message with an unknown payload`), {
    permanent: true,
  });
}

/** A reply stored by the first version: its buttons had string actions, now ignored. */
function legacyReply(stored: unknown): Reply {
  const r = stored as Reply;
  return {
    ...r,
    blocks: (r.blocks ?? []).filter((b) => b.kind !== 'buttons'),
  };
}

const statusButton = (roundId: number): Block => ({
  kind: 'buttons',
  buttons: [{ action: { kind: 'status-open', roundId }, label: 'Report status', style: 'primary' }],
});

/** Snooze and done are personal: a channel's copy has no buttons, so nobody snoozes it for everyone. */
export function reminderReply(deliveryId: number, p: ReminderPayload, personal = true): Reply {
  const e = p.event;
  const range = e.end ? `${e.start} to ${e.end}` : e.start;
  // An all-day event keeps its own local date; a timed one is shown in the reader's zone.
  const when: Inline = e.time ? [`${range}, starts `, time(new Date(p.eventStartsAt))] : range;
  const blocks: Block[] = [
    heading(`${p.label === 'today' ? 'Today' : `Reminder, ${p.label}`}: ${e.title}`),
    {
      kind: 'fields',
      fields: [
        { label: 'When', value: when },
        ...(e.place ? [{ label: 'Where', value: e.place }] : []),
      ],
    },
    ...(p.late
      ? [note(p.lateNote ?? 'Sent late: the assistant was offline at the planned time.')]
      : []),
    ...(e.example
      ? [note('Example event (demo data), not an announced ASCN date.')]
      : e.source
        ? [note(['Source: ', link(e.source, e.source)])]
        : []),
    ...(personal
      ? [
          {
            kind: 'buttons' as const,
            buttons: [
              { action: { kind: 'reminder-snooze' as const, deliveryId }, label: 'Snooze 1 day' },
              {
                action: { kind: 'reminder-done' as const, eventId: e.id },
                label: 'Done, no more reminders',
              },
            ],
          },
        ]
      : []),
  ];
  return reply(blocks, { visibility: 'public', zone: p.recipientZone });
}

/** One message for a day's reminders, for recipients who chose a daily digest. */
export function digestReply(p: DigestPayload): Reply {
  const items = p.items.map((raw) => {
    const r = raw as unknown as ReminderPayload;
    return `${r.event.title}: ${r.event.end ? `${r.event.start} to ${r.event.end}` : r.event.start} (${r.label})${r.event.example ? ' [example]' : ''}`;
  });
  return reply(
    [
      heading(`Your deadlines for ${p.date}`),
      { kind: 'list', items },
      note(`Times in ${p.recipientZone}.`),
    ],
    { visibility: 'public', zone: p.recipientZone },
  );
}

/** A new practice, as announced to the channels that follow its focus areas. */
export function practiceBlocks(p: PracticePayload['practice'], publicUrl?: string): Block[] {
  const areas = p.focusAreas.map((f) => FOCUS_AREAS[f as FocusAreaId] ?? f).join(', ');
  return [
    heading(`New best practice: ${p.title}`),
    {
      kind: 'fields',
      fields: [
        { label: 'City', value: cityById(p.cityId)?.name ?? p.cityId },
        { label: 'Focus areas', value: areas },
        ...(p.sharedBy ? [{ label: 'Shared by', value: p.sharedBy }] : []),
      ],
    },
    text(`Problem: ${p.problem}`),
    text(`Solution: ${p.solution}`),
    ...(p.results ? [text(`Results: ${p.results}`)] : []),
    note(
      publicUrl
        ? [
            'Shared in chat; not reviewed by the ASEAN Secretariat. Ask me about it any time, or read it at ',
            link(citationUrl(publicUrl, practicePath(p), ''), 'its page'),
            '.',
          ]
        : 'Shared in chat; not reviewed by the ASEAN Secretariat. Ask me about it any time.',
    ),
  ];
}

const when = (e: EventMovedPayload['after']) =>
  `${e.end ? `${e.start} to ${e.end}` : e.start}${e.time ? ` at ${e.time} (${e.timeZone})` : ''}`;

function movedBlocks(p: EventMovedPayload): Block[] {
  return [
    heading(`Date changed: ${p.after.title}`),
    text(`Now ${when(p.after)}; it was ${when(p.before)}. Reminders will follow the new date.`),
    ...(p.after.example ? [note('Example event (demo data), not an announced ASCN date.')] : []),
  ];
}
