// The consumer group whose positions ingest keeps: on the in-process bus it is keyed by what the source reads (its provider's identity).

/**
 * The consumer group whose positions the store keeps: on the in-process bus, `<group>@<source identity>` (the store keeps
 * the source cursor per group, so the same replay files resume and other files start at their beginning); on Kafka the
 * topic is the shared log and the group stays as configured.
 *
 * @example
 * await consumerGroupFor('in-process', 'skimmer-ingest', async () => 'replay-3f9c0a1b2c3d'); // 'skimmer-ingest@replay-3f9c0a1b2c3d'
 */
export async function consumerGroupFor(busType: string, group: string, identity: () => Promise<string>): Promise<string> {
  if (busType !== 'in-process') return group;
  return `${group}@${await identity()}`;
}
