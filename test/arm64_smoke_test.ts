/**
 * The CPE agent on emulated ARM64 (issue 3): runs `tools/arm64_smoke.sh`, which starts Deno's
 * linux-arm64-glibc build under qemu-user-static, runs the pure CPE unit tests with it, and
 * runs `cwmp cpe run` against `cwmp acs serve` on loopback until the ACS has recorded the
 * device's completed session. It needs qemu, apt-get and the npm registry and takes minutes,
 * so it runs only with CWMP_ARM64=1 and never in CI.
 */

import assert from "node:assert/strict";

const SCRIPT = new URL("../tools/arm64_smoke.sh", import.meta.url).pathname;

Deno.test({
  name: "tools/arm64_smoke.sh runs the unit tests and a boot session on emulated ARM64",
  ignore: Deno.env.get("CWMP_ARM64") !== "1",
  async fn(): Promise<void> {
    const { code, stdout, stderr } = await new Deno.Command("bash", {
      args: [SCRIPT, "--runs", "1"],
      stdin: "null",
    }).output();
    const out = new TextDecoder().decode(stdout);
    const err = new TextDecoder().decode(stderr);
    assert.equal(code, 0, `${out}\n${err}`);
    assert.match(err, /deno 2\.\d+\.\d+ \(stable, release, aarch64-unknown-linux-gnu\)/);
    assert.match(err, /arm64_smoke: ok \| \d+ passed \| 0 failed/);
    assert.match(out, /^arm64 ARM64RUN1: first Inform \d+ ms/m);
  },
});
