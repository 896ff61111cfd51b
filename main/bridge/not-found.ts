// The bridge's own "no such thing" (a vhost, a connection, a job): answered as NOT_FOUND (404).
export class NotFound extends Error {}
