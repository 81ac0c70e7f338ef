/**
 * Runs WebEDT with embedded defaults, then the Next.js server (`next start`, or `next dev` with --dev),
 * and stops everything cleanly when the server exits or the process is signalled:
 * - DATABASE_URL unset → an embedded PostgreSQL under DATA_DIR/pg (migrated before serving);
 * - GITHUB_CLIENT_ID unset → the GitHub emulator (a local forge with sample users and repositories)
 *   on GITHUB_EMULATOR_PORT (default: a free port), data under DATA_DIR/github;
 * - AUTH_SECRET unset → a random secret kept in DATA_DIR/auth-secret so sessions survive restarts;
 * - always: the preview server (scripts/preview-server.ts, a child process on the app's settings) on
 *   PREVIEW_PORT (default: a free port); pages then preview branches from that separate origin;
 * - WEBEDT_ANTHROPIC_EMULATOR=1 → the Anthropic emulator (scripted answers, for tests and demos) on
 *   ANTHROPIC_EMULATOR_PORT, replacing ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY. Never started otherwise: without
 *   a key, Live Chat says it needs one.
 *
 *   --dev             run `next dev` instead of the production build
 *   --fresh-data      wipe DATA_DIR first (test runs)
 *   --fresh-database  with DATABASE_URL: serve a new, empty database `<name>_e2e` on that server (test runs)
 *   --previous-server-database  with either of those: lay out a database of the previous WebEDT server in it
 *                     (emulators/previous-server) and upgrade it as `npm run db:migrate` does (test runs);
 *                     otherwise such a database is never upgraded on start (back it up, then `npm run db:migrate`)
 *   --join            a second app instance on the first one's services: waits for the instance running
 *                     with the same DATA_DIR and uses its database, GitHub emulator, secret and object
 *                     store (several instances on one database, as in production; e2e tests use two)
 *
 * A running instance describes the services it started or chose in DATA_DIR/instance.json for --join.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { EMULATOR_API_KEY } from '@/emulators/anthropic/control';
import { startAnthropicEmulator } from '@/emulators/anthropic/server';
import { startGitHubEmulator } from '@/emulators/github/server';
import { createDatabase, type DatabaseHandle } from '@/lib/db/client';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '@/lib/db/embedded';
import { layOutPreviousServer } from '@/emulators/previous-server/database';
import { type MigrationReport, migrateDatabase } from '@/lib/db/migrate';
import { ConfigError, type Env, parseEnv } from '@/lib/env';

const args = new Set(process.argv.slice(2));
const cleanups: Array<() => Promise<void>> = [];
let shuttingDown = false;

async function freshDatabase(url: string): Promise<string> {
  const target = new URL(url);
  const name = `${target.pathname.slice(1) || 'webedt'}_e2e`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  target.pathname = `/${name}`;
  return target.toString();
}

async function persistentSecret(config: Env): Promise<string> {
  const file = path.join(config.DATA_DIR, 'auth-secret');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString('base64url');
  await mkdir(config.DATA_DIR, { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

async function githubSettings(config: Env): Promise<Record<string, string>> {
  if (config.GITHUB_CLIENT_ID) return {};
  const emulator = await startGitHubEmulator({
    port: config.GITHUB_EMULATOR_PORT,
    dataDir: path.join(config.DATA_DIR, 'github'),
  });
  cleanups.push(emulator.close);
  console.log(`[webedt] GitHub emulator (local forge) at ${emulator.url}`);
  return {
    GITHUB_URL: emulator.url,
    GITHUB_API_URL: emulator.apiUrl,
    GITHUB_CLIENT_ID: 'webedt-local',
    GITHUB_CLIENT_SECRET: 'webedt-local-secret',
  };
}

async function anthropicSettings(config: Env): Promise<Record<string, string>> {
  if (!config.WEBEDT_ANTHROPIC_EMULATOR) return {};
  const emulator = await startAnthropicEmulator({ port: config.ANTHROPIC_EMULATOR_PORT });
  cleanups.push(emulator.close);
  console.log(`[webedt] Anthropic emulator (scripted answers) at ${emulator.url}`);
  return { ANTHROPIC_BASE_URL: emulator.url, ANTHROPIC_API_KEY: EMULATOR_API_KEY };
}

/**
 * Starts the preview server as a child on the app's settings and waits until it listens. Its port
 * is published with the instance, so a joining instance previews from the same origin.
 */
async function previewSettings(config: Env, serverEnv: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'preview-server.ts')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: serverEnv,
  });
  const stopped = once(child, 'exit');
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await stopped;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === 'listening' && typeof message.port === 'number') resolve(message.port);
    });
    child.once('exit', (code) => reject(new Error(`The preview server stopped while starting (exit code ${code}).`)));
  });
  child.on('exit', (code, signal) => {
    if (!shuttingDown && code !== 0) console.error(`[webedt] the preview server stopped (${signal ?? `exit code ${code}`}); previews are unavailable.`);
  });
  console.log(`[webedt] preview server on port ${port}${config.PREVIEW_ORIGIN ? ` (served to browsers as ${config.PREVIEW_ORIGIN})` : ''}`);
  return { PREVIEW_PORT: String(port) };
}

/** What --join needs from a running instance: settings it derived rather than read from the environment. */
interface InstanceFile {
  pid: number;
  settings: Record<string, string>;
}

const instanceFile = (config: Env) => path.join(config.DATA_DIR, 'instance.json');

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function publishInstance(config: Env, settings: Record<string, string>): Promise<void> {
  const file = instanceFile(config);
  const content: InstanceFile = { pid: process.pid, settings };
  await mkdir(config.DATA_DIR, { recursive: true });
  await writeFile(file, JSON.stringify(content), { mode: 0o600 });
  cleanups.push(() => unlink(file).catch(() => {}));
}

async function joinInstance(config: Env): Promise<Record<string, string>> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const found = await readFile(instanceFile(config), 'utf8').then((text) => JSON.parse(text) as InstanceFile, () => null);
    if (found && isRunning(found.pid)) return found.settings;
    if (Date.now() > deadline) throw new Error(`No running WebEDT instance with DATA_DIR=${config.DATA_DIR} to join.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Fails at once, naming the variable, when PORT is taken (rather than after starting everything else). */
async function ensurePortFree(port: number): Promise<void> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(`Port ${port} is in use: stop what is listening there, or set PORT to a free port.`)
          : error,
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

async function ensureWritableDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`DATA_DIR ${path.resolve(dir)} is not a directory WebEDT can write (${code}): set DATA_DIR to one it can.`);
  }
}

/** Migrates the served database; with --previous-server-database, first lays one out to upgrade (test runs). */
async function upgradeDatabase(db: DatabaseHandle['db'], isNew: boolean): Promise<MigrationReport> {
  if (!args.has('--previous-server-database')) return migrateDatabase(db);
  if (!isNew) {
    throw new ConfigError('--previous-server-database lays out a new database: combine it with --fresh-data (embedded) or --fresh-database (DATABASE_URL).');
  }
  await layOutPreviousServer(db, 'later', { users: 6, sessions: 12, messagesPerSession: 2, eventsPerSession: 2 });
  return migrateDatabase(db, { adoptPreviousServer: true });
}

async function main(): Promise<void> {
  const config = parseEnv(process.env);
  await ensurePortFree(config.PORT);
  if (args.has('--join')) {
    if (args.has('--fresh-data') || args.has('--fresh-database') || args.has('--previous-server-database')) {
      throw new ConfigError('--join serves the running instance\'s data: it cannot be combined with --fresh-data, --fresh-database or --previous-server-database.');
    }
    await ensureWritableDataDir(config.DATA_DIR);
    const settings = await joinInstance(config);
    serve(config, { ...process.env, ...settings, AUTH_SECRET: config.AUTH_SECRET ?? (await persistentSecret(config)) });
    return;
  }
  if (args.has('--fresh-data')) await rm(config.DATA_DIR, { recursive: true, force: true });
  await ensureWritableDataDir(config.DATA_DIR);

  let databaseUrl = config.DATABASE_URL;
  if (databaseUrl && args.has('--fresh-database')) databaseUrl = await freshDatabase(databaseUrl);
  if (!databaseUrl) {
    const embedded: EmbeddedDatabase = await startEmbeddedPostgres(path.join(config.DATA_DIR, 'pg'));
    cleanups.push(embedded.stop);
    databaseUrl = embedded.url;
    console.log(`[webedt] embedded PostgreSQL at ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
  }

  const database = createDatabase(databaseUrl, 1);
  const isNew = config.DATABASE_URL ? args.has('--fresh-database') : args.has('--fresh-data');
  const { applied } = await upgradeDatabase(database.db, isNew).finally(() => database.close());
  if (applied.length) console.log(`[webedt] migrations: ${applied.join(', ')}`);

  // The secret exists before the instance is announced, so a joining instance reads the same one.
  const secret = config.AUTH_SECRET ?? (await persistentSecret(config));
  const github = await githubSettings(config);
  const anthropic = await anthropicSettings(config);
  const preview = await previewSettings(config, { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: secret, ...github });
  await publishInstance(config, {
    ...(databaseUrl !== config.DATABASE_URL ? { DATABASE_URL: databaseUrl } : {}),
    ...github,
    ...anthropic,
    ...preview,
  });
  serve(config, { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: secret, ...github, ...anthropic, ...preview });
}

function serve(config: Env, serverEnv: NodeJS.ProcessEnv): void {
  const nextBin = path.join('node_modules', 'next', 'dist', 'bin', 'next');
  const nextArgs = args.has('--dev') ? ['dev', '-p', String(config.PORT)] : ['start', '-p', String(config.PORT)];
  const server = spawn(process.execPath, [nextBin, ...nextArgs], {
    stdio: 'inherit',
    env: serverEnv,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => server.kill(signal));
  }
  server.on('exit', (code, signal) => void shutdown(code ?? (signal ? 0 : 1)));
}

async function shutdown(code: number): Promise<never> {
  shuttingDown = true;
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((error: unknown) => console.error(`[webedt] cleanup failed: ${oneLine(error)}`));
  }
  process.exit(code);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
}

// A start-up failure is the operator's to fix: one line saying what and how, no stack trace.
main().catch(async (error: unknown) => {
  console.error(`[webedt] could not start: ${oneLine(error)}`);
  await shutdown(1);
});
