// Types of electron-binary.js for the TypeScript tests.
export function electronBinary(): string | null;
