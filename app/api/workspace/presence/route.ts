import { appDeps } from '../app-deps';
import { presenceHandlers } from './handlers';

export const dynamic = 'force-dynamic';

const handlers = presenceHandlers(appDeps);
export const GET = handlers.GET;
export const PUT = handlers.PUT;
