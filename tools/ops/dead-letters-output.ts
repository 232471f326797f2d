import type {
  DeadLetterDetailBody,
  DeadLetterItemBody,
} from '../../apps/bonus-pipeline/src/dead-letters/dead-letters.presenter';
import type { RedriveResult } from '../../apps/bonus-pipeline/src/dead-letters/redrive-dead-letters.use-case';

/** How much of a raw value `show` prints; `--out <file>` writes all of it. */
export const SHOWN_VALUE_CHARS = 2000;

/** One line per letter: when, id, code, source position, key, re-drives, message. */
export function listLines(items: DeadLetterItemBody[], next: string | null): string[] {
  if (items.length === 0) return ['no dead letters match'];
  const lines = items.map((l) =>
    [
      l.recordedAt,
      l.id,
      l.code.padEnd(17),
      `${l.sourceTopic}/${l.sourcePartition}@${l.sourceOffset}`,
      `key=${keyText(l)}`,
      l.lastRedrive ? `re-driven ${l.redriveCount}× (last ${l.lastRedrive.outcome} by ${l.lastRedrive.by})` : '-',
      oneLine(l.message, 100),
    ].join('  '),
  );
  if (next) lines.push(`… more: add --before ${next}`);
  return lines;
}

/** A letter in full, the value shown up to SHOWN_VALUE_CHARS. */
export function detailLines(l: DeadLetterDetailBody): string[] {
  return [
    `id           ${l.id}`,
    `source       ${l.sourceTopic} partition ${l.sourcePartition} offset ${l.sourceOffset}`,
    `key          ${keyText(l)}`,
    `recorded at  ${l.recordedAt}`,
    `code         ${l.code}`,
    `message      ${l.message}`,
    `fields       ${l.fields.length > 0 ? l.fields.join(', ') : '-'}`,
    `value        ${l.rawValueBytes ?? '?'} bytes, sha256 ${l.rawValueSha256 ?? '?'}, ${l.rawValueEncoding ?? '-'}`,
    valueText(l),
    `re-drives    ${l.redrives.length === 0 ? 'none' : ''}`,
    ...l.redrives.map(
      (r) => `  ${r.at}  ${r.by}  ${r.outcome}${r.code ? `  ${r.code}: ${oneLine(r.message ?? '', 100)}` : ''}`,
    ),
  ];
}

function valueText(l: DeadLetterDetailBody): string {
  if (l.rawValue === null) {
    return l.rawValueKept ? '(no value)' : '(not kept: registered before dead letters were stored whole)';
  }
  if (l.rawValue.length <= SHOWN_VALUE_CHARS) return l.rawValue;
  const more = l.rawValue.length - SHOWN_VALUE_CHARS;
  return `${l.rawValue.slice(0, SHOWN_VALUE_CHARS)}… (${more} more chars: --out <file> writes the bytes)`;
}
/** One line per re-drive result, then the tally. */
export function redriveLines(results: RedriveResult[]): string[] {
  const lines = results.map((r) =>
    r.outcome === 'DEAD_AGAIN' ? `${r.id}  DEAD_AGAIN  ${r.code}: ${oneLine(r.message, 140)}` : `${r.id}  ${r.outcome}`,
  );
  const count = (o: RedriveResult['outcome']) => results.filter((r) => r.outcome === o).length;
  lines.push(
    `${count('DECIDED')} decided, ${count('ALREADY_PROCESSED')} already processed, ` +
      `${count('DEAD_AGAIN')} dead again, ${count('NOT_FOUND')} not found`,
  );
  return lines;
}

function keyText(l: { sourceKey: string | null; sourceKeyEncoding: string }): string {
  if (l.sourceKey === null) return '(none)';
  return l.sourceKeyEncoding === 'base64' ? `base64:${l.sourceKey}` : oneLine(l.sourceKey, 60);
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
