/**
 * A mistake of the model's that it can recover from — a bad path, a missing file, a folder in the way,
 * an edit that does not match: the tool loop reports it as an `is_error` tool result.
 */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}
