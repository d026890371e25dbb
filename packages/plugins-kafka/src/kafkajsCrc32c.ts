// Replaces kafkajs 2.2.4's CRC32-C of a produced record batch (a byte-at-a-time table loop) with our slice-by-8 one.

import { existsSync } from 'node:fs';
import { crc32c } from './crc32c.ts';
import { kafkajsFile, kafkajsModule, swapKafkajsModule } from './kafkajsModuleSwap.ts';

const CRC32C_MODULE = 'src/protocol/recordBatch/crc32C/index.js';
/** The CRC32-C kafkajs ships, kept for the equality spec (undefined on a release without that file). */
export const kafkajsCrc32c = (existsSync(kafkajsFile(CRC32C_MODULE)) ? kafkajsModule(CRC32C_MODULE) : undefined) as ((buffer: Buffer) => number) | undefined;
/** True when kafkajs's RecordBatch uses this CRC32-C (see swapKafkajsModule); false leaves kafkajs's own. */
export const crc32cInstalled = swapKafkajsModule(CRC32C_MODULE, 'src/protocol/recordBatch/v0/index.js', crc32c);
