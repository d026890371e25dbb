// [skimmer fork] Encodes one produced record (a Record v0 in a RecordBatch) into a single exactly-sized buffer, byte for
// byte what upstream's Encoder chain writes; its measuring and writing helpers are exported for ../../../requests/produce/v3.
/** A finished record in the shape kafkajs's Encoder.writeEncoder / writeEncoderArray accept: `buf` and `buffer`. */
class EncodedRecord {
    constructor(buf) {
        this.buf = buf;
    }
    get buffer() {
        return this.buf;
    }
    size() {
        return this.buf.length;
    }
}
/** Zig-zag of a safe integer (64-bit semantics, so varlongs come out right too). */
const zigZag = (n) => (n >= 0 ? n * 2 : -n * 2 - 1);
function varUIntSize(u) {
    let size = 1;
    while (u >= 128) {
        u = Math.floor(u / 128);
        size++;
    }
    return size;
}
function writeVarUInt(buf, offset, u) {
    while (u >= 128) {
        buf[offset++] = (u % 128) | 128;
        u = Math.floor(u / 128);
    }
    buf[offset++] = u;
    return offset;
}
/** The byte length kafkajs gives a key, value or header value: a string's UTF-8 bytes, a Buffer's length, -1 for null. */
const bytesLength = (b) => (b == null ? -1 : typeof b === 'string' ? Buffer.byteLength(b, 'utf8') : b.length);
/** Size of varint-prefixed bytes of `length` (-1: null, the varint alone). */
const sizeOfBytes = (length) => (length < 0 ? 1 : varUIntSize(length * 2) + length);
/** Writes `b` (of bytesLength `length`) as varint-prefixed bytes at `offset`; returns the offset after it. */
function writeBytes(buf, offset, b, length) {
    if (length < 0)
        return writeVarUInt(buf, offset, 1); // varint -1
    offset = writeVarUInt(buf, offset, length * 2);
    if (typeof b === 'string')
        buf.write(b, offset, length, 'utf8');
    else
        buf.set(b, offset);
    return offset + length;
}
/** A key, value or header value as written: other values as kafkajs writes them, their String(). */
const field = (b) => (b == null ? null : typeof b === 'string' || Buffer.isBuffer(b) ? b : String(b));
/** Size of a record's Headers: varint count, then per header varint-prefixed name and value. */
function sizeOfHeaders(headers) {
    if (headers == null)
        return 1;
    let count = 0;
    let size = 0;
    for (const name of Object.keys(headers)) {
        const entry = headers[name];
        const nameSize = sizeOfBytes(Buffer.byteLength(name, 'utf8'));
        if (!Array.isArray(entry)) {
            count++;
            size += nameSize + sizeOfBytes(bytesLength(field(entry)));
        }
        else {
            for (const v of entry)
                size += nameSize + sizeOfBytes(bytesLength(field(v)));
            count += entry.length;
        }
    }
    return varUIntSize(count * 2) + size;
}
function writeHeader(buf, offset, name, nameLength, value) {
    const b = field(value);
    offset = writeBytes(buf, offset, name, nameLength);
    return writeBytes(buf, offset, b, bytesLength(b));
}
function writeHeaders(buf, offset, headers) {
    if (headers == null)
        return writeVarUInt(buf, offset, 0);
    const names = Object.keys(headers);
    let count = 0;
    for (const name of names) {
        const entry = headers[name];
        count += Array.isArray(entry) ? entry.length : 1;
    }
    offset = writeVarUInt(buf, offset, count * 2);
    for (const name of names) {
        const entry = headers[name];
        const nameLength = Buffer.byteLength(name, 'utf8');
        if (!Array.isArray(entry))
            offset = writeHeader(buf, offset, name, nameLength, entry);
        else
            for (const v of entry)
                offset = writeHeader(buf, offset, name, nameLength, v);
    }
    return offset;
}
/**
 * Size of one record after its Length varint: Attributes, TimestampDelta, OffsetDelta, Key, Value, Headers, given the
 * key's and value's bytesLength. The record takes `recordSize(body)` bytes in all.
 */
const recordBodySize = (record, keyLength, valueLength, offsetDelta, timestampDelta) => 1 + varUIntSize(zigZag(timestampDelta)) + varUIntSize(zigZag(offsetDelta)) + sizeOfBytes(keyLength) + sizeOfBytes(valueLength) + sizeOfHeaders(record.headers);
/** Bytes of a whole record whose body is `bodySize` bytes: its Length varint and the body. */
const recordSize = (bodySize) => varUIntSize(bodySize * 2) + bodySize;
/** Writes one record (recordSize(bodySize) bytes) at `offset`, byte for byte as kafkajs does; returns the offset after it. */
function writeRecord(buf, offset, record, bodySize, keyLength, valueLength, offsetDelta, timestampDelta) {
    offset = writeVarUInt(buf, offset, bodySize * 2);
    buf[offset++] = 0; // attributes
    offset = writeVarUInt(buf, offset, zigZag(timestampDelta));
    offset = writeVarUInt(buf, offset, zigZag(offsetDelta));
    offset = writeBytes(buf, offset, record.key, keyLength);
    offset = writeBytes(buf, offset, record.value, valueLength);
    return writeHeaders(buf, offset, record.headers);
}
/**
 * One record: Length varint, Attributes int8, TimestampDelta varlong, OffsetDelta varint, Key and Value as varint
 * bytes, Headers as a varint count of (varint string key, varint bytes value). Byte for byte what kafkajs writes.
 *
 * @example
 * encodeRecord({ key: '1', value: 'x', headers: { source: 'replay' } }).buffer; // <Buffer 2c 00 00 00 02 31 02 78 02 0c 73 6f 75 72 63 65 0c 72 65 70 6c 61 79>
 */
function encodeRecord({ offsetDelta = 0, timestampDelta = 0, key, value, headers }) {
    const record = { key: field(key), value: field(value), headers };
    const keyLength = bytesLength(record.key);
    const valueLength = bytesLength(record.value);
    const body = recordBodySize(record, keyLength, valueLength, offsetDelta, timestampDelta);
    const buf = Buffer.allocUnsafe(recordSize(body));
    writeRecord(buf, 0, record, body, keyLength, valueLength, offsetDelta, timestampDelta);
    return new EncodedRecord(buf);
}

module.exports = encodeRecord
Object.assign(module.exports, { encodeRecord, bytesLength, recordBodySize, recordSize, writeRecord })
