// Entry point of the `pipeline` CLI: parses the subcommand and dispatches to it.

export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log('usage: pipeline <run|label|prepare|ingest|serve|labelmodel> ...');
    return 0;
  }
  console.error(`pipeline: unknown command '${command}'`);
  return 2;
}
