import { appDeps } from '../../app-deps';
import { streamHandlers } from './handlers';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

export const GET = streamHandlers(appDeps).GET;

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('GET');
