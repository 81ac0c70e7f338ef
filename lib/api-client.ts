/** Browser side of the API's error contract: `{ error: { code, message } }` → a sentence for the UI. */
export async function apiErrorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The request failed (${response.status}).`;
}
