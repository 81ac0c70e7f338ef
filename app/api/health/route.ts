import { sql } from 'kysely';
import { db } from '@/lib/db';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for load balancers and the test harness. */
export async function GET(): Promise<Response> {
  try {
    await sql`SELECT 1`.execute(db());
    return Response.json({ ok: true });
  } catch {
    return Response.json({ error: { code: 'database_unavailable', message: 'The database is not reachable.' } }, { status: 503 });
  }
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
