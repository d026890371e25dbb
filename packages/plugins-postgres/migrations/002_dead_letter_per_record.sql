-- One dead letter per bus record: a batch stored twice (a consumer evicted from its group mid-batch, whose transaction
-- still commits) must not store its bad records twice. Letters without a topic / partition / offset stay unconstrained.
DELETE FROM dead_letters d
USING dead_letters e
WHERE d.topic = e.topic AND d.partition = e.partition AND d."offset" = e."offset" AND d.id > e.id;

CREATE UNIQUE INDEX dead_letters_record ON dead_letters (topic, partition, "offset");
