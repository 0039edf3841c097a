import { Client, type ClientOptions, Events, type REST } from 'discord.js';
import { clientOptions, createRestClient, type DiscordEndpoint } from '../client.js';
import type { FakeDiscord } from './fake-discord.js';

/** Clients started by a test file, destroyed after each test. */
const started: Client[] = [];

/** A real discord.js client logged in to the fake, resolved once it is ready. */
export async function loginClient(
  fake: FakeDiscord,
  overrides: Partial<ClientOptions> = {},
  endpoint: DiscordEndpoint = {},
): Promise<Client<true>> {
  const base = clientOptions({ apiUrl: fake.apiUrl, ...endpoint });
  const client = new Client({ ...base, ...overrides, rest: { ...base.rest, ...overrides.rest } });
  started.push(client);
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(fake.token);
  return ready;
}

/** REST only, as a replica that does not hold the gateway would talk to Discord. */
export function restOnly(fake: FakeDiscord, endpoint: DiscordEndpoint = {}): REST {
  return createRestClient(fake.token, { apiUrl: fake.apiUrl, ...endpoint });
}

export async function destroyClients(): Promise<void> {
  await Promise.all(started.splice(0).map((client) => client.destroy()));
}

/** A small world for tests: one guild with a channel and a Secretariat role, two people. */
export const ana = { id: '110000000000000001', username: 'ana' };
/** Ben has closed his DMs. */
export const ben = { id: '110000000000000002', username: 'ben', dmsClosed: true };
export const guildId = '120000000000000001';
export const generalId = '130000000000000001';
export const secretariatRoleId = '140000000000000001';

export const testWorld = {
  heartbeatIntervalMs: 250,
  users: [ana, ben],
  guilds: [
    {
      id: guildId,
      name: 'ASCN',
      channels: [{ id: generalId, name: 'general' }],
      roles: [{ id: secretariatRoleId, name: 'Secretariat', permissions: '8' }],
      members: [{ userId: ana.id, roles: [secretariatRoleId] }, { userId: ben.id }],
    },
  ],
};
