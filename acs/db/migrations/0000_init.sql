CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`manufacturer` text NOT NULL,
	`oui` text NOT NULL,
	`product_class` text NOT NULL,
	`serial_number` text NOT NULL,
	`cwmp_version` text NOT NULL,
	`first_inform` integer NOT NULL,
	`last_inform` integer NOT NULL,
	`last_boot` integer,
	`tags` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `devices_last_inform_idx` ON `devices` (`last_inform`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`device_id` text NOT NULL,
	`code` text NOT NULL,
	`command_key` text NOT NULL,
	`time` integer NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `events_device_time_idx` ON `events` (`device_id`,`time`);--> statement-breakpoint
CREATE TABLE `faults` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`device_id` text NOT NULL,
	`task_id` integer,
	`code` integer NOT NULL,
	`string` text NOT NULL,
	`detail` text,
	`time` integer NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `faults_device_time_idx` ON `faults` (`device_id`,`time`);--> statement-breakpoint
CREATE INDEX `faults_task_idx` ON `faults` (`task_id`);--> statement-breakpoint
CREATE TABLE `parameters` (
	`device_id` text NOT NULL,
	`path` text NOT NULL,
	`value` text,
	`type` text,
	`writable` integer,
	`fetched_at` integer NOT NULL,
	PRIMARY KEY(`device_id`, `path`),
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`cwmp_version` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`end` text,
	`exchanges` integer DEFAULT 1 NOT NULL,
	`remote_address` text,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_device_started_idx` ON `sessions` (`device_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`device_id` text NOT NULL,
	`method` text NOT NULL,
	`args` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`result` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`not_before` integer,
	`expires` integer,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tasks_device_state_idx` ON `tasks` (`device_id`,`state`,`id`);