// Whether this Warren runs MQTT, and the vhost's MQTT exchange: the Retained tab, the publish
// form's MQTT mode and the routing debugger's MQTT topic show only when it does.
import { useEffect, useState } from 'react';
import { useClient, useWarren } from '../../store/context';

export interface MqttInfo { enabled: boolean; exchange: string | null }

export function useMqtt(): MqttInfo {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  // asked again once connected: the toolbar mounts before the WebSocket is open
  const open = useWarren((s) => s.status === 'open');
  const [info, setInfo] = useState<MqttInfo>({ enabled: false, exchange: null });
  useEffect(() => {
    if (!open) return;
    let live = true;
    void client.invoke('getMqtt', { vhost }).then((r) => { if (live) setInfo(r.ok ? r.value : { enabled: false, exchange: null }); });
    return () => { live = false; };
  }, [client, vhost, open]);
  return info;
}
