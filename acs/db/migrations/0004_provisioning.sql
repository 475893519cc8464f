CREATE TABLE `campaign_devices` (
	`campaign_id` integer NOT NULL,
	`device_id` text NOT NULL,
	`batch` integer NOT NULL,
	`state` text NOT NULL,
	`task_id` integer,
	`reason` text,
	`started_at` integer,
	`finished_at` integer,
	PRIMARY KEY(`campaign_id`, `device_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `campaign_devices_state_idx` ON `campaign_devices` (`campaign_id`,`state`,`batch`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`batch_size` integer,
	`batch_percent` real,
	`concurrency` integer NOT NULL,
	`window` text,
	`failure_threshold` integer,
	`device_timeout_seconds` integer NOT NULL,
	`state` text NOT NULL,
	`reason` text,
	`faulted_at_resume` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `campaigns_state_idx` ON `campaigns` (`state`);--> statement-breakpoint
CREATE TABLE `presets` (
	`id` text PRIMARY KEY NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`weight` integer DEFAULT 0 NOT NULL,
	`precondition` text NOT NULL,
	`events` text NOT NULL,
	`schedule` text,
	`desired` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `presets_enabled_idx` ON `presets` (`enabled`,`weight`);--> statement-breakpoint
ALTER TABLE `faults` ADD `preset_id` text;--> statement-breakpoint
ALTER TABLE `parameters` ADD `listed_at` integer;