import { appDeps } from '../../../../app-deps';
import { executeHandlers } from './handlers';

export const dynamic = 'force-dynamic';

export const POST = executeHandlers(appDeps).POST;
