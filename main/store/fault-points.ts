// Fault points for crash tests: WARREN_FAULT names a point in the store and a count, and the process
// SIGKILLs itself the count-th time it reaches that point. A crash test then kills at the same
// place on every run, instead of at a wall-clock moment that lands somewhere else each time.
//
//   WARREN_FAULT=after-fsync:N     the N-th group commit is written and fsynced; its whenSynced
//                                  callbacks (publisher confirms) have not run
//   WARREN_FAULT=before-rename:N   compaction: the N-th copy is fsynced under its .tmp name, not renamed
//   WARREN_FAULT=after-rename:N    compaction: the N-th copy is renamed into place, the original not deleted
//
// Unset (always, outside crash tests) faultPoint is an empty function.

const FAULT_POINTS = ['after-fsync', 'before-rename', 'after-rename'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

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

function arm(spec: string | undefined): (point: FaultPoint) => void {
  if (!spec) return () => {};
  const fault = parseFault(spec);
  let reached = 0;
  return (point) => {
    if (point === fault.point && ++reached === fault.count) process.kill(process.pid, 'SIGKILL');
  };
}

/** Marks a place where a crash test may kill the process (see WARREN_FAULT above). */
export const faultPoint: (point: FaultPoint) => void = arm(process.env.WARREN_FAULT);
