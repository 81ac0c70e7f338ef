import { z } from 'zod';

/**
 * Configuration, read once from the environment and validated. Every variable is documented in
 * `.env.example`; a bad value stops start-up with a message naming the variable.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: booleanString.default(true),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters (32 bytes)')
    .optional(),
  GITHUB_URL: z.url().default('https://github.com'),
  GITHUB_API_URL: z.url().default('https://api.github.com'),
  GITHUB_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  GITHUB_APP_ID: z.string().regex(/^\d+$/, 'must be a number').optional(),
  GITHUB_APP_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { error: 'must be a PEM private key' }).optional(),
  GITHUB_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  GITHUB_ACCESS_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  ANTHROPIC_MODEL: z.string().min(1).default('claude-sonnet-5-5'),
  ANTHROPIC_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  ANTHROPIC_INPUT_USD_PER_MTOK: z.coerce.number().min(0).default(3),
  ANTHROPIC_OUTPUT_USD_PER_MTOK: z.coerce.number().min(0).default(15),
  WEBEDT_ANTHROPIC_EMULATOR: booleanString.default(false),
  WEBEDT_BENCH_ROUTES: booleanString.default(false),
  ANTHROPIC_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  APP_URL: z.url().optional(),
  TRUST_PROXY: booleanString.default(false),
  PREVIEW_ORIGIN: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// origin' })
    .refine((value) => new URL(value).origin === value.replace(/\/$/, ''), 'must be an origin only (scheme, host and port; no path)')
    .transform((value) => new URL(value).origin)
    .optional(),
  PREVIEW_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  AGENT_WORKER: z.enum(['in-process', 'off']).default('in-process'),
  AGENT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  AGENT_PER_USER_LIMIT: z.coerce.number().int().min(1).max(100).default(3),
  AGENT_STALE_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  LIVE_CHAT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  LIVE_CHAT_TURNS_PER_WINDOW: z.coerce.number().int().min(1).max(10_000).default(20),
  LIVE_CHAT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  SANDBOX: z.enum(['auto', 'off']).default('auto'),
  SANDBOX_DIR: z.string().min(1).optional(),
  SANDBOX_ALLOWED_DOMAINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((domain) => domain.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*\.)?[a-z0-9.-]+(:\d+)?$/i, 'must be a comma-separated list of domains, e.g. registry.npmjs.org,*.pypi.org'))),
  SANDBOX_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(4),
  SANDBOX_UID: z.coerce.number().int().min(1).max(4_294_967_294).default(65534),
  SANDBOX_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(120),
  SANDBOX_CPU_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  SANDBOX_MEMORY_MB: z.coerce.number().int().min(64).max(65_536).default(2048),
  SANDBOX_MAX_PROCESSES: z.coerce.number().int().min(8).max(4096).default(256),
  SANDBOX_OUTPUT_KB: z.coerce.number().int().min(16).max(16_384).default(1024),
  SANDBOX_DISK_MB: z.coerce.number().int().min(16).max(65_536).default(2048),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset", as they do in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = result.data;
  if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) {
    throw new ConfigError('Invalid configuration: S3_BUCKET: required when STORAGE_DRIVER=s3');
  }
  if (!!env.GITHUB_CLIENT_ID !== !!env.GITHUB_CLIENT_SECRET) {
    throw new ConfigError('Invalid configuration: GITHUB_CLIENT_SECRET: GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET go together');
  }
  if (!!env.GITHUB_APP_ID !== !!env.GITHUB_APP_PRIVATE_KEY) {
    throw new ConfigError('Invalid configuration: GITHUB_APP_PRIVATE_KEY: GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY go together');
  }
  if (env.APP_URL && env.PREVIEW_ORIGIN === new URL(env.APP_URL).origin) {
    throw new ConfigError("Invalid configuration: PREVIEW_ORIGIN: must differ from the app's origin (APP_URL), or previewed pages could act as the user");
  }
  return env;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
