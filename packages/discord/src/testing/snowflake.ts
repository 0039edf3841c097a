/** Discord's epoch (the first second of 2015), from which snowflakes count milliseconds. */
export const DISCORD_EPOCH = 1_420_070_400_000;

/** A generator of real-shaped snowflakes: creation time in the top bits, so `createdAt` works. */
export function snowflakes(clock: () => number): () => string {
  let increment = 0;
  return () => {
    increment = (increment + 1) % 4096;
    const ms = BigInt(Math.max(0, Math.floor(clock()) - DISCORD_EPOCH));
    return ((ms << 22n) | (1n << 17n) | BigInt(increment)).toString();
  };
}

/** The creation time, in Unix milliseconds, encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}

/** The shard a guild's events go to, as Discord computes it. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
