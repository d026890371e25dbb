// The old path of the test-database helpers, kept for test files written before they moved to test-support/testServices.ts
// (issue 20: branches in flight still import it); new tests import test-support/testServices.ts. Remove once they have landed.
export { testDatabaseUrl, withSearchPath } from '../../../test-support/testServices.ts';
