// Input the core refused as invalid (a bad regular expression, a policy RabbitMQ would not take, a
// definitions file it cannot import): answered as BAD_REQUEST with the core's words.
export class InvalidInput extends Error {}
