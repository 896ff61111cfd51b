// /proc readers: CPU time and RSS of the broker, the broker's pid from its listening port, machine-wide
// CPU use (to tell whether something else is competing for the cores), and RLIMIT_NOFILE.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** USER_HZ: /proc tick unit. 100 on every mainstream Linux configuration. */
export const CLK_TCK = 100;

function read(path: string): string | null {
  try { return readFileSync(path, 'utf8'); } catch { return null; }
}

/** utime+stime of a process (all threads) in seconds, or null when it is gone. */
export function procCpuSeconds(pid: number): number | null {
  const s = read(`/proc/${pid}/stat`);
  if (s === null) return null;
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  // fields after "(comm)": state=0 ppid=1 ... utime=11 stime=12
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

function procPpid(pid: number): number | null {
  const s = read(`/proc/${pid}/stat`);
  if (s === null) return null;
  return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
}

function allPids(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

/** pid and all its descendants (a broker may run helper processes, e.g. Erlang's erl_child_setup). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of allPids()) {
    const pp = procPpid(p);
    if (pp === null) continue;
    let l = children.get(pp);
    if (!l) children.set(pp, (l = []));
    l.push(p);
  }
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    for (const c of children.get(p) ?? []) stack.push(c);
  }
  return out;
}

export function treeCpuSeconds(pids: number[]): number {
  let t = 0;
  for (const p of pids) t += procCpuSeconds(p) ?? 0;
  return t;
}

/** VmRSS in bytes, or null. */
export function rssBytes(pid: number): number | null {
  const s = read(`/proc/${pid}/status`);
  const m = s?.match(/^VmRSS:\s+(\d+)\s+kB/m);
  return m ? Number(m[1]) * 1024 : null;
}

export function processName(pid: number): string {
  return (read(`/proc/${pid}/comm`) ?? '?').trim();
}

/** The pid owning the socket that listens on `port` (IPv4 or IPv6), via /proc/net/tcp* and /proc/<pid>/fd. */
export function findPidByPort(port: number): number | null {
  const inodes = new Set<string>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const s = read(f);
    if (!s) continue;
    for (const line of s.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const local = cols[1];
      const st = cols[3];
      if (st !== '0A') continue; // LISTEN
      if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of allPids()) {
    let fds: string[];
    try { fds = readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    for (const fd of fds) {
      let l: string;
      try { l = readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }
      if (l.startsWith('socket:[') && inodes.has(l.slice(8, -1))) return pid;
    }
  }
  return null;
}

/** Machine-wide busy CPU time of processes (all cores; not idle, iowait or interrupts) in seconds. */
export function machineBusySeconds(): number {
  const s = read('/proc/stat') ?? '';
  const line = s.split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice (guest is already counted in user).
  // irq/softirq are left out: loopback TCP between the generator and the broker is partly processed in
  // softirq context, which no process is charged for, and would otherwise look like "someone else".
  const [user, nice, system, , , , , steal] = line;
  return (user + nice + system + (steal ?? 0)) / CLK_TCK;
}

export function coreCount(): number {
  const s = read('/proc/stat') ?? '';
  return s.split('\n').filter((l) => /^cpu\d+ /.test(l)).length || 1;
}

/**
 * CPU used, in cores, by everything except `excludePids` during `ms` milliseconds.
 * This is what "someone else is using the machine" means for the busy check.
 */
export async function otherCpuCores(excludePids: number[], ms = 1000): Promise<number> {
  const t0 = performance.now();
  const m0 = machineBusySeconds();
  const e0 = treeCpuSeconds(excludePids);
  await new Promise((r) => setTimeout(r, ms));
  const m1 = machineBusySeconds();
  const e1 = treeCpuSeconds(excludePids);
  const wall = (performance.now() - t0) / 1000;
  return Math.max(0, ((m1 - m0) - (e1 - e0)) / wall);
}

/** Soft and hard RLIMIT_NOFILE of this process (or of `pid`). */
export function nofileLimit(pid: number | 'self' = 'self'): { soft: number; hard: number } {
  const s = read(`/proc/${pid}/limits`) ?? '';
  const m = s.match(/^Max open files\s+(\S+)\s+(\S+)/m);
  const n = (v: string | undefined) => (v === undefined ? 0 : v === 'unlimited' ? Infinity : Number(v));
  return { soft: n(m?.[1]), hard: n(m?.[2]) };
}

/** Open descriptors of a process, or null when /proc does not tell. */
export function openFds(pid: number): number | null {
  try { return readdirSync(`/proc/${pid}/fd`).length; } catch { return null; }
}

/** Snapshot of everything a throughput run divides by wall time. */
export interface CpuSnap { wall: number; self: number; broker: number; machine: number }

export function cpuSnap(brokerPids: number[]): CpuSnap {
  const u = process.cpuUsage();
  return {
    wall: performance.now() / 1000,
    self: (u.user + u.system) / 1e6,
    broker: treeCpuSeconds(brokerPids),
    machine: machineBusySeconds(),
  };
}

/** Cores used by the generator, the broker, and everything else between two snapshots. */
export function cpuDelta(a: CpuSnap, b: CpuSnap): { wall: number; gen: number; broker: number; other: number } {
  const wall = b.wall - a.wall;
  const gen = (b.self - a.self) / wall;
  const broker = (b.broker - a.broker) / wall;
  const other = Math.max(0, (b.machine - a.machine) / wall - gen - broker);
  return { wall, gen, broker, other };
}
