import { appDeps } from '../../../app-deps';
import { branchAgentsHandlers } from '../../handlers';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const POST = branchAgentsHandlers(appDeps).cancel;

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
