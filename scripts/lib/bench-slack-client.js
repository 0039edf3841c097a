// The load side of `npm run bench:slack`, in its own process: signs each prepared Slack
// request with the signing secret and a fresh timestamp (as Slack does), then drives the
// target with autocannon. Prints autocannon's result as one JSON line.

import { readFileSync } from 'node:fs';
import { signSlackRequest } from '@ascn/slack/testing';
import autocannon from 'autocannon';

// The load's description, in a file: thousands of requests do not fit on a command line.
const { url, signingSecret, requests, connections, duration } = JSON.parse(
  readFileSync(process.argv[2], 'utf8'),
);
const timestamp = Math.floor(Date.now() / 1000);
const result = await autocannon({
  url,
  connections,
  duration,
  requests: requests.map((r) => ({
    method: 'POST',
    headers: {
      'content-type': r.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(signingSecret, timestamp, r.body),
    },
    body: r.body,
  })),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
