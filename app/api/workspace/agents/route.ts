import { appDeps } from '../app-deps';
import { branchAgentsHandlers } from './handlers';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

const handlers = branchAgentsHandlers(appDeps);
export const GET = handlers.GET;
export const POST = handlers.POST;

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET', 'POST');
