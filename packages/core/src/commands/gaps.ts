import { isExampleActor } from '../examples.js';
import { knowledgeGaps } from '../gaps.js';
import type { Command } from '../registry.js';
import { heading, reply, text } from '../reply.js';

export const gapsCommand: Command = {
  path: ['gaps'],
  summary: 'Questions I could not answer well, most asked first',
  usage: 'gaps',
  audience: ['secretariat'],
  writes: false,
  args: [],
  async run({ store, actor }) {
    const rows = await knowledgeGaps(store, 20, { askedByExamplePeople: isExampleActor(actor) });
    if (rows.length === 0) return reply([text('No unanswered or thumbs-down questions so far.')]);
    return reply([
      heading('Questions I could not answer well'),
      {
        kind: 'list',
        items: rows.map(
          (g) => `${g.count}× "${g.query}" (${g.declined} declined, ${g.thumbsDown} thumbs down)`,
        ),
      },
    ]);
  },
};
