import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RecoveryGate } from './recovery-gate';
import { ReconcileAfterCatchUpUseCase } from './reconcile-after-catch-up.use-case';

/** While a recovery catches up, checks every second whether the consumer group reached the horizon. */
@Injectable()
export class RecoveryLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Recovery');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly gate: RecoveryGate,
    private readonly reconcile: ReconcileAfterCatchUpUseCase,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.gate.catchingUp) return;
    this.timer = setInterval(() => void this.tick(), 1000);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const outcome = await this.reconcile.execute();
      if (outcome.kind !== 'still-catching-up') clearInterval(this.timer);
    } catch (error) {
      // Transient (database or broker away): the next tick tries again; nothing was sent.
      this.logger.warn({ message: 'recovery check failed; retried in a second', error: (error as Error).message });
    } finally {
      this.running = false;
    }
  }
}
