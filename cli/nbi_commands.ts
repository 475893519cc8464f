/**
 * Registers every command that works through the ACS's northbound API (design.md section 6):
 * the per-device RPCs and the devices, tasks, faults, files, presets and campaigns groups.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { registerCampaignsControl } from "./commands/campaigns_control.ts";
import { registerCampaignsCreate } from "./commands/campaigns_create.ts";
import { registerCampaignsDevices } from "./commands/campaigns_devices.ts";
import { registerCampaignsList } from "./commands/campaigns_list.ts";
import { registerCampaignsShow } from "./commands/campaigns_show.ts";
import { registerCampaignsWatch } from "./commands/campaigns_watch.ts";
import { registerDevicesDelete } from "./commands/devices_delete.ts";
import { registerDevicesList } from "./commands/devices_list.ts";
import { registerDevicesShow } from "./commands/devices_show.ts";
import { registerDevicesTag } from "./commands/devices_tag.ts";
import { registerFactoryReset } from "./commands/device_factory_reset.ts";
import { registerReboot } from "./commands/device_reboot.ts";
import { registerRpcMethods } from "./commands/device_rpc_methods.ts";
import { registerScheduleInform } from "./commands/device_schedule_inform.ts";
import { registerFaultsClear } from "./commands/faults_clear.ts";
import { registerFaultsList } from "./commands/faults_list.ts";
import { registerFaultsShow } from "./commands/faults_show.ts";
import { registerFilesDelete } from "./commands/files_delete.ts";
import { registerFilesDownload } from "./commands/files_download.ts";
import { registerFilesList } from "./commands/files_list.ts";
import { registerFilesUpload } from "./commands/files_upload.ts";
import { registerAdd } from "./commands/object_add.ts";
import { registerDelete } from "./commands/object_delete.ts";
import { registerAttrs } from "./commands/param_attrs.ts";
import { registerGet } from "./commands/param_get.ts";
import { registerNames } from "./commands/param_names.ts";
import { registerSet } from "./commands/param_set.ts";
import { registerSetAttrs } from "./commands/param_set_attrs.ts";
import { registerPresetsDelete } from "./commands/presets_delete.ts";
import { registerPresetsEnable } from "./commands/presets_enable.ts";
import { registerPresetsList } from "./commands/presets_list.ts";
import { registerPresetsPut } from "./commands/presets_put.ts";
import { registerPresetsShow } from "./commands/presets_show.ts";
import { registerTasksCancel } from "./commands/tasks_cancel.ts";
import { registerTasksList } from "./commands/tasks_list.ts";
import { registerTasksShow } from "./commands/tasks_show.ts";
import { registerDownload } from "./commands/transfer_download.ts";
import { registerUpload } from "./commands/transfer_upload.ts";
import type { NbiContext } from "./nbi_command.ts";

/**
 * Registers the API commands on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerNbiCommands(program: Command, context: NbiContext): void {
  for (
    const register of [
      registerGet,
      registerSet,
      registerNames,
      registerAttrs,
      registerSetAttrs,
      registerAdd,
      registerDelete,
      registerReboot,
      registerFactoryReset,
      registerRpcMethods,
      registerScheduleInform,
      registerDownload,
      registerUpload,
      registerDevicesList,
      registerDevicesShow,
      registerDevicesDelete,
      registerDevicesTag,
      registerTasksList,
      registerTasksShow,
      registerTasksCancel,
      registerFaultsList,
      registerFaultsShow,
      registerFaultsClear,
      registerFilesList,
      registerFilesUpload,
      registerFilesDownload,
      registerFilesDelete,
      registerPresetsList,
      registerPresetsShow,
      registerPresetsPut,
      registerPresetsDelete,
      registerPresetsEnable,
      registerCampaignsList,
      registerCampaignsShow,
      registerCampaignsCreate,
      registerCampaignsControl,
      registerCampaignsDevices,
      registerCampaignsWatch,
    ]
  ) register(program, context);
}
