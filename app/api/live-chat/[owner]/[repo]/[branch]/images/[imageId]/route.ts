import { appDeps } from '../../../../../app-deps';
import { imageHandlers } from './handlers';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const GET = imageHandlers(appDeps).GET;

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
