import { bestPracticeForm } from '../forms.js';
import { requireMayShare } from '../practices.js';
import type { Command, CommandContext } from '../registry.js';
import { type Reply, reply } from '../reply.js';

/** The share form, with the officer's city chosen (and a text to start from, e.g. a Slack message). */
export function shareReply(ctx: CommandContext, prefill: { problem?: string } = {}): Reply {
  const officer = requireMayShare(ctx.actor);
  return reply([
    {
      kind: 'form',
      form: bestPracticeForm(),
      values: {
        ...(officer.cityId ? { city: officer.cityId } : {}),
        ...(prefill.problem ? { problem: prefill.problem.slice(0, 3000) } : {}),
      },
    },
  ]);
}

export const shareCommand: Command = {
  path: ['share'],
  summary: 'Share a best practice with the network',
  usage: 'share',
  audience: 'officers',
  writes: false,
  args: [],
  run: async (ctx) => shareReply(ctx),
};
