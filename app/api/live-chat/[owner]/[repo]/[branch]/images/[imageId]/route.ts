import { appDeps } from '../../../../../app-deps';
import { imageHandlers } from './handlers';

export const dynamic = 'force-dynamic';

export const GET = imageHandlers(appDeps).GET;
