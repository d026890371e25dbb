// Installs every kafkajs 2.2.4 fast path, in the order they must load: import this before anything imports kafkajs.
// Each swap takes effect only before the kafkajs module that takes it in has loaded (see kafkajsModuleSwap.ts), and the
// produce request swap itself loads kafkajs's modules that the record encoder and CRC-32C swaps replace.

import './kafkajsLinearGrouping.ts';
import './kafkajsRecordEncoder.ts';
import './kafkajsCrc32c.ts';
import './kafkajsRecordDecoder.ts';
import './kafkajsProduceRequest.ts';
