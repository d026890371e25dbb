// Setup file of the unit projects: their tests see no service address, and the service helpers refuse (testServices.ts),
// so a test that needs a service fails under its unit project instead of quietly reaching one.

import { UNIT_TEST_VARIABLE } from './testKinds.ts';

delete process.env.TEST_DATABASE_URL;
delete process.env.TEST_KAFKA_BROKERS;
delete process.env.DATABASE_URL;
process.env[UNIT_TEST_VARIABLE] = '1';
