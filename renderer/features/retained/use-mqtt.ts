// Whether this Warren runs MQTT, and the vhost's MQTT exchange: the Retained tab, the publish
// form's MQTT mode and the routing debugger's MQTT topic show only when it does.
import { useEffect, useState } from 'react';
import { useClient, useWarren } from '../../store/context';

export interface MqttInfo { enabled: boolean; exchange: string | null }

export function useMqtt(): MqttInfo {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const [info, setInfo] = useState<MqttInfo>({ enabled: false, exchange: null });
  useEffect(() => {
    let live = true;
    void client.invoke('getMqtt', { vhost }).then((r) => { if (live) setInfo(r.ok ? r.value : { enabled: false, exchange: null }); });
    return () => { live = false; };
  }, [client, vhost]);
  return info;
}
