import { appDeps } from '../../app-deps';
import { streamHandlers } from './handlers';

export const dynamic = 'force-dynamic';

export const GET = streamHandlers(appDeps).GET;
