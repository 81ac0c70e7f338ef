import { appDeps } from '../app-deps';
import { eventsHandlers } from './handlers';

export const dynamic = 'force-dynamic';

const handlers = eventsHandlers(appDeps);
export const GET = handlers.GET;
export const POST = handlers.POST;
