// The built-in `in-process` bus provider: ingest's default bus, living and dying with the process (core's InProcessBus).

import { z } from 'zod';
import { InProcessBus, type BusProvider } from '@skimmer/core';

/** `ingest.bus: { type: in-process }` (the default when `ingest.bus` is absent). */
export const inProcessBusProvider: BusProvider<{ type: 'in-process' }> = {
  type: 'in-process',
  optionsSchema: z.object({ type: z.literal('in-process') }).strict(),
  create: () => new InProcessBus(),
};
