-- One lesion map per patient (issue 10 item 2, decision 072). The per-case boards' rows are kept:
-- every update and snapshot gets its case's patient_id; board_updates.case_id stays (now "the case
-- whose board page sent the update", null for server-written updates); a per-case snapshot keeps
-- its case in legacy_case_id (its state holds that case's board only, so it is history, never a
-- load base). The Yjs documents themselves cannot be merged in SQL: each patient with a stored
-- board gets a pending board_merges row, and the data step run at start right after the
-- migrations (server/collab/merge-boards.ts) merges them. board_lesions is a derived read model:
-- that step recomputes it per patient. Nothing else is deleted. SQLite can neither add a NOT NULL
-- column without a default nor relax one, so the three tables are rebuilt (drizzle-kit's recipe).
CREATE TABLE `board_merges` (
	`patient_id` integer PRIMARY KEY NOT NULL,
	`merged_at` text,
	`report` text,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_board_lesions` (
	`patient_id` integer NOT NULL,
	`lesion_id` text NOT NULL,
	`site_id` text NOT NULL,
	`side` text,
	`lesion_type` text,
	`fracture_risk` text NOT NULL,
	`neuro_risk` text NOT NULL,
	`pain_level` text NOT NULL,
	`worst_risk` text NOT NULL,
	`scores` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`patient_id`, `lesion_id`),
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Rows are not copied: two cases of one patient may hold the same lesion id; the data step
-- recomputes the projection from the merged maps.
DROP TABLE `board_lesions`;--> statement-breakpoint
ALTER TABLE `__new_board_lesions` RENAME TO `board_lesions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_board_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`legacy_case_id` integer,
	`state` blob NOT NULL,
	`last_update_id` integer NOT NULL,
	`editors` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`legacy_case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_board_snapshots`("id", "patient_id", "legacy_case_id", "state", "last_update_id", "editors", "created_at") SELECT s."id", c."patient_id", s."case_id", s."state", s."last_update_id", s."editors", s."created_at" FROM `board_snapshots` s JOIN `cases` c ON c."id" = s."case_id";--> statement-breakpoint
DROP TABLE `board_snapshots`;--> statement-breakpoint
ALTER TABLE `__new_board_snapshots` RENAME TO `board_snapshots`;--> statement-breakpoint
CREATE INDEX `board_snapshots_patient_idx` ON `board_snapshots` (`patient_id`,`id`);--> statement-breakpoint
CREATE TABLE `__new_board_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`case_id` integer,
	`update` blob NOT NULL,
	`user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_board_updates`("id", "patient_id", "case_id", "update", "user_id", "created_at") SELECT u."id", c."patient_id", u."case_id", u."update", u."user_id", u."created_at" FROM `board_updates` u JOIN `cases` c ON c."id" = u."case_id";--> statement-breakpoint
DROP TABLE `board_updates`;--> statement-breakpoint
ALTER TABLE `__new_board_updates` RENAME TO `board_updates`;--> statement-breakpoint
CREATE INDEX `board_updates_patient_idx` ON `board_updates` (`patient_id`,`id`);--> statement-breakpoint
INSERT INTO `board_merges` ("patient_id") SELECT "patient_id" FROM `board_updates` UNION SELECT "patient_id" FROM `board_snapshots`;
