import { afterAll, expect, it } from 'vitest';
import { BranchWorkspace } from '@/lib/llm/workspace';
import { SandboxSession } from '@/lib/sandbox';

/**
 * Domains an operator allows (SANDBOX_ALLOWED_DOMAINS) are reached through the sandbox's proxy, narrowed by the
 * repository's own list; anything else is refused by the proxy. Names under `.invalid` never resolve, so an
 * allowed one gets as far as the proxy's lookup (502) and a refused one is stopped before it (403).
 */
process.env.SANDBOX_ALLOWED_DOMAINS = 'allowed.invalid,second.invalid';

/** A CONNECT through the sandbox's HTTP proxy, as any client honouring HTTPS_PROXY makes it; prints the proxy's answer. */
const connect = (host: string) =>
  `node -e 'const u = new URL(process.env.HTTPS_PROXY); ` +
  'const auth = Buffer.from(decodeURIComponent(u.username) + ":" + decodeURIComponent(u.password)).toString("base64"); ' +
  `require("http").request({ host: u.hostname, port: u.port, method: "CONNECT", path: "${host}:443", headers: { "proxy-authorization": "Basic " + auth } })` +
  '.on("connect", (response, socket) => { console.log(response.statusCode); socket.destroy(); })' +
  `.on("error", (error) => console.log(error.code)).end()'`;

const sessions: SandboxSession[] = [];
function session(allowedDomains?: string[]): SandboxSession {
  const sandbox = new SandboxSession(new BranchWorkspace({ owner: 'a', repo: 'b', branch: 'main', sha: 'a'.repeat(40) }, new Map()), { allowedDomains });
  sessions.push(sandbox);
  return sandbox;
}
afterAll(async () => {
  await Promise.all(sessions.map((sandbox) => sandbox.close()));
});

const answers = async (sandbox: SandboxSession) =>
  Object.fromEntries(await Promise.all(['allowed.invalid', 'second.invalid', 'elsewhere.invalid'].map(async (host) => [host, (await sandbox.run(connect(host))).output.trim()])));

it("reaches the operator's domains and nothing else", async () => {
  expect(await answers(session())).toEqual({ 'allowed.invalid': '502', 'second.invalid': '502', 'elsewhere.invalid': '403' });
});

it("narrows them to the repository's list, which cannot add to them", async () => {
  expect(await answers(session(['second.invalid', 'elsewhere.invalid']))).toEqual({ 'allowed.invalid': '403', 'second.invalid': '502', 'elsewhere.invalid': '403' });
});
