/** Thrown before Nest starts when the environment is incomplete or wrong; lists every fault. */
export class ConfigValidationError extends Error {
  constructor(
    readonly service: string,
    readonly faults: string[],
  ) {
    super(`${service}: refusing to start, invalid configuration:\n${faults.map((f) => `  - ${f}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}
