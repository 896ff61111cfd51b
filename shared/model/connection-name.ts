// How a connection names itself, wherever the window shows it (canvas, trace, message holder):
// AMQP's connection_name client property, or an MQTT client's id (its client_id property).

export function connectionName(props: Record<string, unknown> | undefined): string | undefined {
  for (const key of ['connection_name', 'client_id']) {
    const v = props?.[key];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}
