import { appDeps } from '../../../../app-deps';
import { messagesHandlers } from './handlers';

export const dynamic = 'force-dynamic';

const handlers = messagesHandlers(appDeps);
export const GET = handlers.GET;
export const POST = handlers.POST;
export const DELETE = handlers.DELETE;
