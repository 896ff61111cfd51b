// The reason codes the server closes an MQTT 5 connection with (MQTT 5 §3.14.2.1); 3.1.1 has none
// and just closes.

/** MQTT 5 reason codes the server closes with (MQTT 5 §3.14.2.1). */
export const Disconnect = {
  normal: 0x00, unspecified: 0x80, malformed: 0x81, protocolError: 0x82, notAuthorized: 0x87,
  shuttingDown: 0x8b, keepAliveTimeout: 0x8d, takenOver: 0x8e, topicNameInvalid: 0x90, topicAliasInvalid: 0x94, packetTooLarge: 0x95, adminAction: 0x98,
} as const;
