// [skimmer fork] Produce request v3 (whose encoder v4 to v7 reuse) writing the whole request, each partition's RecordBatch
// and its records, into one exactly-sized buffer. Inputs it turns down go to upstream's request (./upstreamRequest.js).
const Encoder = require('../../../encoder')
const Long = require('../../../../utils/long')
const { lookupCodec } = require('../../../message/compression')
const crc32c = require('../../../recordBatch/crc32C')
const { bytesLength, recordBodySize, recordSize, writeRecord } = require('../../../recordBatch/record/v0')
const upstreamRequest = require('./upstreamRequest')
const PRODUCE_API_KEY = 0;
const COMPRESSION_NONE = 0;
const COMPRESSION_CODEC_MASK = 0x07;
const TRANSACTIONAL_MASK = 0x10;
const MAGIC_BYTE = 2;
/**
 * Bytes of a RecordBatch besides its records: FirstOffset 8, Length 4, PartitionLeaderEpoch 4, Magic 1, CRC 4, then
 * what the CRC covers: Attributes 2, LastOffsetDelta 4, FirstTimestamp 8, MaxTimestamp 8, ProducerId 8,
 * ProducerEpoch 2, FirstSequence 4, record count 4.
 */
const BATCH_OVERHEAD = 61;
/** Bytes of a RecordBatch that its Length does not count: FirstOffset and Length. */
const BATCH_PREFIX = 12;
/** The largest |TimestampDelta| written here (its zig-zag stays an exact double); upstream's request writes the rest. */
const MAX_DELTA = 2 ** 51;
/**
 * Whether timestamp `a` comes before `b` in Array.prototype.sort's default order (by String()), which is how kafkajs
 * orders them. Numbers in [1e12, 1e13) (millisecond times from 2001 to 2286) print as 13 digits, so compare as numbers.
 */
function sortsBefore(a, b) {
    if (typeof a === 'number' && typeof b === 'number' && a >= 1e12 && a < 1e13 && b >= 1e12 && b < 1e13)
        return a < b;
    return String(a) < String(b);
}
const isBytes = (b) => b == null || typeof b === 'string' || Buffer.isBuffer(b);
const isHeaderValue = (v) => typeof v === 'string' || Buffer.isBuffer(v);
/** Whether kafkajs would write these headers without throwing: undefined, or an object of strings, Buffers and arrays of them. */
function writableHeaders(headers) {
    if (headers === undefined)
        return true;
    if (typeof headers !== 'object' || headers === null)
        return false;
    for (const value of Object.values(headers))
        if (Array.isArray(value) ? !value.every(isHeaderValue) : !isHeaderValue(value))
            return false;
    return true;
}
/**
 * Measures one partition's records, with kafkajs's timestamps: FirstTimestamp and MaxTimestamp the first and last of
 * the messages' timestamps sorted as kafkajs sorts them (`now` when none has one), each record's delta
 * `(timestamp || now) - FirstTimestamp`. Undefined for what kafkajs's own code should encode (or reject): keys,
 * values or headers not strings, Buffers or null, timestamps not numbers or strings, deltas not integers within MAX_DELTA.
 */
function measureBatch(partition, firstSequence, messages, now) {
    const count = messages.length;
    let firstTimestamp = now;
    let maxTimestamp = now;
    let timed = false;
    for (let i = 0; i < count; i++) {
        const t = messages[i].timestamp;
        if (t == null)
            continue;
        if (typeof t !== 'number' && typeof t !== 'string')
            return undefined;
        if (!timed) {
            firstTimestamp = maxTimestamp = t;
            timed = true;
        }
        else {
            if (sortsBefore(t, firstTimestamp))
                firstTimestamp = t; // the sort is stable: the first of equals stays first
            if (!sortsBefore(t, maxTimestamp))
                maxTimestamp = t; // and the last of equals comes last
        }
    }
    const deltas = timed ? new Float64Array(count) : null;
    const sizes = new Int32Array(3 * count);
    let recordsSize = 0;
    for (let i = 0; i < count; i++) {
        const message = messages[i];
        if (!isBytes(message.key) || !isBytes(message.value) || !writableHeaders(message.headers))
            return undefined;
        let delta = 0;
        if (deltas !== null) {
            delta = Number(message.timestamp || now) - Number(firstTimestamp);
            if (!Number.isInteger(delta) || Math.abs(delta) > MAX_DELTA)
                return undefined;
            deltas[i] = delta;
        }
        const keyLength = bytesLength(message.key);
        const valueLength = bytesLength(message.value);
        const body = recordBodySize(message, keyLength, valueLength, i, delta);
        sizes[3 * i] = body;
        sizes[3 * i + 1] = keyLength;
        sizes[3 * i + 2] = valueLength;
        recordsSize += recordSize(body);
    }
    return { partition, firstSequence, firstTimestamp, maxTimestamp, messages, deltas, sizes, recordsSize, compressed: null };
}
function writeRecords(buf, offset, { messages, sizes, deltas }) {
    for (let i = 0; i < messages.length; i++) {
        offset = writeRecord(buf, offset, messages[i], sizes[3 * i], sizes[3 * i + 1], sizes[3 * i + 2], i, deltas === null ? 0 : deltas[i]);
    }
    return offset;
}
/** An int64 as kafkajs's Encoder.writeInt64 writes it (through its Long, so numbers, numeric strings and bigints alike). */
function writeInt64(buf, offset, value) {
    const long = Long.fromValue(value);
    offset = buf.writeInt32BE(long.getHighBits(), offset);
    return buf.writeInt32BE(long.getLowBits(), offset);
}
const sizeOfString = (s) => (s == null ? 2 : 2 + Buffer.byteLength(s, 'utf8'));
/** A nullable int16-length string, as kafkajs's Encoder.writeString writes it. */
function writeString(buf, offset, s) {
    if (s == null)
        return buf.writeInt16BE(-1, offset);
    const length = Buffer.byteLength(s, 'utf8');
    offset = buf.writeInt16BE(length, offset);
    buf.write(s, offset, length, 'utf8');
    return offset + length;
}
/** A partition's entry in the request: partition int32, record set size int32, the RecordBatch with its CRC-32C. */
function writeBatch(buf, offset, batch, attributes, producerId, producerEpoch) {
    const count = batch.messages.length;
    const recordsBytes = batch.compressed === null ? batch.recordsSize : batch.compressed.length;
    offset = buf.writeInt32BE(batch.partition, offset);
    offset = buf.writeInt32BE(BATCH_OVERHEAD + recordsBytes, offset);
    offset = buf.writeInt32BE(0, buf.writeInt32BE(0, offset)); // FirstOffset 0
    offset = buf.writeInt32BE(BATCH_OVERHEAD - BATCH_PREFIX + recordsBytes, offset); // Length
    offset = buf.writeInt32BE(0, offset); // PartitionLeaderEpoch
    offset = buf.writeInt8(MAGIC_BYTE, offset);
    const crcAt = offset;
    const crcFrom = crcAt + 4;
    offset = buf.writeInt16BE(attributes, crcFrom);
    offset = buf.writeInt32BE(count - 1, offset); // LastOffsetDelta
    offset = writeInt64(buf, offset, batch.firstTimestamp);
    offset = writeInt64(buf, offset, batch.maxTimestamp);
    offset = writeInt64(buf, offset, producerId);
    offset = buf.writeInt16BE(producerEpoch, offset);
    offset = buf.writeInt32BE(batch.firstSequence, offset);
    offset = buf.writeInt32BE(count, offset);
    if (batch.compressed === null)
        offset = writeRecords(buf, offset, batch);
    else {
        buf.set(batch.compressed, offset);
        offset += batch.compressed.length;
    }
    buf.writeUInt32BE(crc32c(buf.subarray(crcFrom, offset)), crcAt);
    return offset;
}
/** A kafkajs Encoder holding exactly `buf` (what a request's `encode` and a compression codec deal in). */
function encoderOf(buf) {
    const encoder = new Encoder(0);
    encoder.buf = buf;
    encoder.offset = buf.length;
    return encoder;
}
/**
 * The produce request's body, byte for byte what kafkajs 2.2.4's v3 request encodes: transactional id, acks, timeout,
 * then per topic its partitions' RecordBatches. Measures every record first, then writes all into one buffer. A
 * compressed request writes each partition's records into one buffer for kafkajs's codec (looked up as kafkajs does,
 * so GZIP and any codec registered with kafkajs), then copies the codec's output in. Inputs measureBatch turns down go
 * to upstream's v3 request.
 */
async function encodeProduceRequest(args) {
    const { acks, timeout, transactionalId = null, producerId = -1, producerEpoch = 0, compression = COMPRESSION_NONE, topicData } = args;
    const topics = [];
    let size = sizeOfString(transactionalId) + 2 + 4 + 4;
    for (const { topic, partitions } of topicData) {
        const batches = [];
        size += sizeOfString(topic) + 4;
        for (const { partition, firstSequence = 0, messages } of partitions) {
            const batch = measureBatch(partition, firstSequence, messages, Date.now());
            if (batch === undefined)
                return upstreamRequest(args).encode();
            if (compression !== COMPRESSION_NONE) {
                const records = Buffer.allocUnsafe(batch.recordsSize);
                writeRecords(records, 0, batch);
                batch.compressed = await lookupCodec(compression).compress(encoderOf(records));
            }
            size += 8 + BATCH_OVERHEAD + (batch.compressed === null ? batch.recordsSize : batch.compressed.length);
            batches.push(batch);
        }
        topics.push({ topic, batches });
    }
    const attributes = (compression & COMPRESSION_CODEC_MASK) | (transactionalId ? TRANSACTIONAL_MASK : 0);
    const buf = Buffer.allocUnsafe(size);
    let offset = writeString(buf, 0, transactionalId);
    offset = buf.writeInt16BE(acks, offset);
    offset = buf.writeInt32BE(timeout, offset);
    offset = buf.writeInt32BE(topics.length, offset);
    for (const { topic, batches } of topics) {
        offset = writeString(buf, offset, topic);
        offset = buf.writeInt32BE(batches.length, offset);
        for (const batch of batches)
            offset = writeBatch(buf, offset, batch, attributes, producerId, producerEpoch);
    }
    if (offset !== size)
        throw new Error(`produce request measured ${size} bytes but wrote ${offset}`);
    return encoderOf(buf);
}
/**
 * kafkajs's produce request v3 (v4 to v7 are it with another apiVersion), encoding as encodeProduceRequest does.
 *
 * @example
 * const { buffer } = await produceRequest({ acks: -1, timeout: 30_000, topicData: [{ topic: 'posts', partitions: [{ partition: 0, messages: [{ key: '1', value: 'x' }] }] }] }).encode();
 * buffer.length; // 101
 */
function produceRequest(args) {
    return { apiKey: PRODUCE_API_KEY, apiVersion: 3, apiName: 'Produce', expectResponse: () => args.acks !== 0, encode: () => encodeProduceRequest(args) };
}

module.exports = produceRequest
