import { appDeps } from '../../../../app-deps';
import { revertHandlers } from './handlers';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const POST = revertHandlers(appDeps).POST;

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('POST');
