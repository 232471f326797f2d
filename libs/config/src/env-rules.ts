import { Transform } from 'class-transformer';

/** Comma-separated list → string[] (e.g. KAFKA_BROKERS=127.0.0.1:9092,127.0.0.1:9093). */
export const CommaList = () =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  );
