/**
 * How the bonus pipeline process is run wherever this repo runs it (npm start, the bench; the
 * image's CMD repeats it): the heap cap the peak-RSS figure was measured with, and a larger initial
 * old space so the batches in flight, which the scavenger promotes, do not set off a full
 * mark-compact every few hundred milliseconds (docs/bonus-pipeline.md §7).
 */
export const PIPELINE_NODE_OPTIONS = '--max-old-space-size=192 --max-semi-space-size=16';
/**
 * The pipeline's environment beyond its configuration. MALLOC_ARENA_MAX: glibc gives threads that
 * allocate (the relay thread, libuv's pool, V8's helpers) malloc arenas of their own, and freed
 * Kafka and pg buffers stay mapped in each; two arenas measured 252–253 MB peak RSS against
 * 275–284 MB without (full-size bench, docs/benchmarks.md).
 */
export const PIPELINE_ENV = { NODE_OPTIONS: PIPELINE_NODE_OPTIONS, MALLOC_ARENA_MAX: '2' };
/** Node refuses this one in NODE_OPTIONS, so it goes on the command line. */
export const PIPELINE_NODE_ARGS = ['--initial-old-space-size=96'];
