import { LoggerService, LogLevel } from '@nestjs/common';

const RANK: Record<LogLevel, number> = { verbose: 0, debug: 1, log: 2, warn: 3, error: 4, fatal: 5 };
export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

// A 10-digit member number or a 16-digit card number never reaches a log line whole.
const SENSITIVE_DIGITS = /(?<!\d)(\d{6})(\d{4})(?!\d)|(?<!\d)(\d{12})(\d{4})(?!\d)/g;

export function maskDigits(text: string): string {
  return text.replace(SENSITIVE_DIGITS, (_m, a10?: string, b10?: string, a16?: string, b16?: string) =>
    a10 !== undefined ? `******${b10}` : `${'*'.repeat((a16 ?? '').length)}${b16}`,
  );
}

/** Structured JSON lines on stdout: one object per event, machine-readable by any log shipper. */
export class JsonLogger implements LoggerService {
  private readonly minimum: number;

  constructor(
    private readonly service: string,
    level: LogLevelName = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.minimum = { debug: 1, info: 2, warn: 3, error: 4 }[level];
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('fatal', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (RANK[level] < this.minimum) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields =
      message instanceof Error
        ? { message: message.message, stack: message.stack }
        : typeof message === 'object' && message !== null
          ? message
          : { message: String(message) };
    const extra = rest.length > 0 ? { detail: rest.map((r) => (r instanceof Error ? r.stack : r)) } : {};
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level: level === 'log' ? 'info' : level,
      service: this.service,
      context,
      ...fields,
      ...extra,
    });
    this.write(maskDigits(line));
  }
}
