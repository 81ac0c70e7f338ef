import { appDeps } from '../app-deps';
import { presenceHandlers } from './handlers';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

const handlers = presenceHandlers(appDeps);
export const GET = handlers.GET;
export const PUT = handlers.PUT;

export const { POST, PATCH, DELETE, OPTIONS } = otherMethods('GET', 'PUT');
