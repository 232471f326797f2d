import { isTransientFailure } from './transient-failure';

/**
 * Runs `work` until it succeeds, retrying with capped backoff while it fails transiently (a broker
 * electing leaders, a database restarting); any other failure is thrown at once. For start-up steps:
 * a service must not exit because a dependency was a moment late.
 */
export async function retryWhileTransient<T>(
  work: () => Promise<T>,
  onRetry: (error: Error, attempt: number, delayMs: number) => void,
  maxDelayMs = 5000,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransientFailure(error)) throw error;
      const delayMs = Math.min(maxDelayMs, 100 * 2 ** Math.min(attempt, 10));
      onRetry(error as Error, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
