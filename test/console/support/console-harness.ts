import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { Client } from 'pg';
import { demoSeedPath } from '../../../apps/sgroup-registry-stand-in/src';
import { freePort } from '../../../tools/infra/free-port';
import { issueApiKey } from '../../../tools/infra/service-process';
import { PipelineHarness } from '../../bonus-pipeline/support/pipeline-harness';
import { ServiceProcess, startServiceProcess } from '../../support/service-process';
import { kafkaBrokers, opsEnv, testOps, topicEnv, uniqueSuffix } from '../../support/test-infra';

/** Debian's chromium (CI installs it with apt; browser downloads do not work here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The whole stack as compiled processes, as `npm start` runs it: the register stand-in, the
 * registration service, the bonus pipeline and the console, on one suite's database and topics, with
 * a real headless Chromium driving the console. `npm run build` first.
 */
export class ConsoleHarness {
  readonly processes: ServiceProcess[] = [];
  browser!: Browser;
  consoleUrl!: string;
  registrationUrl!: string;
  standInUrl!: string;
  pipelineUrl!: string;
  agentKey!: string;
  pg!: Client;
  private consoleEnv: Record<string, string> = {};

  private constructor(readonly pipeline: PipelineHarness) {}

  static async start(consoleEnv: Record<string, string> = {}): Promise<ConsoleHarness> {
    const h = new ConsoleHarness(await PipelineHarness.create());
    try {
      await h.boot(consoleEnv);
    } catch (error) {
      await h.close();
      throw error;
    }
    return h;
  }

  private async boot(consoleEnv: Record<string, string>): Promise<void> {
    const { db, topics, env } = this.pipeline;
    const [standInPort, registrationPort, pipelinePort, consolePort] = await Promise.all(
      [0, 1, 2, 3].map(() => freePort()),
    );
    const standIn = this.spawn('sgroup-registry-stand-in', {
      HTTP_PORT: String(standInPort),
      SGROUP_SEED_FILE: demoSeedPath(),
    });
    const registration = this.spawn('registration-service', {
      ...topicEnv(topics),
      ...opsEnv(),
      KAFKA_BROKERS: kafkaBrokers(),
      DATABASE_URL: db.url,
      HTTP_PORT: String(registrationPort),
      SGROUP_REGISTRY_URL: `http://127.0.0.1:${standInPort}`,
      KAFKA_GROUP_ID: `registration-console-${uniqueSuffix()}`,
      LOG_LEVEL: 'warn',
    });
    const pipeline = this.spawn('bonus-pipeline', { ...env, HTTP_PORT: String(pipelinePort) });
    this.registrationUrl = `http://127.0.0.1:${registrationPort}`;
    this.standInUrl = `http://127.0.0.1:${standInPort}`;
    this.pipelineUrl = `http://127.0.0.1:${pipelinePort}`;
    this.consoleEnv = {
      DATABASE_URL: db.url,
      REGISTRATION_API_URL: this.registrationUrl,
      PIPELINE_URL: this.pipelineUrl,
      CONSOLE_OPS_TOKEN: testOps.viewer.token,
      METRICS_SAMPLE_SECONDS: '1',
      LOG_LEVEL: 'warn',
      ...consoleEnv,
    };
    const consoleApp = this.spawn('console', { ...this.consoleEnv, HTTP_PORT: String(consolePort) });
    this.consoleUrl = `http://127.0.0.1:${consolePort}`;
    await Promise.all([
      standIn.waitUntilReady(standInPort),
      registration.waitUntilReady(registrationPort),
      pipeline.waitUntilReady(pipelinePort),
      consoleApp.waitUntilReady(consolePort),
    ]);
    this.agentKey = issueApiKey(db.url, 'agent-17');
    this.pg = new Client({ connectionString: db.url });
    await this.pg.connect();
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }

  /** Another console instance on the same database; its URL once ready. */
  async startAnotherConsole(): Promise<string> {
    const port = await freePort();
    await this.spawn('console', { ...this.consoleEnv, HTTP_PORT: String(port) }).waitUntilReady(port);
    return `http://127.0.0.1:${port}`;
  }

  private spawn(app: string, env: Record<string, string>): ServiceProcess {
    const p = startServiceProcess(app, env);
    this.processes.push(p);
    return p;
  }

  /** A new browser context (its own cookies), on the console. */
  async newPage(): Promise<Page> {
    const context = await this.browser.newContext({ baseURL: this.consoleUrl, acceptDownloads: true });
    return context.newPage();
  }

  async signInAsAgent(page: Page, agentId = 'agent-17', key = this.agentKey): Promise<void> {
    await page.goto('/sign-in');
    await page.getByLabel('Agent id').fill(agentId);
    await page.getByLabel('API key').fill(key);
    await Promise.all([page.waitForEvent('load'), page.locator('form[action="/sign-in/agent"] button').click()]);
  }

  async signInAsOps(page: Page, token: string = testOps.operator.token): Promise<void> {
    await page.goto('/sign-in');
    await page.getByLabel('Ops token').fill(token);
    await Promise.all([page.waitForEvent('load'), page.locator('form[action="/sign-in/ops"] button').click()]);
  }

  /** With CONSOLE_SCREENSHOTS=<dir> set, saves the page as <dir>/<name>.png (docs/console is made so). */
  async screenshot(page: Page, name: string): Promise<void> {
    const dir = process.env.CONSOLE_SCREENSHOTS;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  }

  /** Anything a service printed, for a failing test's message. */
  output(): string {
    return this.processes.map((p) => p.output()).join('\n');
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await Promise.all(this.processes.map((p) => p.stop('SIGTERM')));
    await this.pg?.end().catch(() => undefined);
    await this.pipeline.close();
  }
}
