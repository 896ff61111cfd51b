// A leveled logger writing one line per event to stderr (stdout carries only the ready line).
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

export function isLogLevel(s: string): s is LogLevel {
  return s in ORDER;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const at = ORDER[level];
  const make = (l: LogLevel) => (msg: string): void => {
    if (ORDER[l] <= at) write(`${new Date().toISOString()} [${l}] ${msg}`);
  };
  return { error: make('error'), warn: make('warn'), info: make('info'), debug: make('debug') };
}
