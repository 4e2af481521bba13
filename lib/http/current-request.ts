/** The current request's metadata inside server components, actions and route handlers. */
import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { requestMetaFrom, type TRequestMeta } from './request-meta';

export const currentRequestMeta = cache(async (): Promise<TRequestMeta> => requestMetaFrom(await headers()));
