ALTER TABLE `events` ADD `detail` text;--> statement-breakpoint
ALTER TABLE `faults` ADD `source` text DEFAULT 'cpe' NOT NULL;--> statement-breakpoint
ALTER TABLE `parameters` ADD `notification` integer;--> statement-breakpoint
ALTER TABLE `parameters` ADD `access_list` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `max_attempts` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `command_key` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `awaiting_transfer` integer DEFAULT false NOT NULL;