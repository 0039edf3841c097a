/**
 * The fake Discord and its load driver for scripts/bench-discord.js, in a process of its own
 * so that the bot being measured has the parent's CPU to itself. Driven over IPC:
 *   → { run: { n, inFlight | perSecond, command: { name, options } } }
 *   ← { ready: { apiUrl, token, applicationId, guildId, channelId, userId } } once listening,
 *     { result: { n, seconds, latencies, late, unanswered, cpuMicros } } after each run
 *     (cpuMicros: the CPU time this process, the fake, spent on the run).
 * Latency is the fake's record of each interaction: from its creation to the bot's first
 * answer (the callback), on the fake's own clock.
 */

import { startFakeDiscord } from '@ascn/discord/testing';
import { distinctChatQuestions } from './eval-set.js';

const users = [{ id: '510000000000000001', username: 'bench-guest' }];
const guildId = '520000000000000001';
const channelId = '530000000000000001';
const fake = await startFakeDiscord({
  users,
  guilds: [
    {
      id: guildId,
      name: 'Bench',
      channels: [{ id: channelId, name: 'general' }],
      members: [{ userId: users[0].id }],
    },
  ],
  // A bot answering hundreds of interactions a second stays within one bucket per token.
  bucketLimit: { requests: 1_000_000, windowMs: 1000 },
});

async function drive({ n, inFlight, perSecond, command }) {
  const latencies = [];
  let late = 0;
  let unanswered = 0;
  let started = 0;
  const cpuAt = process.cpuUsage();
  const startedAt = performance.now();
  const one = async (k) => {
    const i = fake.slashCommand({
      name: command.name,
      userId: users[0].id,
      channelId,
      options: typeof command.options === 'function' ? command.options(k) : (command.options ?? {}),
    });
    try {
      const callback = await fake.until(() => fake.interaction(i.id)?.callback, {
        timeoutMs: 10_000,
      });
      latencies.push(callback.latencyMs);
    } catch {
      unanswered++;
    }
    if (fake.interaction(i.id).lateCallbacks > 0) late++;
  };
  if (perSecond) {
    // Open loop: one interaction every 1/perSecond s, however many are still unanswered.
    const pending = [];
    for (let k = 0; k < n; k++) {
      const due = startedAt + (k * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(one(k));
    }
    await Promise.all(pending);
  } else {
    const lane = async () => {
      while (started < n) await one(started++);
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuAt);
  return { n, seconds, latencies, late, unanswered, cpuMicros: cpu.user + cpu.system };
}

const QUESTIONS = [
  'what are the six focus areas?',
  'who chairs the ASCN?',
  'what is the smart cities governance workshop',
  'how many pilot cities joined in 2018',
  'what does a chief smart city officer do',
];

// Every question different (see distinctChatQuestions).
const DISTINCT = await distinctChatQuestions();

process.on('message', async (message) => {
  if (message.run) {
    const { command } = message.run;
    const questions = command.distinct ? DISTINCT : QUESTIONS;
    if (command.name === 'ask')
      command.options = (k) => ({ question: questions[k % questions.length] });
    process.send({ result: await drive(message.run) });
  }
  if (message.close) {
    await fake.close();
    process.exit(0);
  }
});

process.send({
  ready: {
    apiUrl: fake.apiUrl,
    token: fake.token,
    applicationId: fake.applicationId,
    guildId,
    channelId,
    userId: users[0].id,
  },
});
