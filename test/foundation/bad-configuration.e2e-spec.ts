import { startServiceProcess } from '../support/service-process';

// Each service must refuse to start, naming every bad or missing variable, before touching Kafka or PostgreSQL.
describe.each(['registration-service', 'bonus-pipeline', 'sgroup-registry-stand-in'])(
  '%s with a bad configuration',
  (app) => {
    it('exits 1 naming each bad or missing variable', async () => {
      const service = startServiceProcess(app, {
        HTTP_PORT: 'eighty',
        KAFKA_BROKERS: 'not a broker list',
        DATABASE_URL: 'mysql://nope',
        LOG_LEVEL: 'chatty',
      });
      expect(await service.exited).toBe(1);
      const output = service.output();
      expect(output).toContain('refusing to start');
      expect(output).toMatch(/HTTP_PORT/);
      if (app !== 'sgroup-registry-stand-in') {
        expect(output).toMatch(/KAFKA_BROKERS: .*host:port/);
        expect(output).toMatch(/DATABASE_URL: .*postgres/);
      }
      expect(output).not.toMatch(/Nest application successfully started/);
    });
  },
);
