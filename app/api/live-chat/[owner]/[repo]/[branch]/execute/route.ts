import { appDeps } from '../../../../app-deps';
import { executeHandlers } from './handlers';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const POST = executeHandlers(appDeps).POST;

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
