import { parseArgs } from 'node:util';
import { ConfigError, DataError, parseConfig } from '@ascn/domain';

const HELP = `ascn: the ASCN Assistant on the command line

  ascn ask "question"            answer from the knowledge base, with its source
  ascn ask --json "question"     one JSON object: { query, answer, results }
  ascn ask [--json] < file       one question per line (JSONL out with --json)
  ascn index                     build the search index from docs/
  ascn docs check                check front matter, internal links and anchors
  ascn deadlines [--json] [--tz Asia/Yangon] [--all]
                                 upcoming events of the network calendar
  ascn report [round] [--html] [--out file]
                                 a status round's progress report (default: the latest)
  ascn report [round] --annual [--html] [--out file]
                                 the annual report of a closed round (default: the latest closed)
  ascn report [round] --pdf [--out file.pdf]
                                 the annual report as a PDF, printed by headless Chromium
                                 (CHROMIUM_PATH, default /usr/bin/chromium)
  ascn gaps [--json]             questions the assistant declined or got a thumbs down for
  ascn chat [--as officer-id]    talk to the assistant in the terminal
  ascn officer add <id> --name "…" --role secretariat|csco|… [--city …] [--country MM] [--tz …] [--email …]
                                 register a real officer (e.g. the first Secretariat officer)
  ascn access grant <officer-id> [--expires 30d]
                                 print a one-time sign-in link for the web page
  ascn access revoke <officer-id|link-id>
                                 revoke sign-in links and end the officer's sessions
  ascn access list [--json]      sign-in links, their state and who is signed in
  ascn discord register [--guild ID]
                                 register the Discord slash commands (in one server: at once)

report, gaps, chat, officer and access open the database (DATABASE_URL, or ASCN_DATA_DIR=./data): with the
embedded database, stop the running assistant first, or read the report on its web page.

Environment: ASCN_DOCS_DIR (./docs), ASCN_INDEX_FILE, ASCN_CALENDAR_FILE (./network/calendar.json),
PUBLIC_URL (the start of sign-in links),
DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL (for discord register)
`;

// `ascn deadlines | head`: the reader went away; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      tz: { type: 'string' },
      all: { type: 'boolean', default: false },
      html: { type: 'boolean', default: false },
      annual: { type: 'boolean', default: false },
      pdf: { type: 'boolean', default: false },
      out: { type: 'string' },
      as: { type: 'string' },
      expires: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      city: { type: 'string' },
      country: { type: 'string' },
      email: { type: 'string' },
      guild: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }
  const config = parseConfig(process.env);
  switch (command) {
    case 'ask': {
      const { runAsk } = await import('./ask.js');
      return runAsk(config, rest.length > 0 ? rest.join(' ') : undefined, values.json);
    }
    case 'index': {
      const { runIndex } = await import('./docs.js');
      return runIndex(config);
    }
    case 'docs': {
      if (rest[0] !== 'check') break;
      const { runDocsCheck } = await import('./docs.js');
      return runDocsCheck(config);
    }
    case 'deadlines': {
      const { runDeadlines } = await import('./deadlines.js');
      return runDeadlines(config, {
        json: values.json,
        all: values.all,
        ...(values.tz ? { tz: values.tz } : {}),
      });
    }
    case 'report': {
      if (values.annual || values.pdf) {
        const { runAnnualReport } = await import('./annual.js');
        return runAnnualReport(config, {
          html: values.html,
          pdf: values.pdf,
          ...(rest[0] ? { round: rest[0] } : {}),
          ...(values.out ? { out: values.out } : {}),
        });
      }
      const { runReport } = await import('./store-commands.js');
      return runReport(config, {
        html: values.html,
        ...(rest[0] ? { round: rest[0] } : {}),
        ...(values.out ? { out: values.out } : {}),
      });
    }
    case 'gaps': {
      const { runGaps } = await import('./store-commands.js');
      return runGaps(config, { json: values.json });
    }
    case 'officer': {
      const { runOfficer } = await import('./officer.js');
      const { name, role, city, country, tz, email } = values;
      return runOfficer(config, rest, {
        ...(name ? { name } : {}),
        ...(role ? { role } : {}),
        ...(city ? { city } : {}),
        ...(country ? { country } : {}),
        ...(tz ? { tz } : {}),
        ...(email ? { email } : {}),
      });
    }
    case 'access': {
      const { runAccess } = await import('./access.js');
      return runAccess(config, rest, {
        json: values.json,
        ...(values.expires ? { expires: values.expires } : {}),
      });
    }
    case 'discord': {
      if (rest[0] !== 'register' || rest.length > 1) break;
      const { runDiscordRegister } = await import('./discord.js');
      return runDiscordRegister(config, values.guild !== undefined ? { guild: values.guild } : {});
    }
    case 'chat': {
      const { runChat } = await import('./store-commands.js');
      return runChat(config, values.as ? { as: values.as } : {});
    }
  }
  process.stderr.write(`ascn: unknown command "${positionals.join(' ')}"\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Known, explainable failures get one plain line; anything else is a bug worth a trace.
    if (
      error instanceof ConfigError ||
      error instanceof DataError ||
      (error instanceof Error && error.name === 'StoreInUseError')
    )
      process.stderr.write(`ascn: ${error.message}\n`);
    else if (
      error instanceof Error &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    )
      process.stderr.write(`ascn: ${error.message}\n\n${HELP}`);
    else if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
      process.stderr.write(`ascn: ${error.message}\n`);
    else
      process.stderr.write(
        `ascn: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
    process.exitCode = error instanceof ConfigError || error instanceof DataError ? 2 : 1;
  },
);
