CREATE TABLE `acs_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `connection_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`device_id` text NOT NULL,
	`url` text NOT NULL,
	`result` text NOT NULL,
	`status` integer,
	`detail` text NOT NULL,
	`started_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `connection_requests_device_started_idx` ON `connection_requests` (`device_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `device_credentials` (
	`device_id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`password` text NOT NULL,
	`connection_request_username` text,
	`connection_request_password` text,
	`source` text NOT NULL,
	`state` text NOT NULL,
	`bootstrap_task_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `device_credentials_username_idx` ON `device_credentials` (`username`);--> statement-breakpoint
CREATE INDEX `device_credentials_task_idx` ON `device_credentials` (`bootstrap_task_id`);--> statement-breakpoint
CREATE TABLE `file_chunks` (
	`file_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`data` blob NOT NULL,
	PRIMARY KEY(`file_id`, `seq`),
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`file_type` text NOT NULL,
	`oui` text,
	`product_class` text,
	`version` text,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`state` text NOT NULL,
	`device_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_name_idx` ON `files` (`name`);--> statement-breakpoint
CREATE INDEX `files_state_created_idx` ON `files` (`state`,`created_at`);--> statement-breakpoint
CREATE TABLE `upload_targets` (
	`token` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`file_type` text NOT NULL,
	`file_name` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`received_at` integer
);
--> statement-breakpoint
CREATE INDEX `upload_targets_expires_idx` ON `upload_targets` (`expires_at`);