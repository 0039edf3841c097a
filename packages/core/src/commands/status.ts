import { cityName } from '../directory.js';
import { BadInput } from '../errors.js';
import { requireOfficer } from '../identity.js';
import { reportUrl } from '../links.js';
import type { Command, CommandContext } from '../registry.js';
import { type Reply, reply, text } from '../reply.js';
import {
  buildReport,
  currentRoundFor,
  refuseRealRound,
  reportBlocks,
  statusFormFor,
} from '../rounds.js';

/** The open round's status form for the officer's city. */
export async function statusReply(ctx: CommandContext): Promise<Reply> {
  const { round, form } = await statusFormFor(ctx.store, ctx.actor, ctx.clock.now());
  return reply([
    text(`Status round "${round.title}" for ${cityName(ctx.actor.officer?.cityId)}.`),
    { kind: 'form', form },
  ]);
}

export const statusCommand: Command = {
  path: ['status'],
  summary: "Report your city's project status for the open round",
  usage: 'status',
  audience: ['csco'],
  writes: false,
  args: [],
  run: (ctx) => statusReply(ctx),
};

export const reportCommand: Command = {
  path: ['report'],
  summary: "A status round's progress report",
  usage: 'report [round]',
  audience: 'officers',
  writes: false,
  args: [
    {
      name: 'round',
      description: 'A round number',
      type: 'integer',
      min: 1,
      max: 2_147_483_647,
      autocomplete: 'rounds',
    },
  ],
  async run(ctx, args) {
    requireOfficer(ctx.actor);
    const id =
      typeof args.round === 'number'
        ? args.round
        : (await currentRoundFor(ctx.store.db, ctx.actor, ctx.clock.now()))?.id;
    if (id === undefined)
      throw new BadInput('No status round is open; say "report <round number>".');
    await refuseRealRound(ctx.store.db, ctx.actor, id);
    const r = await buildReport(ctx.store, id, ctx.clock.now());
    if (!r) throw new BadInput(`There is no status round ${id}.`);
    return reply(reportBlocks(r, reportUrl(ctx.publicUrl, id)), { zone: ctx.actor.zone });
  },
};
