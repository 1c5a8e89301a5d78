CREATE TABLE `bta_planned` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`decision_version_id` integer NOT NULL,
	`kind` text NOT NULL,
	`agent` text,
	`state` text NOT NULL,
	`bta_event_id` integer,
	`cancel_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_version_id`) REFERENCES `decision_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bta_event_id`) REFERENCES `bta_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bta_planned_patient_idx` ON `bta_planned` (`patient_id`,`state`);