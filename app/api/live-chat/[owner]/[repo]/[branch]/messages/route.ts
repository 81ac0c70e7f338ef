import { appDeps } from '../../../../app-deps';
import { messagesHandlers } from './handlers';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

const handlers = messagesHandlers(appDeps);
export const GET = handlers.GET;
export const POST = handlers.POST;
export const DELETE = handlers.DELETE;

export const { PUT, PATCH, OPTIONS } = otherMethods('GET', 'POST', 'DELETE');
