// Types of dist.mjs for main/app/installer-config.test.ts.
export function cannotBuild(platform?: string, binary?: string | null): string | null;
