import assert from "node:assert/strict";
import { createTestDb } from "../db/_testing.ts";
import {
  CredentialsError,
  deleteDeviceCredentials,
  findCredentialsByUsername,
  getDeviceCredentials,
  setDeviceCredentials,
} from "./credentials.ts";

Deno.test("setDeviceCredentials() stores sealed passwords and replaces a device's credentials", async () => {
  const db = await createTestDb();
  try {
    await setDeviceCredentials(db, "d1", {
      username: "u1",
      password: "p1",
      connectionRequestUsername: "cr1",
      connectionRequestPassword: "crp1",
    });
    const row = await findCredentialsByUsername(db, "u1");
    assert.equal(row?.deviceId, "d1");
    assert.ok(!row?.password.includes("p1") && row?.password.startsWith("v1."));
    assert.equal((await getDeviceCredentials(db, "d1"))?.connectionRequestPassword, "crp1");
    await setDeviceCredentials(db, "d1", { username: "u1b", password: "p2" });
    const replaced = await getDeviceCredentials(db, "d1");
    assert.deepEqual(
      [replaced?.username, replaced?.password, replaced?.connectionRequestUsername],
      ["u1b", "p2", null],
    );
    assert.equal(await findCredentialsByUsername(db, "u1"), undefined);
    assert.equal(await deleteDeviceCredentials(db, "d1"), true);
    assert.equal(await getDeviceCredentials(db, "d1"), undefined);
  } finally {
    db.$client.close();
  }
});

Deno.test("setDeviceCredentials() refuses bad values and another device's username", async () => {
  const db = await createTestDb();
  try {
    await setDeviceCredentials(db, "d1", { username: "u1", password: "p1" });
    const bad = [
      { username: "", password: "p" },
      { username: "u", password: "" },
      { username: "a:b", password: "p" },
      { username: "u", password: "x".repeat(257) },
      { username: "u\n", password: "p" },
      { username: "u", password: "p", connectionRequestUsername: "cr" },
      { username: "u1", password: "p" },
    ];
    for (const input of bad) {
      await assert.rejects(
        setDeviceCredentials(db, "d2", input),
        CredentialsError,
        JSON.stringify(input),
      );
    }
    assert.equal(await getDeviceCredentials(db, "d2"), undefined);
  } finally {
    db.$client.close();
  }
});
