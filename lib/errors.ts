import { ZodError } from 'zod';
import { databaseValueProblem } from '@/lib/db/errors';
import { gitHubFailure } from '@/lib/github/errors';

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
  method_not_allowed: 405,
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
  const github = gitHubFailure(error);
  if (github) return new AppError(github.code, github.message);
  const badValue = databaseValueProblem(error);
  if (badValue) return new AppError('bad_request', badValue);
  console.error('[webedt] unexpected error:', error);
  return new AppError('internal', 'Something went wrong on our side. Please try again.');
}

/**
 * A failure as the sentence a log people read shows (the agent's): GitHub's errors translated like
 * `toAppError`, other errors with their own message.
 */
export function errorSentence(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return gitHubFailure(error)?.message ?? (error instanceof Error ? error.message : String(error));
}

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  return Response.json(
    { error: { code: appError.code, message: appError.message } },
    { status: appError.status, headers: appError.headers },
  );
}
