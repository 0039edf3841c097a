import { writeFile } from 'node:fs/promises';
import type { Config } from '@ascn/domain';
import {
  annualReportHtml,
  annualReportMarkdown,
  ChromiumMissing,
  loadAnnualReport,
  printPdf,
} from '@ascn/reports';
import { withStore } from './store.js';

const MAX_ID = 2_147_483_647;

/**
 * `ascn report [round] --annual [--html] [--out file]` and `ascn report [round] --pdf [--out
 * file.pdf]`: the annual report of a closed round (default: the latest closed one). The PDF
 * goes to a file (`ascn-annual-report-<round>.pdf` unless --out says otherwise), never to the
 * terminal. No Chromium: one line naming CHROMIUM_PATH, exit 2.
 */
export async function runAnnualReport(
  config: Config,
  opts: { round?: string; html: boolean; pdf: boolean; out?: string },
): Promise<number> {
  let id = opts.round ? Number(opts.round) : undefined;
  if (opts.round && !(/^\d{1,10}$/.test(opts.round) && id! >= 1 && id! <= MAX_ID)) {
    process.stderr.write(`ascn report: "${opts.round}" is not a round number\n`);
    return 2;
  }
  return withStore(config, async (store) => {
    id ??=
      (
        await store.db
          .selectFrom('statusRounds')
          .select((eb) => eb.fn.max('id').as('id'))
          .where('status', '=', 'closed')
          .executeTakeFirst()
      )?.id ?? undefined;
    if (!id) {
      process.stderr.write(
        'ascn report: no status round has closed yet; the annual report is written from a closed round\n',
      );
      return 1;
    }
    const data = await loadAnnualReport(store, id, { now: new Date() });
    if (data.kind === 'missing') {
      process.stderr.write(`ascn report: there is no status round ${id}\n`);
      return 1;
    }
    if (data.kind === 'open') {
      process.stderr.write(
        `ascn report: status round ${id} (${data.round.title}) is still open; the annual report is written once it closes\n`,
      );
      return 1;
    }
    if (!opts.pdf) {
      const text = opts.html ? annualReportHtml(data.input) : annualReportMarkdown(data.input);
      if (opts.out) {
        await writeFile(opts.out, text);
        process.stdout.write(`wrote ${opts.out}\n`);
      } else process.stdout.write(text);
      return 0;
    }
    const out = opts.out ?? `ascn-annual-report-${id}.pdf`;
    try {
      await writeFile(out, await printPdf(annualReportHtml(data.input)));
    } catch (error) {
      if (!(error instanceof ChromiumMissing)) throw error;
      process.stderr.write(`ascn report: ${error.message}\n`);
      return 2;
    }
    process.stdout.write(`wrote ${out}\n`);
    return 0;
  });
}
