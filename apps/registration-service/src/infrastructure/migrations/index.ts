import { InitialSchema1732400000000 } from './1732400000000-initial-schema.migration';

export const REGISTRATION_MIGRATIONS = [InitialSchema1732400000000];
