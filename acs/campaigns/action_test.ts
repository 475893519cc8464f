import assert from "node:assert/strict";
import type { CampaignRow } from "../db/schema/campaigns.ts";
import { storeFile } from "../files/store.ts";
import { type Admission, prepareAction } from "./action.ts";
import { type CampaignFixture, createCampaignFixture, deviceId, inform } from "./_testing.ts";

async function withFixture(fn: (f: CampaignFixture) => Promise<void>): Promise<void> {
  const f = await createCampaignFixture();
  try {
    await fn(f);
  } finally {
    await f.close();
  }
}

function campaign(action: CampaignRow["action"]): Pick<CampaignRow, "id" | "action"> {
  return { id: 4, action };
}

function requestOf(admission: Admission): Record<string, unknown> {
  assert.equal(admission.kind, "task", JSON.stringify(admission));
  return admission.kind === "task" ? { ...admission.request } : {};
}

Deno.test("setValues types each value: as given, else as cached, else string", async () => {
  await withFixture(async (f) => {
    await inform(f, 0, {
      parameters: [{
        name: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval",
        type: "unsignedInt",
        value: "300",
      }],
    });
    const admissionOf = await prepareAction(
      f.db,
      campaign({
        kind: "setValues",
        values: [
          { name: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval", value: "+0600" },
          {
            name: "InternetGatewayDevice.ManagementServer.PeriodicInformEnable",
            value: "1",
            type: "boolean",
          },
          { name: "InternetGatewayDevice.DeviceInfo.ProvisioningCode", value: "ABC" },
        ],
      }),
    );
    const request = requestOf(await admissionOf(deviceId(0)));
    assert.deepEqual(request, {
      method: "SetParameterValues",
      parameterKey: "campaign-4",
      parameterList: [
        {
          name: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval",
          type: "unsignedInt",
          value: "600",
        },
        {
          name: "InternetGatewayDevice.ManagementServer.PeriodicInformEnable",
          type: "boolean",
          value: "true",
        },
        { name: "InternetGatewayDevice.DeviceInfo.ProvisioningCode", type: "string", value: "ABC" },
      ],
    });
  });
});

Deno.test("setValues faults a device whose cached type the value does not fit", async () => {
  await withFixture(async (f) => {
    await inform(f, 0, {
      parameters: [{
        name: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval",
        type: "unsignedInt",
        value: "300",
      }],
    });
    const admissionOf = await prepareAction(
      f.db,
      campaign({
        kind: "setValues",
        values: [{
          name: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval",
          value: "-5",
        }],
      }),
    );
    assert.deepEqual(await admissionOf(deviceId(0)), {
      kind: "fault",
      reason: "value '-5' of InternetGatewayDevice.ManagementServer.PeriodicInformInterval is " +
        "not a valid unsignedInt (the type the device reported)",
    });
  });
});

Deno.test("reboot and factoryReset send their requests", async () => {
  await withFixture(async (f) => {
    const reboot = await prepareAction(f.db, campaign({ kind: "reboot" }));
    assert.deepEqual(requestOf(await reboot("d")), { method: "Reboot", commandKey: "campaign-4" });
    const reset = await prepareAction(f.db, campaign({ kind: "factoryReset" }));
    assert.deepEqual(requestOf(await reset("d")), { method: "FactoryReset" });
  });
});

Deno.test("firmware without a public URL uses the device's ManagementServer.URL, else faults", async () => {
  await withFixture(async (f) => {
    await storeFile(
      f.db,
      { name: "fw.bin", fileType: "1 Firmware Upgrade Image", version: "2.0" },
      new Uint8Array(3),
    );
    await inform(f, 0, {
      parameters: [{
        name: "InternetGatewayDevice.ManagementServer.URL",
        type: "string",
        value: "https://acs.example:7548/cwmp",
      }],
    });
    await inform(f, 1);
    const admissionOf = await prepareAction(f.db, campaign({ kind: "firmware", file: "fw.bin" }));
    assert.equal(
      requestOf(await admissionOf(deviceId(0)))["url"],
      "https://acs.example:7548/files/fw.bin",
    );
    const none = await admissionOf(deviceId(1));
    assert.equal(none.kind, "fault");
    assert.match(none.kind === "fault" ? none.reason : "", /^no URL for the firmware file/);
  });
});
