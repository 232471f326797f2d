import { InitialSchema1732400000000 } from './1732400000000-initial-schema.migration';
import { OutboxParking1732500000000 } from './1732500000000-outbox-parking.migration';

export const REGISTRATION_MIGRATIONS = [InitialSchema1732400000000, OutboxParking1732500000000];
