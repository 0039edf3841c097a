import { formatInZone } from '@ascn/domain';
import type { DeliveryRow } from '@ascn/store';
import type { DigestPayload } from './reminders/digest.js';
import type { ReminderPayload } from './reminders/plan.js';
import { heading, note, type Reply, reply, text } from './reply.js';

/** The message a queued delivery carries, whatever queued it: reminders, prompts, announcements. */
export function deliveryReply(
  delivery: Pick<DeliveryRow, 'id' | 'payload' | 'kind' | 'recipientKind'>,
): Reply {
  const payload = delivery.payload as Record<string, unknown>;
  if (payload.type === 'reminder')
    return reminderReply(delivery.id, payload as unknown as ReminderPayload);
  if (payload.type === 'digest') return digestReply(payload as unknown as DigestPayload);
  if (payload.reply && typeof payload.reply === 'object') return payload.reply as Reply;
  return reply([text(`(${delivery.kind})`)]);
}

/** Snooze and done are personal: a channel's copy has no buttons, so nobody snoozes it for everyone. */
export function reminderReply(deliveryId: number, p: ReminderPayload, personal = true): Reply {
  const e = p.event;
  const range = e.end ? `${e.start} to ${e.end}` : e.start;
  const blocks = [
    heading(`${p.label === 'today' ? 'Today' : `Reminder, ${p.label}`}: ${e.title}`),
    {
      kind: 'fields' as const,
      fields: [
        {
          label: 'When',
          // An all-day event keeps its own local date; a timed one is shown in the reader's zone.
          value: e.time
            ? `${range}, starts ${formatInZone(new Date(p.eventStartsAt), p.recipientZone)}`
            : range,
        },
        ...(e.place ? [{ label: 'Where', value: e.place }] : []),
      ],
    },
    ...(p.late
      ? [note(p.lateNote ?? 'Sent late: the assistant was offline at the planned time.')]
      : []),
    ...(e.example
      ? [note('Example event (demo data), not an announced ASCN date.')]
      : e.source
        ? [note(`Source: ${e.source}`)]
        : []),
    ...(personal
      ? [
          {
            kind: 'buttons' as const,
            buttons: [
              { action: 'reminder:snooze', label: 'Snooze 1 day', value: String(deliveryId) },
              { action: 'reminder:done', label: 'Done, no more reminders', value: e.id },
            ],
          },
        ]
      : []),
  ];
  return reply(blocks, { visibility: 'public' });
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
    {
      visibility: 'public',
    },
  );
}
