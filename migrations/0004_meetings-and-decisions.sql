CREATE TABLE `agenda_items` (
	`meeting_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`position` integer NOT NULL,
	`late` integer NOT NULL,
	`outcome` text NOT NULL,
	`history` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`meeting_id`, `case_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agenda_items_case_idx` ON `agenda_items` (`case_id`);--> statement-breakpoint
CREATE TABLE `decision_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`patient_id` integer NOT NULL,
	`meeting_id` integer NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`board_state` blob NOT NULL,
	`board_sha256` text NOT NULL,
	`quorum_met` integer NOT NULL,
	`correction_reason` text,
	`signed_by` integer NOT NULL,
	`signed_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decision_versions_case_version_unique` ON `decision_versions` (`case_id`,`version`);--> statement-breakpoint
CREATE INDEX `decision_versions_patient_idx` ON `decision_versions` (`patient_id`);--> statement-breakpoint
CREATE INDEX `decision_versions_meeting_idx` ON `decision_versions` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `fiche_dispatches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_version_id` integer NOT NULL,
	`sent_by` integer NOT NULL,
	`sent_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`decision_version_id`) REFERENCES `decision_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sent_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fiche_dispatches_version_idx` ON `fiche_dispatches` (`decision_version_id`);--> statement-breakpoint
CREATE TABLE `meeting_attendees` (
	`meeting_id` integer NOT NULL,
	`attendee_key` text NOT NULL,
	`user_id` integer,
	`name` text NOT NULL,
	`physician` integer NOT NULL,
	`specialty` text,
	`presence` text NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`meeting_id`, `attendee_key`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meeting_live` (
	`meeting_id` integer PRIMARY KEY NOT NULL,
	`state` blob NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rcp_id` integer NOT NULL,
	`date` text NOT NULL,
	`time` text NOT NULL,
	`place` text NOT NULL,
	`video_link` text,
	`status` text NOT NULL,
	`chair_user_id` integer,
	`opened_at` text,
	`closed_at` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`rcp_id`) REFERENCES `rcps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chair_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meetings_rcp_date_time_unique` ON `meetings` (`rcp_id`,`date`,`time`);--> statement-breakpoint
CREATE TABLE `plan_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_version_id` integer NOT NULL,
	`patient_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`lesion_id` text NOT NULL,
	`action` text NOT NULL,
	`responsible_specialty` text NOT NULL,
	`target_date` text,
	`state` text NOT NULL,
	`scheduled_date` text,
	`done_date` text,
	`cancel_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`decision_version_id`) REFERENCES `decision_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_items_patient_idx` ON `plan_items` (`patient_id`);--> statement-breakpoint
CREATE INDEX `plan_items_state_idx` ON `plan_items` (`state`,`target_date`);--> statement-breakpoint
CREATE TABLE `skeletal_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`lesion_id` text,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`planned` integer NOT NULL,
	`plan_item_id` integer,
	`note` text,
	`recorded_by` integer NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_item_id`) REFERENCES `plan_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `skeletal_events_patient_idx` ON `skeletal_events` (`patient_id`,`date`);--> statement-breakpoint
ALTER TABLE `cases` ADD `bta_in_question` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `imaging_date` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `summary` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `dental_check_date` text;--> statement-breakpoint
ALTER TABLE `rcps` ADD `calendar` text;--> statement-breakpoint
ALTER TABLE `rcps` ADD `required_specialties` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Signed versions are immutable (ARCHITECTURE.md §3, decision 093): a correction is a new version.
CREATE TRIGGER `decision_versions_no_update` BEFORE UPDATE ON `decision_versions` BEGIN SELECT RAISE(ABORT, 'decision_versions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `decision_versions_no_delete` BEFORE DELETE ON `decision_versions` BEGIN SELECT RAISE(ABORT, 'decision_versions is append-only'); END;
