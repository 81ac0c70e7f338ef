/**
 * Delay before reconnect attempt `attempt` (0-based): doubling from 500 ms up to 15 s, with jitter
 * so a restarted server is not hit by every tab at the same instant.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(15_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
