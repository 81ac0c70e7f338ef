/**
 * PostgreSQL's refusals of a value a client sent (SQLSTATE class 22, "data exception"): a NUL
 * character text cannot hold, a number or id out of range. They are the client's mistake, said as
 * a sentence; null for every other error (those stay the server's). Read by shape, not by `pg`'s
 * class, so this module stays free of the driver.
 */
export const NUL_IN_TEXT = 'Text cannot contain NUL (\\u0000) characters.';

const clientValueProblems: Record<string, string> = {
  '22021': NUL_IN_TEXT,
  '22P05': NUL_IN_TEXT,
  '22001': 'A value in the request is too long.',
  '22003': 'A number in the request is out of range.',
  '22P02': 'A value in the request is not in the expected format.',
  '22007': 'A date in the request is not in the expected format.',
  '22008': 'A date in the request is out of range.',
};

export function databaseValueProblem(error: unknown): string | null {
  if (!(error instanceof Error) || !('routine' in error) || !('code' in error) || typeof error.code !== 'string') return null;
  return clientValueProblems[error.code] ?? null;
}
