// [skimmer fork] Decodes one fetched record (a Record v0 in a RecordBatch) into the same object as upstream, computing
// offsets and timestamps in Number arithmetic instead of parsing the batch's first offset and timestamp for every record.
const Long = require('../../../../utils/long')
/** `first + delta` as kafkajs computes it (its Long, over BigInt): for what Number arithmetic would not give exactly. */
const longSum = (first, delta) => Long.fromValue(first).add(delta).toString();
/** kafkajs's TimestampTypes.LOG_APPEND_TIME. */
const LOG_APPEND_TIME = 1;
/** A decimal string's value when it is a safe integer written as String() writes it, else NaN (left to longSum). */
function safeInteger(value) {
    if (typeof value !== 'string')
        return NaN;
    const n = Number(value);
    return Number.isSafeInteger(n) && String(n) === value ? n : NaN;
}
// The last batch's firstOffset and firstTimestamp, parsed once: a batch's records come one after another.
let offsetText;
let offsetValue = NaN;
let timestampText;
let timestampValue = NaN;
/** `first + delta` as a decimal string (first: a batch's firstOffset or firstTimestamp as given). */
function sum(first, firstText, delta) {
    const n = first + delta;
    return Number.isSafeInteger(n) ? String(n) : longSum(firstText, delta);
}
/**
 * A varlong of at most 7 bytes (|value| < 2^48, so exact in a double) as a number, the decoder moved past it;
 * undefined for a longer one, the decoder left where it was (for kafkajs's readVarLong).
 */
function readShortVarLong(decoder) {
    const buffer = decoder.buffer;
    let offset = decoder.offset;
    let unsigned = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
        const byte = buffer[offset++];
        unsigned += (byte & 0x7f) * scale;
        // As kafkajs's loop: a byte past the end (undefined) ends the varint.
        if (!(byte >= 0x80)) {
            decoder.offset = offset;
            return unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2;
        }
        scale *= 128;
    }
    return undefined;
}
/** Sets a header as kafkajs's object spread does: an own property even for `__proto__`. */
function setHeader(headers, key, value) {
    if (key === '__proto__')
        Object.defineProperty(headers, key, { value, writable: true, enumerable: true, configurable: true });
    else
        headers[key] = value;
}
/**
 * One record: Length (read by the batch), Attributes int8, TimestampDelta varlong, OffsetDelta varint, Key and Value as
 * varint bytes, Headers as a varint count of (varint string key, varint bytes value). Returns what kafkajs's decoder
 * returns: offset and timestamp as decimal strings (timestamp: the batch's maxTimestamp for LOG_APPEND_TIME), a
 * repeated header's values in an array (in order), key, value and header values as Buffers sliced from the record
 * or null.
 *
 * @example
 * const bytes = encodeRecord({ offsetDelta: 2, timestampDelta: 5, key: '1', value: 'x', headers: { source: 'replay' } }).buffer.subarray(1); // without its Length
 * decodeRecord(new Decoder(bytes), { firstOffset: '41', firstTimestamp: '1700000000000', magicByte: 2, timestampType: 0 });
 * // { magicByte: 2, attributes: 0, timestamp: '1700000000005', offset: '43', key: <Buffer 31>, value: <Buffer 78>, headers: { source: <Buffer 72 65 70 6c 61 79> }, isControlRecord: false, batchContext: {…} }
 */
function decodeRecord(decoder, batchContext = {}) {
    const { firstOffset, firstTimestamp, magicByte, isControlBatch = false, timestampType, maxTimestamp } = batchContext;
    const attributes = decoder.readInt8();
    let timestamp;
    const timestampDelta = readShortVarLong(decoder);
    if (timestampType === LOG_APPEND_TIME && maxTimestamp) {
        if (timestampDelta === undefined)
            decoder.readVarLong();
        timestamp = maxTimestamp;
    }
    else if (timestampDelta === undefined) {
        timestamp = longSum(firstTimestamp, decoder.readVarLong());
    }
    else {
        if (firstTimestamp !== timestampText) {
            timestampText = firstTimestamp;
            timestampValue = safeInteger(firstTimestamp);
        }
        timestamp = Number.isNaN(timestampValue) ? longSum(firstTimestamp, timestampDelta) : sum(timestampValue, firstTimestamp, timestampDelta);
    }
    const offsetDelta = decoder.readVarInt();
    if (firstOffset !== offsetText) {
        offsetText = firstOffset;
        offsetValue = safeInteger(firstOffset);
    }
    const offset = Number.isNaN(offsetValue) ? longSum(firstOffset, offsetDelta) : sum(offsetValue, firstOffset, offsetDelta);
    const key = decoder.readVarIntBytes();
    const value = decoder.readVarIntBytes();
    const headers = {};
    const count = decoder.readVarInt();
    // kafkajs's readVarIntArray: -1 is no headers, another negative count fails in `new Array(count)`.
    if (count < -1)
        throw new RangeError('Invalid array length');
    for (let i = 0; i < count; i++) {
        const name = decoder.readVarIntString();
        const headerValue = decoder.readVarIntBytes();
        // As kafkajs: a name already there (inherited ones like `toString` too) turns into an array of the values.
        const previous = headers[name];
        if (previous === undefined)
            setHeader(headers, name, headerValue);
        else if (Array.isArray(previous))
            previous.push(headerValue);
        else
            setHeader(headers, name, [previous, headerValue]);
    }
    return { magicByte, attributes, timestamp, offset, key, value, headers, isControlRecord: isControlBatch, batchContext };
}

module.exports = decodeRecord
