import { ZodError } from 'zod';

/**
 * The one error type that reaches clients. Route handlers turn it into
 * `{ error: { code, message } }` with its status; anything else becomes a generic 500 whose
 * details stay in the server log.
 */
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  github_unavailable: 502,
  service_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorStatus[code];
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const detail = error.issues
      .slice(0, 5)
      .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    return new AppError('validation_failed', `Invalid input: ${detail}`);
  }
  const github = fromGitHub(error);
  if (github) return github;
  console.error('[webedt] unexpected error:', error);
  return new AppError('internal', 'Something went wrong on our side. Please try again.');
}

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  return Response.json(
    { error: { code: appError.code, message: appError.message } },
    { status: appError.status, headers: appError.headers },
  );
}

/** Octokit's RequestError (name "HttpError") carries GitHub's status; translate it for people. */
function fromGitHub(error: unknown): AppError | null {
  if (!(error instanceof Error) || error.name !== 'HttpError') return null;
  const { status, response } = error as Error & { status?: number; response?: { headers?: Record<string, string> } };
  const headers = response?.headers ?? {};
  if (status === 401) return new AppError('unauthorized', 'GitHub did not accept your credentials. Please sign in again.');
  if ((status === 403 || status === 429) && (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'])) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = reset ? ` after ${new Date(reset * 1000).toISOString()}` : ' in a minute';
    return new AppError('rate_limited', `GitHub's rate limit was reached. Try again${when}.`);
  }
  if (status === 403) return new AppError('forbidden', 'GitHub refused this operation for your account.');
  if (status === 404) return new AppError('not_found', 'GitHub could not find that repository, branch or file.');
  if (status === 409 || status === 422) return new AppError('conflict', `GitHub rejected the change: ${error.message}`);
  if (status === undefined || status >= 500) return new AppError('github_unavailable', 'GitHub is not responding right now. Please try again.');
  return null;
}
