import { appDeps } from '../app-deps';
import { branchAgentsHandlers } from './handlers';

export const dynamic = 'force-dynamic';

const handlers = branchAgentsHandlers(appDeps);
export const GET = handlers.GET;
export const POST = handlers.POST;
