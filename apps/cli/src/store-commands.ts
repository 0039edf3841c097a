import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import {
  buildReport,
  createAssistant,
  type Incoming,
  indexStoredPractices,
  knowledgeGaps,
  replyToText,
} from '@ascn/core';
import type { Config } from '@ascn/domain';
import { openKnowledgeBase } from '@ascn/knowledge';
import { reportHtml, reportMarkdown } from '@ascn/reports';
import { indexFile } from './paths.js';
import { withStore } from './store.js';

/** `ascn report [round] [--html] [--out file]`: the progress report of a round (default: the latest). */
export async function runReport(
  config: Config,
  opts: { round?: string; html: boolean; out?: string },
): Promise<number> {
  return withStore(config, async (store) => {
    let id = opts.round ? Number(opts.round) : undefined;
    if (opts.round && !(Number.isInteger(id) && id! > 0)) {
      process.stderr.write(`ascn report: "${opts.round}" is not a round number\n`);
      return 2;
    }
    id ??=
      (
        await store.db
          .selectFrom('statusRounds')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirst()
      )?.id ?? undefined;
    if (!id) {
      process.stderr.write(
        'ascn report: no status round yet (the Secretariat opens one with "admin round open")\n',
      );
      return 1;
    }
    const report = await buildReport(store, id, new Date());
    if (!report) {
      process.stderr.write(`ascn report: there is no status round ${id}\n`);
      return 1;
    }
    const text = opts.html ? reportHtml(report) : reportMarkdown(report);
    if (opts.out) {
      await writeFile(opts.out, text);
      process.stdout.write(`wrote ${opts.out}\n`);
    } else process.stdout.write(text);
    return 0;
  });
}

/** `ascn gaps [--json]`: declined and thumbs-down questions, most frequent first. */
export async function runGaps(config: Config, opts: { json: boolean }): Promise<number> {
  return withStore(config, async (store) => {
    const gaps = await knowledgeGaps(store, 100);
    if (opts.json) process.stdout.write(`${JSON.stringify(gaps, null, 2)}\n`);
    else if (gaps.length === 0)
      process.stdout.write('No unanswered or thumbs-down questions so far.\n');
    else
      for (const g of gaps)
        process.stdout.write(
          `${String(g.count).padStart(4)}× ${g.query}  (${g.declined} declined, ${g.thumbsDown} thumbs down)\n`,
        );
    return 0;
  });
}

/** `ascn chat [--as officer-id]`: the assistant in the terminal, through the same core. */
export async function runChat(config: Config, opts: { as?: string }): Promise<number> {
  return withStore(config, async (store) => {
    const knowledge = await openKnowledgeBase({
      docsDir: config.ASCN_DOCS_DIR,
      cacheFile: indexFile(config),
    });
    await indexStoredPractices(store, knowledge);
    const assistant = createAssistant({ store, knowledge, publicUrl: config.PUBLIC_URL });
    // Whoever runs the CLI already holds the database: the terminal may act as any officer.
    const as = (): Incoming => ({
      platform: 'web',
      workspaceId: 'terminal',
      userId: opts.as ?? 'guest',
      where: { kind: 'channel', channelId: 'terminal' },
      eventId: `terminal:${randomUUID()}`,
    });
    const actor = await assistant.resolveActor(as());
    if (opts.as && !actor.officer) {
      process.stderr.write(`ascn chat: there is no registered officer "${opts.as}"\n`);
      return 2;
    }
    process.stdout.write(
      `${actor.officer ? `Signed in as ${actor.officer.name}.` : 'Guest (not registered).'} Type "help"; Ctrl-D to leave.\n> `,
    );
    for await (const line of createInterface({ input: process.stdin })) {
      process.stdout.write(`${replyToText(await assistant.handle(as(), line), actor.zone)}\n> `);
    }
    process.stdout.write('\n');
    return 0;
  });
}
