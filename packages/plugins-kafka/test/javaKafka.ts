// Apache Kafka's own Java tools (from .cache/kafka/lib, fetched by scripts/kafka/pom.xml) for specs that check our
// client against the Java one; undefined with the reason when Java or the jars are missing, so those specs can skip.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../test-support/testServices.ts';

const LIB = path.join(REPO_ROOT, '.cache/kafka/lib');

/** The classpath of Kafka's jars, or why the Java specs cannot run here. */
export function javaKafkaClasspath(): { classpath: string } | { missing: string } {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    return { missing: 'no `java` on PATH (Java 17+ runs Apache Kafka and its console producer)' };
  }
  const jars = existsSync(LIB) ? readdirSync(LIB) : [];
  if (!jars.some((jar) => jar.startsWith('kafka-tools-')) || !jars.some((jar) => jar.startsWith('kafka-clients-'))) {
    return { missing: `no kafka-tools / kafka-clients jars in ${LIB}: run \`mvn -q -f scripts/kafka/pom.xml dependency:copy-dependencies\`` };
  }
  return { classpath: `${LIB}/*` };
}

/**
 * Produces `lines` (`key<TAB>value` each) to `topic` with Apache Kafka's ConsoleProducer (its Java client), batches
 * compressed with `codec`; resolves when the producer has sent everything and exited.
 */
export async function javaConsoleProduce(classpath: string, brokers: readonly string[], topic: string, codec: string, lines: readonly string[]): Promise<void> {
  const child = spawn(
    'java',
    [
      '-Xmx256m',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      classpath,
      'org.apache.kafka.tools.ConsoleProducer',
      '--bootstrap-server',
      brokers.join(','),
      '--topic',
      topic,
      '--compression-codec',
      codec,
      '--reader-property',
      'parse.key=true',
      '--reader-property',
      'key.separator=\t',
      '--producer-property',
      'acks=all',
      '--producer-property',
      'linger.ms=50',
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`ConsoleProducer (${codec}) exited with ${code}: ${stderr.slice(-2000)}`);
}
