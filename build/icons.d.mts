// Types of icons.mjs for main/app/installer-config.test.ts.
export const ICON_SIZES: number[];
export function iconPng(size: number): Buffer;
