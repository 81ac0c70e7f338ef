/**
 * API addresses with a segment that is not percent-encoded UTF-8 or holds a NUL: each answered 500
 * once (issue 18). The middleware test and the end-to-end test both walk this list.
 */
export const undecodableApiPaths = [
  '/api/agents/%00',
  '/api/agents/a%00b',
  '/api/agents/%ff%fe',
  '/api/github/alice/%ff%fe/branches',
  '/api/live-chat/%C0%AE%C0%AE/sample-game/b/messages',
  '/api/github/alice/sample-game/blobs/%ff%fe',
];

/** A workspace page whose branch segment cannot be decoded. */
export const undecodablePagePath = '/github/alice/sample-game/%C0%AE%C0%AE/code';
