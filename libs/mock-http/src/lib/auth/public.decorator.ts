import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'hypersender:isPublic';

/** Opts a route or controller out of bearer auth (the control API, liveness). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
