import { appDeps } from '../app-deps';
import { eventsHandlers } from './handlers';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

const handlers = eventsHandlers(appDeps);
export const GET = handlers.GET;
export const POST = handlers.POST;

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET', 'POST');
