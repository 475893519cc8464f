/**
 * The objects and values a fresh builtin device starts with, so that an ACS sees a plausible
 * gateway: a LAN with a DHCP server and a WLAN, and a WAN IP connection over Ethernet. Values a
 * real gateway measures (UpTime, ExternalIPAddress, counters) stay at their defaults for the
 * value backend to fill.
 *
 * @module
 */

import type { DeviceIdStruct } from "../../protocol/rpc/inform.ts";

/** Objects (relative to the root, ending in a dot, parents first) and values to set. */
export interface Layout {
  objects: string[];
  values: Record<string, string>;
}

const LAN_DEVICE = "LANDevice.1.";
const WAN_CONNECTION = "WANDevice.1.WANConnectionDevice.1.";

/**
 * InternetGatewayDevice:1.0: LANDevice.1 (an IP interface, an Ethernet port, a WLAN) and
 * WANDevice.1 (Ethernet access, WANConnectionDevice.1 with WANIPConnection.1, the default
 * connection whose ExternalIPAddress the Inform carries).
 *
 * @see TR-069 Issue 1, Appendix B and Table 33
 */
export function igdLayout(identity: DeviceIdStruct): Layout {
  const lanHost = `${LAN_DEVICE}LANHostConfigManagement.`;
  const wlan = `${LAN_DEVICE}WLANConfiguration.1.`;
  const ip = `${WAN_CONNECTION}WANIPConnection.1.`;
  return {
    objects: [
      LAN_DEVICE,
      `${lanHost}IPInterface.1.`,
      `${LAN_DEVICE}LANEthernetInterfaceConfig.1.`,
      wlan,
      "WANDevice.1.",
      "WANDevice.1.WANEthernetInterfaceConfig.",
      WAN_CONNECTION,
      `${WAN_CONNECTION}WANEthernetLinkConfig.`,
      ip,
    ],
    values: {
      "DeviceInfo.SpecVersion": "1.0",
      [`${lanHost}DHCPServerConfigurable`]: "true",
      [`${lanHost}DHCPServerEnable`]: "true",
      [`${lanHost}MinAddress`]: "192.168.1.100",
      [`${lanHost}MaxAddress`]: "192.168.1.199",
      [`${lanHost}SubnetMask`]: "255.255.255.0",
      [`${lanHost}DNSServers`]: "192.168.1.1",
      [`${lanHost}IPRouters`]: "192.168.1.1",
      [`${lanHost}DHCPLeaseTime`]: "86400",
      [`${lanHost}IPInterface.1.Enable`]: "true",
      [`${lanHost}IPInterface.1.IPInterfaceIPAddress`]: "192.168.1.1",
      [`${lanHost}IPInterface.1.IPInterfaceSubnetMask`]: "255.255.255.0",
      [`${lanHost}IPInterface.1.IPInterfaceAddressingType`]: "Static",
      [`${LAN_DEVICE}LANEthernetInterfaceConfig.1.Enable`]: "true",
      [`${LAN_DEVICE}LANEthernetInterfaceConfig.1.Status`]: "Up",
      [`${LAN_DEVICE}LANEthernetInterfaceConfig.1.MACAddress`]: macAddress(identity, 1),
      [`${wlan}Enable`]: "true",
      [`${wlan}Status`]: "Up",
      [`${wlan}BSSID`]: macAddress(identity, 2),
      [`${wlan}SSID`]: `cwmp-${identity.serialNumber.slice(-4)}`,
      [`${wlan}Channel`]: "6",
      [`${wlan}BeaconType`]: "11i",
      [`${wlan}Standard`]: "g",
      "WANDevice.1.WANCommonInterfaceConfig.EnabledForInternet": "true",
      "WANDevice.1.WANCommonInterfaceConfig.WANAccessType": "Ethernet",
      "WANDevice.1.WANCommonInterfaceConfig.PhysicalLinkStatus": "Up",
      "WANDevice.1.WANEthernetInterfaceConfig.Enable": "true",
      "WANDevice.1.WANEthernetInterfaceConfig.Status": "Up",
      "WANDevice.1.WANEthernetInterfaceConfig.MACAddress": macAddress(identity, 0),
      [`${WAN_CONNECTION}WANEthernetLinkConfig.EthernetLinkStatus`]: "Up",
      [`${ip}Enable`]: "true",
      [`${ip}ConnectionStatus`]: "Connected",
      [`${ip}ConnectionType`]: "IP_Routed",
      [`${ip}Name`]: "wan",
      [`${ip}NATEnabled`]: "true",
      [`${ip}AddressingType`]: "DHCP",
      [`${ip}MACAddress`]: macAddress(identity, 0),
    },
  };
}

/**
 * Device:2.19: Ethernet.Interface.1 (WAN) and .2 (LAN), IP.Interface.1 (WAN, DHCP) and .2 (LAN,
 * 192.168.1.1/24), a Wi-Fi radio with one SSID and access point, DHCPv4.Client.1 on the WAN.
 */
export function device2Layout(identity: DeviceIdStruct): Layout {
  const wan = "IP.Interface.1.";
  const lan = "IP.Interface.2.";
  return {
    objects: [
      "Ethernet.Interface.1.",
      "Ethernet.Interface.2.",
      wan,
      `${wan}IPv4Address.1.`,
      lan,
      `${lan}IPv4Address.1.`,
      "WiFi.Radio.1.",
      "WiFi.SSID.1.",
      "WiFi.AccessPoint.1.",
      "DHCPv4.Client.1.",
    ],
    values: {
      "RootDataModelVersion": "2.19",
      "Ethernet.Interface.1.Enable": "true",
      "Ethernet.Interface.1.Status": "Up",
      "Ethernet.Interface.1.Name": "eth0",
      "Ethernet.Interface.1.Upstream": "true",
      "Ethernet.Interface.1.MACAddress": macAddress(identity, 0),
      "Ethernet.Interface.2.Enable": "true",
      "Ethernet.Interface.2.Status": "Up",
      "Ethernet.Interface.2.Name": "eth1",
      "Ethernet.Interface.2.MACAddress": macAddress(identity, 1),
      [`${wan}Enable`]: "true",
      [`${wan}IPv4Enable`]: "true",
      [`${wan}Status`]: "Up",
      [`${wan}Name`]: "wan",
      [`${wan}LowerLayers`]: "Device.Ethernet.Interface.1",
      [`${wan}IPv4Address.1.Enable`]: "true",
      [`${wan}IPv4Address.1.AddressingType`]: "DHCP",
      [`${lan}Enable`]: "true",
      [`${lan}IPv4Enable`]: "true",
      [`${lan}Status`]: "Up",
      [`${lan}Name`]: "lan",
      [`${lan}LowerLayers`]: "Device.Ethernet.Interface.2",
      [`${lan}IPv4Address.1.Enable`]: "true",
      [`${lan}IPv4Address.1.Status`]: "Enabled",
      [`${lan}IPv4Address.1.AddressingType`]: "Static",
      [`${lan}IPv4Address.1.IPAddress`]: "192.168.1.1",
      [`${lan}IPv4Address.1.SubnetMask`]: "255.255.255.0",
      "WiFi.Radio.1.Enable": "true",
      "WiFi.Radio.1.Status": "Up",
      "WiFi.Radio.1.Name": "wlan0",
      "WiFi.Radio.1.OperatingFrequencyBand": "2.4GHz",
      "WiFi.Radio.1.Channel": "6",
      "WiFi.SSID.1.Enable": "true",
      "WiFi.SSID.1.Status": "Up",
      "WiFi.SSID.1.Name": "wlan0",
      "WiFi.SSID.1.LowerLayers": "Device.WiFi.Radio.1",
      "WiFi.SSID.1.SSID": `cwmp-${identity.serialNumber.slice(-4)}`,
      "WiFi.SSID.1.BSSID": macAddress(identity, 2),
      "WiFi.SSID.1.MACAddress": macAddress(identity, 2),
      "WiFi.AccessPoint.1.Enable": "true",
      "WiFi.AccessPoint.1.Status": "Enabled",
      "WiFi.AccessPoint.1.SSIDReference": "Device.WiFi.SSID.1",
      "DHCPv4.Client.1.Enable": "true",
      "DHCPv4.Client.1.Interface": "Device.IP.Interface.1",
    },
  };
}

/**
 * A locally administered MAC address (02:...) derived from the device's identity, so that each
 * simulated device has its own, stable ones.
 */
export function macAddress(identity: DeviceIdStruct, port: number): string {
  let hash = 0x811c9dc5;
  for (const c of `${identity.oui}-${identity.serialNumber}`) {
    hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193) >>> 0;
  }
  const bytes = [
    0x02,
    port & 0xff,
    hash >>> 24,
    (hash >>> 16) & 0xff,
    (hash >>> 8) & 0xff,
    hash & 0xff,
  ];
  return bytes.map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}
