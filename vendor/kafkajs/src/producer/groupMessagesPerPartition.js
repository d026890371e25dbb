// [skimmer fork] Per-partition grouping of produced messages in one pass (upstream copies the partition's array for
// every message: quadratic). Same result.
/**
 * The same result as kafkajs's `groupMessagesPerPartition` (partition → its messages, in order), in one pass.
 *
 * @example
 * groupMessagesPerPartition({ topic: 't', partitionMetadata: [{}], messages: [{}, {}], partitioner: () => 0 }); // { 0: [{}, {}] }
 */
function groupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner }) {
    const result = {};
    if (partitionMetadata.length === 0)
        return result;
    for (const message of messages) {
        const partition = partitioner({ topic, partitionMetadata, message });
        (result[partition] ?? (result[partition] = [])).push(message);
    }
    return result;
}

module.exports = groupMessagesPerPartition
