import { appDeps } from '../../../app-deps';
import { branchAgentsHandlers } from '../../handlers';

export const dynamic = 'force-dynamic';

export const POST = branchAgentsHandlers(appDeps).cancel;
