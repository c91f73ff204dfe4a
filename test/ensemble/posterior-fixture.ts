/** The posterior test sample (see fixtures/make-posterior-fixture.ts): 128 draws around the calibrated values, not a posterior. */
import { join } from 'node:path';

export const POSTERIOR_FIXTURE = join(import.meta.dirname, 'fixtures', 'posterior');
