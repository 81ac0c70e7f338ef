import { appDeps } from '../../../../app-deps';
import { revertHandlers } from './handlers';

export const dynamic = 'force-dynamic';

export const POST = revertHandlers(appDeps).POST;
