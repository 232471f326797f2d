import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

export const KAFKA_VERSION = '3.9.1';
const SLF4J_VERSION = '1.7.36';

// Kafka's own runtime, as Maven resolves it; the reload4j binding gives the broker a log.
const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.sbonus</groupId><artifactId>kafka-runtime</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>${SLF4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

export function kafkaCacheDir(): string {
  return join(repoRoot(), '.cache', `kafka-${KAFKA_VERSION}`);
}

/**
 * Resolves Apache Kafka's jars with Maven into the git-ignored cache, once; later calls reuse them.
 * Returns the folder holding the jars.
 */
export async function ensureKafkaJars(log: (line: string) => void = () => undefined): Promise<string> {
  const cache = kafkaCacheDir();
  const libs = join(cache, 'libs');
  const done = join(cache, '.resolved');
  if (existsSync(done)) return libs;
  mkdirSync(cache, { recursive: true });
  rmSync(libs, { recursive: true, force: true });
  writeFileSync(join(cache, 'pom.xml'), POM);
  log(`resolving Apache Kafka ${KAFKA_VERSION} with Maven into ${libs} (first run only)`);
  const args = ['-B', '-q', 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime'];
  const { code, output } = await run('mvn', args, cache);
  if (code !== 0)
    throw new Error(`Maven could not resolve Kafka ${KAFKA_VERSION} (exit ${code}):\n${output.slice(-4000)}`);
  if (!readdirSync(libs).some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`)))
    throw new Error(`Maven finished but ${libs} has no Kafka jar`);
  writeFileSync(done, new Date().toISOString());
  return libs;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => reject(new Error(`cannot run ${command}: ${e.message} (is Maven installed?)`)));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
