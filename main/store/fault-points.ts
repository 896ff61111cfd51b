// Fault points for crash tests: WARREN_FAULT names a point in the store or the durable state files
// and a count, and the process SIGKILLs itself the count-th time it reaches that point. A crash
// test then kills at the same place on every run, instead of at a wall-clock moment that lands
// somewhere else each time. Before dying the process writes "warren fault: <point>:<count>" to
// stderr, so a test can tell a kill at its point from any other death.
//
// Unset (always, outside crash tests) faultPoint is an empty function and tearWrites is false.
import { writeSync } from 'node:fs';

/** Message store points (see the comments where each is reached). */
const STORE_POINTS = [
  'segment-created', // a new segment file exists, its directory entry not fsynced
  'segment-written', // a group commit wrote a segment's new records, not fdatasynced yet
  'segment-synced', // ...and fdatasynced them; the batch's confirms have not gone out
  'acks-written', // a group commit wrote an ack file's new Remove/Delivered records, not synced
  'acks-synced', // ...and fdatasynced them
  'torn-record', // a group commit wrote a segment's new bytes but the last half of its last run
  'after-fsync', // a whole group commit is durable; its whenSynced callbacks (confirms) have not run
  'segment-drop', // an emptied segment is about to be deleted
  'segment-drop-half', // its .seg file is deleted, its .acks file not yet
  'compact-tmp-written', // compaction: the copy is written under its .tmp name, not fsynced
  'before-rename', // compaction: the copy is fsynced under its .tmp name, not renamed
  'after-rename', // compaction: the copy is renamed into place, the original not deleted
  'compact-original-deleted', // compaction: the original segment is deleted, the directory not fsynced
  'queue-delete-renamed', // a deleted queue's directory is renamed to its tombstone, files still there
  'queue-delete-removed', // the tombstone is removed
] as const;

/** The atomically replaced JSON files (definitions-file.ts), each with the same four points. */
const FILES = ['definitions', 'mqtt-retained', 'mqtt-sessions'] as const;
export type DurableFileName = (typeof FILES)[number];
const FILE_STEPS = [
  'backup', // the previous file is copied to .bak; the new one not written
  'tmp-written', // the new file is written under .tmp, not fsynced
  'before-rename', // ...and fsynced, not renamed
  'renamed', // renamed over the old file; the directory not fsynced
] as const;
type FileStep = (typeof FILE_STEPS)[number];

export type FaultPoint = (typeof STORE_POINTS)[number] | `${DurableFileName}-${FileStep}`;

export const FAULT_POINTS: readonly FaultPoint[] = [...STORE_POINTS, ...FILES.flatMap((f) => FILE_STEPS.map((s) => `${f}-${s}` as const))];

export interface FaultSpec { point: FaultPoint; count: number }

/** Parses "point:N"; a malformed value throws, so a typo never makes a crash test kill nowhere. */
export function parseFault(spec: string): FaultSpec {
  const m = /^([a-z-]+):([1-9]\d*)$/.exec(spec);
  const point = m?.[1] as FaultPoint | undefined;
  if (!m || !FAULT_POINTS.includes(point!)) {
    throw new Error(`WARREN_FAULT='${spec}': expected <point>:<count>, point one of ${FAULT_POINTS.join(', ')}`);
  }
  return { point: point!, count: Number(m[2]) };
}

/** The hook for `spec`: counts visits of its point and kills at the count-th. Exported for tests. */
export function faultHook(spec: FaultSpec, die: (line: string) => void): (point: FaultPoint) => void {
  let reached = 0;
  return (point) => {
    if (point === spec.point && ++reached === spec.count) die(`warren fault: ${spec.point}:${spec.count}\n`);
  };
}

function killSelf(line: string): void {
  // Synchronous, so the line is out before the signal: a test reads it to tell where we died.
  try {
    writeSync(2, line);
  } catch { /* stderr closed: the signal still says enough */ }
  process.kill(process.pid, 'SIGKILL');
}

const armed = process.env.WARREN_FAULT ? parseFault(process.env.WARREN_FAULT) : null;

/** Marks a place where a crash test may kill the process (see WARREN_FAULT above). */
export const faultPoint: (point: FaultPoint) => void = armed ? faultHook(armed, killSelf) : () => {};

/** WARREN_FAULT=torn-record:N is armed: the segment writer checks this one constant. */
export const tearWrites = armed?.point === 'torn-record';
