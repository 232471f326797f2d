/**
 * Whether the service's consumer is moving. A consumer paused on a fault of ours (many messages in
 * a row failing the same way) makes the service unready until it goes on.
 */
export class ConsumerHealth {
  private readonly pausedBy = new Map<string, string>();

  paused(pattern: string, reason: string): void {
    this.pausedBy.set(pattern, reason);
  }

  recovered(pattern: string): void {
    this.pausedBy.delete(pattern);
  }

  /** Throws while any topic's consumer is paused: the shape a readiness check expects. */
  async check(): Promise<void> {
    if (this.pausedBy.size > 0) throw new Error([...this.pausedBy.values()].join('; '));
  }
}
