/**
 * How the bonus pipeline process is run wherever this repo runs it (npm start, the bench; the
 * image's CMD repeats it): the heap cap the peak-RSS figure was measured with, and a larger initial
 * old space so the batches in flight, which the scavenger promotes, do not set off a full
 * mark-compact every few hundred milliseconds (docs/bonus-pipeline.md §7).
 */
export const PIPELINE_NODE_OPTIONS = '--max-old-space-size=192 --max-semi-space-size=16';
/** The pipeline's environment beyond its configuration. */
export const PIPELINE_ENV = { NODE_OPTIONS: PIPELINE_NODE_OPTIONS };
/** Node refuses this one in NODE_OPTIONS, so it goes on the command line. */
export const PIPELINE_NODE_ARGS = ['--initial-old-space-size=96'];
