// Samples the process's memory and the data directory's free disk space and raises the core's
// alarms (RabbitMQ's vm_memory_high_watermark and disk_free_limit).
import { statfs } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import type { Alarms } from '../broker/alarms';
import type { Logger } from './log';

export interface ResourceLimits {
  /** bytes of resident memory above which publishers are blocked */
  maxMemory: number;
  /** bytes of free disk below which publishers are blocked (needs a data directory) */
  minFreeDisk: number;
  dataDir: string | null;
}

/** RabbitMQ's default high watermark is 40 % of the machine's memory. */
export const defaultMaxMemory = (): number => Math.floor(totalmem() * 0.4);
/** RabbitMQ's default disk_free_limit is 50 MB. */
export const DEFAULT_MIN_FREE_DISK = 50 * 1000 * 1000;

const MEMORY_CHECK_MS = 50;

export class ResourceMonitor {
  private memTimer: NodeJS.Timeout | null = null;
  private diskTimer: NodeJS.Timeout | null = null;
  private readonly heapLimit = getHeapStatistics().heap_size_limit;
  private diskFree: number | null = null;

  constructor(private readonly alarms: Alarms, private readonly limits: ResourceLimits, private readonly log: Logger) {}

  start(): void {
    // Often: a publisher streaming large bodies is read at over a gigabyte a second, and what
    // arrives between two checks overshoots the limit. Reading the RSS costs microseconds.
    this.memTimer = setInterval(() => this.checkMemory(), MEMORY_CHECK_MS);
    this.memTimer.unref();
    if (this.limits.dataDir) {
      this.diskTimer = setInterval(() => void this.checkDisk(), 1000);
      this.diskTimer.unref();
      void this.checkDisk();
    }
  }

  stop(): void {
    if (this.memTimer) clearInterval(this.memTimer);
    if (this.diskTimer) clearInterval(this.diskTimer);
  }

  /** Memory now, free disk as last sampled, and the limits: for the management API's /api/nodes. */
  readings(): { memUsed: number; memLimit: number; diskFree: number | null; diskFreeLimit: number } {
    return { memUsed: process.memoryUsage.rss(), memLimit: this.limits.maxMemory, diskFree: this.diskFree, diskFreeLimit: this.limits.minFreeDisk };
  }

  checkMemory(): void {
    const rss = process.memoryUsage.rss();
    const heap = getHeapStatistics().used_heap_size;
    // The JS heap has its own ceiling: blocking at 85 % of it keeps the process from dying of it.
    const over = rss > this.limits.maxMemory || heap > this.heapLimit * 0.85;
    if (over !== this.alarms.isSet('memory')) {
      const reason = `memory ${mib(rss)} MiB resident (limit ${mib(this.limits.maxMemory)} MiB), heap ${mib(heap)} MiB`;
      this.log.warn(over ? `memory alarm set: ${reason}; blocking publishers` : `memory alarm cleared: ${reason}`);
      this.alarms.set('memory', over, 'low on memory');
    }
  }

  async checkDisk(): Promise<void> {
    try {
      const s = await statfs(this.limits.dataDir!);
      const free = s.bavail * s.bsize;
      this.diskFree = free;
      const low = free < this.limits.minFreeDisk;
      if (low !== this.alarms.isSet('disk')) {
        this.log.warn(low ? `disk alarm set: ${mib(free)} MiB free < ${mib(this.limits.minFreeDisk)} MiB; blocking publishers` : `disk alarm cleared: ${mib(free)} MiB free`);
        this.alarms.set('disk', low, 'low on disk');
      }
    } catch (err) {
      this.log.warn(`disk check failed: ${(err as Error).message}`);
    }
  }
}

const mib = (n: number): number => Math.round(n / 1048576);
